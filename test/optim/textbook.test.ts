import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import type { Param } from '../../src/optim/optimizer.js';
import { sgd } from '../../src/optim/sgd.js';
import { nesterov, normalizedGd } from '../../src/optim/textbook.js';
import { assertClose } from '../helpers/close.js';
import { torchFixtures } from '../helpers/torchFixtures.js';

/** PyTorch runs on `banana` from test/fixtures/textbook/generate.py: 1.13's and 2.x's are the same bits. */
interface Fixture {
  start: number[];
  sgdNesterov: { lr: number; momentum: number; points: number[][] };
  adamBetasZero: { lr: number; eps: number; points: number[][]; grads: number[][] };
}
const [torch113, torch2] = torchFixtures<Fixture>('textbook/textbook.json');
const torchRuns: Fixture = torch113.data;

test('PyTorch 1.13 and 2.x take the same steps bit for bit (SGD with Nesterov, Adam with betas (0, 0))', () => {
  assert.deepEqual(torch2.data, torch113.data);
});

function param(...values: number[]): Param {
  return { data: Float64Array.from(values), grad: new Float64Array(values.length) };
}

/** L(φ) = φ², ∇L = 2φ, on one parameter; records the points where it was evaluated. */
function square(p: Param, seen: number[]): () => number {
  return () => {
    seen.push(p.data[0]);
    p.grad[0] = 2 * p.data[0];
    return p.data[0] * p.data[0];
  };
}

/** A non-quadratic 2-D function, L = (1 − x)² + 5(y − x²)², whose gradient is written out by hand. */
function banana(p: Param): () => number {
  return () => {
    const [x, y] = p.data;
    const r = y - x * x;
    p.grad[0] = -2 * (1 - x) - 20 * x * r;
    p.grad[1] = 10 * r;
    return (1 - x) ** 2 + 5 * r * r;
  };
}

test('nesterov (UDL eq. 6.12) matches two steps worked by hand and evaluates at the look-ahead point', () => {
  // L = φ², φ₀ = 1, α = 0.1, β = 0.9, m₀ = 0:
  //   step 1: ψ = 1 − 0.1·0.9·0 = 1, g = 2, m = 0.9·0 + 0.1·2 = 0.2, φ = 1 − 0.1·0.2 = 0.98, loss L(ψ) = 1
  //   step 2: ψ = 0.98 − 0.09·0.2 = 0.962, g = 1.924, m = 0.18 + 0.1924 = 0.3724,
  //           φ = 0.98 − 0.03724 = 0.94276, loss 0.962² = 0.925444
  const p = param(1);
  const seen: number[] = [];
  const opt = nesterov([p], { lr: 0.1, momentum: 0.9 });
  const losses = [opt.step(square(p, seen))];
  assertClose(p.data[0], 0.98, 1e-15);
  losses.push(opt.step(square(p, seen)));
  assertClose(p.data[0], 0.94276, 1e-15);
  assertClose(seen, [1, 0.962], 1e-15);
  assertClose(losses, [1, 0.925444], 1e-15);
});

test('nesterov with emaMomentum false is Sutskever et al.: m ← βm + g, worked by hand', () => {
  // L = φ², φ₀ = 1, α = 0.1, β = 0.9:
  //   step 1: ψ = 1, g = 2, m = 2, φ = 1 − 0.2 = 0.8
  //   step 2: ψ = 0.8 − 0.09·2 = 0.62, g = 1.24, m = 1.8 + 1.24 = 3.04, φ = 0.8 − 0.304 = 0.496
  const p = param(1);
  const seen: number[] = [];
  const opt = nesterov([p], { lr: 0.1, momentum: 0.9, emaMomentum: false });
  opt.step(square(p, seen));
  assertClose(p.data[0], 0.8, 1e-15);
  opt.step(square(p, seen));
  assertClose(p.data[0], 0.496, 1e-15);
  assertClose(seen, [1, 0.62], 1e-15);
});

test("Sutskever's look-ahead points are PyTorch's SGD(nesterov=True) iterates", () => {
  // Let ψ_t = φ_t − αβm_t (the point where the gradient is taken, ψ_0 = φ_0 as m_0 = 0). Then
  //   m_{t+1} = βm_t + g(ψ_t),  φ_{t+1} = φ_t − αm_{t+1}, so
  //   ψ_{t+1} = φ_t − α(1 + β)m_{t+1} = ψ_t + αβm_t − αm_{t+1} − αβm_{t+1} = ψ_t − α(g(ψ_t) + βm_{t+1}),
  // because αβm_t − αm_{t+1} = −α(m_{t+1} − βm_t) = −αg(ψ_t). PyTorch's SGD with nesterov does
  //   b_{t+1} = βb_t + g(θ_t),  θ_{t+1} = θ_t − α(g(θ_t) + βb_{t+1}),
  // with b_1 = g(θ_0), i.e. b_0 = 0: the same recursion with θ = ψ and b = m. Only the rounding differs.
  const lr = 0.01;
  const momentum = 0.9;
  const phi = param(-1.2, 1);
  const lookAheads: number[][] = [];
  const opt = nesterov([phi], { lr, momentum, emaMomentum: false });
  const evaluate = banana(phi);
  for (let t = 0; t < 200; t++) {
    opt.step(() => {
      lookAheads.push(Array.from(phi.data));
      return evaluate();
    });
  }
  const theta = param(-1.2, 1);
  const iterates: number[][] = [];
  const reference = sgd([theta], { lr, momentum, nesterov: true });
  const evaluateTheta = banana(theta);
  for (let t = 0; t < 200; t++) {
    iterates.push(Array.from(theta.data));
    evaluateTheta();
    reference.step();
  }
  assertClose(lookAheads, iterates, 1e-12, 1e-12);
  // The run went somewhere: the function fell from 24.2 to near its minimum 0 at (1, 1).
  assert.ok(evaluate() < 1e-6, `loss ${evaluate()}`);
});

test("Sutskever's look-ahead points are PyTorch's SGD(nesterov=True) iterates (fixture)", () => {
  const { lr, momentum, points } = torchRuns.sgdNesterov;
  const phi = param(...torchRuns.start);
  const evaluate = banana(phi);
  const lookAheads: number[][] = [];
  const opt = nesterov([phi], { lr, momentum, emaMomentum: false });
  for (let t = 0; t < points.length; t++) {
    opt.step(() => {
      lookAheads.push(Array.from(phi.data));
      return evaluate();
    });
  }
  assertClose(lookAheads, points, 1e-12, 1e-12);
});

test('nesterov maximize climbs L as minimize descends −L', () => {
  const up = param(0.5, -2);
  const down = param(0.5, -2);
  const climb = nesterov([up], { lr: 0.05, maximize: true });
  const descend = nesterov([down], { lr: 0.05 });
  for (let t = 0; t < 5; t++) {
    climb.step(() => {
      up.grad[0] = -2 * up.data[0];
      up.grad[1] = -2 * up.data[1];
      return 0;
    });
    descend.step(() => {
      down.grad[0] = 2 * down.data[0];
      down.grad[1] = 2 * down.data[1];
      return 0;
    });
  }
  assert.deepEqual(Array.from(up.data), Array.from(down.data));
  assert.ok(Math.abs(up.data[1]) < 2);
});

test('nesterov state survives JSON and resumes bit for bit', () => {
  const a = param(-1.2, 1);
  const first = nesterov([a], { lr: 0.01 });
  for (let t = 0; t < 3; t++) first.step(banana(a));
  const b = param(...a.data);
  const second = nesterov([b], { lr: 0.01 });
  second.loadStateDict(JSON.parse(JSON.stringify(first.stateDict())));
  for (let t = 0; t < 3; t++) {
    first.step(banana(a));
    second.step(banana(b));
  }
  assert.deepEqual(Array.from(b.data), Array.from(a.data));
  assert.notDeepEqual(Array.from(a.data), [-1.2, 1]);
});

test('nesterov reads lr and momentum from its group each step, as schedules change them', () => {
  // With β = 0 and lr = 0.5 on L = φ² from φ = 1: m = (1 − 0)·2 = 2, φ = 1 − 0.5·2 = 0.
  const p = param(1);
  const opt = nesterov([p], { lr: 0.1 });
  opt.groups[0].options.lr = 0.5;
  opt.groups[0].options.momentum = 0;
  opt.step(square(p, []));
  assert.equal(p.data[0], 0);
});

test('nesterov works on float32 parameters', () => {
  const p: Param = { data: Float32Array.of(1), grad: new Float32Array(1) };
  const opt = nesterov([p], { lr: 0.1, momentum: 0.9 });
  opt.step(square(p, []));
  assert.equal(p.data[0], Math.fround(0.98));
});

test('nesterov needs a closure and checks its options', () => {
  const p = param(1);
  assert.throws(() => nesterov([p]).step(), { name: 'InputError', message: /nesterov: step needs a closure/ });
  const cases: [object, string][] = [
    [{ lr: -1 }, 'nesterov: lr must be >= 0 (got -1)'],
    [{ momentum: 1 }, 'nesterov: momentum must be in [0, 1) (got 1)'],
    [{ momentum: -0.5, emaMomentum: false }, 'nesterov: momentum must be >= 0 (got -0.5)'],
    [
      { weightDecay: 0.1 },
      "nesterov: unknown option 'weightDecay'; valid options: lr, momentum, emaMomentum, maximize",
    ],
    [{ emaMomentum: 1 }, 'nesterov: emaMomentum must be true or false (got 1)'],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => nesterov([p], options),
      (e: unknown) => e instanceof InputError && e.message === message,
    );
  }
  // Sutskever's sum allows β ≥ 1 as PyTorch's SGD does (it diverges, but that is the user's lesson).
  assert.doesNotThrow(() => nesterov([p], { momentum: 1, emaMomentum: false }));
});

test('normalizedGd (UDL eqs. 6.13–6.14) matches steps worked by hand', () => {
  // α = 0.1, ε = 1e-8; each coordinate moves by α·g/(|g| + ε):
  //   g = 3:      0.1·3/(3 + 1e-8)        = 0.09999999966666667 → 1 − that = 0.9000000003333334
  //   g = −0.5:   0.1·(−0.5)/(0.5 + 1e-8) = −0.09999999800000003 → 2 + that = 2.099999998
  //   g = 0:      no move (0/ε)
  //   g = 1e-10:  0.1·1e-10/(1e-10 + 1e-8) = 1e-11/1.01e-8 = 0.0009900990099009901: ε damps tiny gradients
  const p = param(1, 2, 3, 0);
  p.grad.set([3, -0.5, 0, 1e-10]);
  normalizedGd([p], { lr: 0.1 }).step();
  assertClose(Array.from(p.data), [0.9000000003333334, 2.099999998, 3, -0.0009900990099009901], 1e-15);
});

test('normalizedGd with eps 0 is sign descent, φ ← φ − α·sign(g), with sign(0) = 0 (Optax sign_sgd)', () => {
  // α = 0.1: g = 3 → 1 − 0.1·3/3 = 0.9;  g = −0.5 → 2 + 0.1 = 2.1;  g = 0 → no move (not 0/0 = NaN);
  // g = 1e-10 → −0.1 (no ε to damp it); maximize flips every move.
  const p = param(1, 2, 3, 0);
  p.grad.set([3, -0.5, 0, 1e-10]);
  normalizedGd([p], { lr: 0.1, eps: 0 }).step();
  assertClose(Array.from(p.data), [0.9, 2.1, 3, -0.1], 1e-15);
  const q = param(1, 2, 3, 0);
  q.grad.set([3, -0.5, 0, 1e-10]);
  normalizedGd([q], { lr: 0.1, eps: 0, maximize: true }).step();
  assertClose(Array.from(q.data), [1.1, 1.9, 3, 0.1], 1e-15);
});

test("normalizedGd is PyTorch's Adam with betas (0, 0) bit for bit, given the same gradients (fixture)", () => {
  const { lr, eps, points, grads } = torchRuns.adamBetasZero;
  const p = param(...torchRuns.start);
  const opt = normalizedGd([p], { lr, eps });
  const trajectory: number[][] = [];
  for (const g of grads) {
    trajectory.push(Array.from(p.data));
    p.grad.set(g);
    opt.step();
  }
  assert.deepEqual(trajectory, points);
});

test('normalizedGd moves every coordinate by at most lr, against the gradient (by lr·sign(g) when |g| ≫ ε)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 8 }),
      fc.double({ min: 1e-4, max: 10, noNaN: true }),
      fc.boolean(),
      (grads, lr, maximize) => {
        const p = param(...grads.map(() => 0));
        p.grad.set(grads);
        normalizedGd([p], { lr, maximize }).step();
        grads.forEach((g, i) => {
          const moved = p.data[i];
          const downhill = maximize ? Math.sign(g) : -Math.sign(g);
          assert.ok(Math.abs(moved) <= lr, `moved ${moved} with lr ${lr}`);
          // A subnormal gradient may move nothing (α·g underflows), but never uphill.
          if (moved !== 0) assert.equal(Math.sign(moved), downhill);
          if (Math.abs(g) > 1e-2) assertClose(moved, downhill * lr, 1e-6);
        });
      },
    ),
    { numRuns: 200 },
  );
});

test('normalizedGd checks its options', () => {
  const p = param(1);
  const cases: [object, string][] = [
    [{ lr: -0.1 }, 'normalizedGd: lr must be >= 0 (got -0.1)'],
    [{ eps: -1e-8 }, 'normalizedGd: eps must be >= 0 (got -1e-8)'],
    [{ momentum: 0.9 }, "normalizedGd: unknown option 'momentum'; valid options: lr, eps, maximize"],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => normalizedGd([p], options),
      (e: unknown) => e instanceof InputError && e.message === message,
    );
  }
});
