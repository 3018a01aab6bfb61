/**
 * Gradient transforms and chains against numbers derived by hand (the arithmetic in each comment):
 * global-norm clipping for p = 2, 1 and ∞, value clipping, L2 decay, their order in a chain, a chain's
 * step with and without a closure, a schedule setting a chain's lr, the state dict, and the spec forms
 * with their errors. (fit with transforms against PyTorch: test/train/pytorch-clipping.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { adam } from '../../src/optim/adam.js';
import { chain, optimizerKey, type ChainSpec } from '../../src/optim/chain.js';
import type { OptimizerStateDict, Param } from '../../src/optim/optimizer.js';
import { createOptimizer } from '../../src/optim/registry.js';
import { sgd } from '../../src/optim/sgd.js';
import { addDecayedWeights, clipByGlobalNorm, clipByValue, createTransform } from '../../src/optim/transforms.js';
import { createSchedule } from '../../src/schedules/registry.js';

/** Parameters with the given values and gradients, float64 so that the expected numbers are exact doubles. */
function params(data: number[][], grads: number[][]): Param[] {
  return data.map((d, i) => ({ data: Float64Array.from(d), grad: Float64Array.from(grads[i]) }));
}

const grads = (ps: Param[]) => ps.map((p) => Array.from(p.grad));
const values = (ps: Param[]) => ps.map((p) => Array.from(p.data));

test('clipByGlobalNorm(1): ‖(3, 4)‖₂ = 5 over both parameters, so g ← g · 1/(5 + 1e-6)', () => {
  const ps = params([[0], [0]], [[3], [4]]);
  clipByGlobalNorm(1).apply(ps);
  // 1/5.000001 = 0.19999996000000800…: 3 · that = 0.5999998800000240, 4 · that = 0.7999998400000320.
  assert.deepEqual(grads(ps), [[3 * (1 / 5.000001)], [4 * (1 / 5.000001)]]);
  assert.ok(Math.abs(grads(ps)[0][0] - 0.599999880000024) < 1e-15);
});

test('clipByGlobalNorm with p = 1 and p = ∞ over (1, −6 | 2)', () => {
  // p = 1: N = 1 + 6 + 2 = 9; maxNorm 4.5 → c = 4.5/9.000001 = 0.49999994444445…
  const one = params([[0, 0], [0]], [[1, -6], [2]]);
  clipByGlobalNorm(4.5, 1).apply(one);
  const c1 = 4.5 / 9.000001;
  assert.deepEqual(grads(one), [[c1, -6 * c1], [2 * c1]]);
  assert.ok(Math.abs(c1 - 0.4999999444444506) < 1e-15);
  // p = ∞: N = max |gᵢ| = 6; maxNorm 3 → c = 3/6.000001 = 0.49999991666668…, so −6 → −2.9999995
  const inf = params([[0, 0], [0]], [[1, -6], [2]]);
  clipByGlobalNorm(3, Infinity).apply(inf);
  const cInf = 3 / 6.000001;
  assert.deepEqual(grads(inf), [[cInf, -6 * cInf], [2 * cInf]]);
  assert.ok(Math.abs(-6 * cInf - -2.99999950000008) < 1e-14);
});

test('clipByGlobalNorm leaves gradients whose norm is at most maxNorm exactly as they were', () => {
  // ‖(0.3, 0.4)‖₂ = 0.5 ≤ 1: c = 1/0.500001 ≈ 2 is clamped to 1.
  const ps = params([[0, 0]], [[0.3, 0.4]]);
  clipByGlobalNorm(1).apply(ps);
  assert.deepEqual(grads(ps), [[0.3, 0.4]]);
});

test('clipByValue(0.5) clamps each entry into [−0.5, 0.5]; addDecayedWeights(0.1) adds 0.1·θ', () => {
  const clipped = params([[0, 0], [0]], [[0.2, -0.7], [3]]);
  clipByValue(0.5).apply(clipped);
  assert.deepEqual(grads(clipped), [[0.2, -0.5], [0.5]]);
  // g + 0.1θ: 1 + 0.1·2 = 1.2, 1 + 0.1·(−4) = 0.6
  const decayed = params([[2, -4]], [[1, 1]]);
  addDecayedWeights(0.1).apply(decayed);
  assert.deepEqual(grads(decayed), [[1 + 0.1 * 2, 1 + 0.1 * -4]]);
});

test('a chain applies its transforms in order, then the optimizer step (SGD, lr 1)', () => {
  // θ = 10, g = 0.5. Decay then clip: 0.5 + 0.1·10 = 1.5 → 1, θ ← 10 − 1 = 9.
  // Clip then decay: 0.5 stays, + 1 = 1.5, θ ← 10 − 1.5 = 8.5.
  const first = params([[10]], [[0.5]]);
  chain([addDecayedWeights(0.1), clipByValue(1)], sgd(first, { lr: 1 })).step();
  assert.deepEqual(values(first), [[9]]);
  const second = params([[10]], [[0.5]]);
  chain([clipByValue(1), addDecayedWeights(0.1)], sgd(second, { lr: 1 })).step();
  assert.deepEqual(values(second), [[8.5]]);
});

test('with a closure the transforms act on the gradients it leaves, and step returns its loss', () => {
  // The closure writes g = (3, 4); clipping to 1 gives (3, 4)/5.000001; SGD lr 0.1 from θ = 0: θ = −0.1·g.
  const ps = params([[0, 0]], [[0, 0]]);
  const optimizer = chain([clipByGlobalNorm(1)], sgd(ps, { lr: 0.1 }));
  const loss = optimizer.step(() => {
    ps[0].grad.set([3, 4]);
    return 7;
  });
  assert.equal(loss, 7);
  const c = 1 / 5.000001;
  assert.deepEqual(values(ps), [[-0.1 * (3 * c), -0.1 * (4 * c)]]);
});

test("a schedule sets the chain's lr, which is the optimizer's", () => {
  const ps = params([[1]], [[0]]);
  const inner = sgd(ps, { lr: 0.4 });
  const optimizer = chain([clipByValue(1)], inner);
  const schedule = createSchedule(optimizer, { name: 'step', stepSize: 1, gamma: 0.5 });
  schedule.step();
  assert.equal(inner.groups[0].options.lr, 0.2);
  // g = 5 clipped to 1; θ ← 1 − 0.2·1 = 0.8
  ps[0].grad[0] = 5;
  optimizer.step();
  assert.deepEqual(values(ps), [[0.8]]);
});

test("a chain's state dict is its optimizer's, and loading it continues the run bit for bit", () => {
  const run = (steps: number, from?: OptimizerStateDict, start = [1, -2]) => {
    const ps = params([start], [[0, 0]]);
    const optimizer = chain([clipByGlobalNorm(0.5)], adam(ps, { lr: 0.1 }));
    if (from !== undefined) optimizer.loadStateDict(from);
    for (let i = 0; i < steps; i++) {
      ps[0].grad.set([ps[0].data[0] * 3, ps[0].data[1]]);
      optimizer.step();
    }
    return { ps, optimizer };
  };
  const whole = run(4);
  const half = run(2);
  const inner = adam(params([[0, 0]], [[0, 0]]), { lr: 0.1 });
  assert.deepEqual(Object.keys(half.optimizer.stateDict()), Object.keys(inner.stateDict()));
  const saved = JSON.parse(JSON.stringify(half.optimizer.stateDict()));
  const resumed = run(2, saved, values(half.ps)[0]);
  assert.deepEqual(values(resumed.ps), values(whole.ps));
  assert.deepEqual(resumed.optimizer.stateDict(), whole.optimizer.stateDict());
});

test('a chain spec builds the same optimizer as the library; short, long and aliased transform specs are one', () => {
  const spec: ChainSpec = {
    chain: [{ clip_grad_norm: { max_norm: 1, norm_type: 'inf' } }, { clipGradValue: 0.5 }, { name: 'SGD', lr: 0.1 }],
  };
  const fromSpec = params([[0, 0]], [[3, -4]]);
  createOptimizer(fromSpec, spec).step();
  const fromLibrary = params([[0, 0]], [[3, -4]]);
  chain([clipByGlobalNorm(1, Infinity), clipByValue(0.5)], sgd(fromLibrary, { lr: 0.1 })).step();
  // ∞-norm 4 → c = 1/4.000001; (0.75, −1)·(1 − 2.5e-7) → clamped to (0.5, −0.5); θ = −0.1·g
  assert.deepEqual(values(fromSpec), [[-0.05, 0.05]]);
  assert.deepEqual(values(fromSpec), values(fromLibrary));
  assert.equal(
    optimizerKey({ chain: [{ clipGradNorm: 1 }, { name: 'adam' }] }),
    optimizerKey({ chain: [{ clipGradNorm: { maxNorm: 1, normType: 2 } }, { name: 'Adam' }] }),
  );
  assert.equal(
    optimizerKey({ chain: [{ clip_by_global_norm: 1 }, { name: 'adam' }] }),
    '{"clipGradNorm":{"maxNorm":1,"normType":2}} → adam',
    "Optax's name is an alias",
  );
  assert.equal(optimizerKey({ name: 'Adam' }), 'adam');
});

test('bad transform specs are one-line InputErrors naming the transform, the option and its range', () => {
  const cases: [object, RegExp][] = [
    [
      { clipGradNorms: 1 },
      /^unknown gradient transform 'clipGradNorms'; valid: clipGradNorm, clipGradValue, addDecayedWeights \(or: clipByGlobalNorm, clipByValue\)$/,
    ],
    [
      { clipGradNorm: { maxNorm: 1, norm: 2 } },
      /^clipGradNorm: unknown option 'norm'; valid options: maxNorm, normType$/,
    ],
    [{ clipGradNorm: -1 }, /^clipGradNorm: maxNorm must be >= 0 \(got -1\)$/],
    [{ clipGradNorm: { maxNorm: 1, normType: 0 } }, /^clipGradNorm: normType must be > 0 \(got 0\)$/],
    [{ clipGradNorm: { normType: 2 } }, /^clipGradNorm: maxNorm is required$/],
    [{ clipGradValue: '0.5' }, /^clipGradValue: clipValue must be a number \(got "0.5"\)$/],
    [{ addDecayedWeights: -0.1 }, /^addDecayedWeights: weightDecay must be >= 0 \(got -0.1\)$/],
  ];
  for (const [spec, message] of cases) {
    assert.throws(
      () => createTransform(spec as never),
      (e: unknown) => e instanceof InputError && message.test(e.message),
      JSON.stringify(spec),
    );
  }
  const ps = params([[0]], [[0]]);
  assert.throws(
    () => createOptimizer(ps, { chain: [{ name: 'sgd' }, { clipGradNorm: 1 }] }),
    /^InputError: optimizer chain must be/,
  );
  assert.throws(
    () => createOptimizer(ps, { chain: [{ clipGradNorm: 1, clipGradValue: 1 }, { name: 'sgd' }] }),
    /is not a transform such as/,
  );
});
