/**
 * SGD beyond the PyTorch trajectories of test/trace: the textbook momentum form by hand, param groups,
 * Float32 buffers, a bit-identical resume through JSON, and invariants for any input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { sgd } from '../../src/optim/sgd.js';
import type { Param } from '../../src/optim/optimizer.js';

function param(
  values: number[],
  grads: number[],
  type: typeof Float64Array | typeof Float32Array = Float64Array,
): Param {
  return { data: type.from(values), grad: type.from(grads) };
}

test('emaMomentum is the textbook m ← βm + (1 − β)g from m = 0 (UDL eq. 6.11)', () => {
  const p = param([1], [2]);
  const opt = sgd([p], { lr: 0.1, momentum: 0.5, emaMomentum: true });
  // step 1: m = 0.5·0 + 0.5·2 = 1,     θ = 1 − 0.1·1 = 0.9
  opt.step();
  assert.equal(p.data[0], 0.9);
  // step 2 (g = 2 again): m = 0.5·1 + 0.5·2 = 1.5,  θ = 0.9 − 0.1·1.5 = 0.75
  opt.step();
  assert.ok(Math.abs(p.data[0] - 0.75) < 1e-15);
  // PyTorch's form instead starts the buffer at g: b = 2, θ = 1 − 0.2 = 0.8; then b = 0.5·2 + 2 = 3, θ = 0.5.
  const q = param([1], [2]);
  const torchForm = sgd([q], { lr: 0.1, momentum: 0.5 });
  torchForm.step();
  assert.equal(q.data[0], 0.8);
  torchForm.step();
  assert.ok(Math.abs(q.data[0] - 0.5) < 1e-15);
});

test('param groups take their own options over the defaults', () => {
  const a = param([1, 1], [1, -1]);
  const b = param([1], [1]);
  const opt = sgd([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
  opt.step();
  assert.deepEqual(Array.from(a.data), [0.9, 1.1]);
  assert.deepEqual(Array.from(b.data), [0.5]);
  assert.equal(opt.groups[1].options.lr, 0.5);
  assert.equal(opt.groups[1].options.momentum, 0);
});

test('Float32 parameters keep Float32 momentum buffers and follow the Float64 run to float32 precision', () => {
  const p32 = param([0.3, -0.7], [0, 0], Float32Array);
  const p64 = param([0.3, -0.7], [0, 0]);
  const o32 = sgd([p32], { lr: 0.05, momentum: 0.9, nesterov: true });
  const o64 = sgd([p64], { lr: 0.05, momentum: 0.9, nesterov: true });
  for (let i = 0; i < 20; i++) {
    for (const p of [p32, p64]) p.grad.set([2 * p.data[0], 20 * p.data[1]]);
    o32.step();
    o64.step();
  }
  const buffer = (o32.stateDict().state[0] as { momentumBuffer: { $typed: string } }).momentumBuffer;
  assert.equal(buffer.$typed, 'float32');
  for (let i = 0; i < 2; i++)
    assert.ok(Math.abs(p32.data[i] - p64.data[i]) < 1e-5 * Math.max(1, Math.abs(p64.data[i])));
});

test('a run stopped, saved as JSON and resumed is bit-identical to one that never stopped', () => {
  const gradientAt = (p: Param) => p.grad.set([Math.sin(3 * p.data[0]) + p.data[1], p.data[0] * p.data[1] - 1]);
  const run = (stopAt: number | null) => {
    let p = param([0.4, -1.2], [0, 0]);
    let opt = sgd([p], { lr: 0.03, momentum: 0.8, dampening: 0.1, weightDecay: 0.01 });
    for (let i = 0; i < 40; i++) {
      if (i === stopAt) {
        const saved = JSON.stringify({ data: Array.from(p.data), state: opt.stateDict() });
        const { data, state } = JSON.parse(saved);
        p = param(data, [0, 0]);
        opt = sgd([p], { lr: 999 });
        opt.loadStateDict(state);
      }
      gradientAt(p);
      opt.step();
    }
    return Array.from(p.data);
  };
  assert.deepEqual(run(17), run(null));
});

test('property: a zero gradient leaves SGD without momentum and weight decay in place', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 8 }),
      fc.double({ min: 0, max: 10, noNaN: true }),
      (values, lr) => {
        const p = param(
          values,
          values.map(() => 0),
        );
        sgd([p], { lr }).step();
        assert.deepEqual(Array.from(p.data), Array.from(Float64Array.from(values)));
      },
    ),
    { seed: 3 },
  );
});

test('property: plain SGD moves each coordinate by exactly −lr·g (up to rounding)', () => {
  fc.assert(
    fc.property(
      fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      fc.double({ min: -1e3, max: 1e3, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (x, g, lr) => {
        const p = param([x], [g]);
        sgd([p], { lr }).step();
        assert.ok(Math.abs(p.data[0] - (x - lr * g)) <= 1e-12 * Math.max(1, Math.abs(x)));
      },
    ),
    { seed: 4 },
  );
});

test('SGD validates its options like PyTorch', () => {
  const p = () => [param([1], [1])];
  // @ts-expect-error lr is required in the type, as at run time (where plain JavaScript gets this message)
  assert.throws(() => sgd(p(), {}), /sgd: lr is required \(the learning rate η\): a number >= 0/);
  assert.throws(() => sgd(p(), { lr: -1 }), /sgd: lr must be >= 0 \(got -1\)/);
  assert.throws(() => sgd(p(), { lr: 0.1, momentum: -0.5 }), /sgd: momentum must be >= 0 \(got -0.5\)/);
  assert.throws(() => sgd(p(), { lr: 0.1, weightDecay: -1 }), /sgd: weightDecay must be >= 0/);
  assert.throws(
    () => sgd(p(), { lr: 0.1, momentum: 1, emaMomentum: true }),
    /sgd: momentum must be in \[0, 1\) with emaMomentum/,
  );
  assert.throws(() => sgd(p(), { lr: 0.1, betas: [0.9, 0.99] } as { lr: number }), /sgd: unknown option 'betas'/);
  assert.throws(() => sgd([{ params: p(), lr: -2 }], { lr: 0.1 }), /sgd: lr must be >= 0 \(got -2\)/);
  const shared = p();
  assert.throws(
    () => sgd([{ params: shared }, { params: shared }], { lr: 0.1 }),
    /a parameter appears in more than one group/,
  );
  assert.throws(
    () => sgd([{ data: new Float64Array(2), grad: new Float64Array(3) }], { lr: 0.1 }),
    /2 values but its gradient has 3/,
  );
});
