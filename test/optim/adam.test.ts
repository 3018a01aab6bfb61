/**
 * Adam beyond the PyTorch trajectories: the textbook ε-inside-the-root form by hand, and a bound on the
 * first step that holds for any gradient, betas and eps.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { adam } from '../../src/optim/adam.js';
import { adamw } from '../../src/optim/adamw.js';
import { assertClose } from '../helpers/close.js';
import type { Param } from '../../src/optim/optimizer.js';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-14 * Math.abs(expected), `${actual} is not ${expected}`);

test('epsInsideSqrt is θ ← θ − η·m̂/√(v̂ + ε), bias correction applied before ε is added', () => {
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const opt = adam([p], { lr: 0.1, eps: 1e-4, epsInsideSqrt: true });
  // step 1, g = 2:  m = 0.1·2 = 0.2,  v = 0.001·4 = 0.004,  m̂ = 0.2/0.1 = 2,  v̂ = 0.004/0.001 = 4
  //                 θ = 1 − 0.1·2/√(4 + 1e-4) = 1 − 0.2/2.0000249998… = 0.900001249976562988…
  opt.step();
  close(p.data[0], 0.900001249976563);
  // step 2, g = −1: m = 0.9·0.2 − 0.1 = 0.08,  v = 0.999·0.004 + 0.001·1 = 0.004996
  //                 m̂ = 0.08/(1 − 0.81) = 0.4210526315…,  v̂ = 0.004996/(1 − 0.998001) = 2.4992496248…
  //                 θ = 0.900001249976… − 0.1·0.4210526315…/√(2.4992496248… + 1e-4) = 0.873368078828542932…
  p.grad[0] = -1;
  opt.step();
  close(p.data[0], 0.873368078828543);

  // PyTorch's form puts ε outside the root: θ = 1 − 0.2/(√4 + 1e-4) = 0.900004999750012…
  const q: Param = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  adam([q], { lr: 0.1, eps: 1e-4 }).step();
  close(q.data[0], 1 - 0.2 / 2.0001);
});

test('AdamW with epsInsideSqrt shrinks θ first, then takes the textbook step', () => {
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  adamw([p], { lr: 0.1, eps: 1e-4, weightDecay: 0.5, epsInsideSqrt: true }).step();
  // θ = 1·(1 − 0.1·0.5) − 0.1·2/√(4 + 1e-4) = 0.95 − 0.0999987500234… = 0.850001249976562988…
  close(p.data[0], 0.850001249976563);
});

/** ±10^e for e in [−100, 100], or 0: any gradient whose square (scaled by 1 − β2) stays a normal double. */
const gradient = fc.oneof(
  fc.constant(0),
  fc
    .tuple(fc.double({ min: -100, max: 100, noNaN: true }), fc.boolean())
    .map(([e, negative]) => (negative ? -1 : 1) * 10 ** e),
);
const decayRate = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

test("Adam's first step moves each coordinate by at most lr (property)", () => {
  // On the first step m̂ = g and v̂ = g², so the step is η·g/(|g| + ε) in exact arithmetic: at most η
  // whatever the betas and eps. Gradients below ~1e-154 are left out on purpose: there (1 − β2)·g²
  // underflows to 0, the step becomes η·|g|/ε, and it exceeds η when ε < |g| — in PyTorch as here.
  fc.assert(
    fc.property(
      fc.array(gradient, { minLength: 1, maxLength: 6 }),
      fc.tuple(decayRate, decayRate),
      fc.double({ min: Number.MIN_VALUE, max: 1e3, noNaN: true }),
      fc.double({ min: -12, max: 3, noNaN: true }).map((e) => 10 ** e),
      fc.record({ amsgrad: fc.boolean(), maximize: fc.boolean(), epsInsideSqrt: fc.boolean() }),
      (grads, betas, eps, lr, flags) => {
        // θ = 0, so the new θ is the step itself, with no rounding from the addition.
        const p: Param = { data: new Float64Array(grads.length), grad: Float64Array.from(grads) };
        adam([p], { lr, betas, eps, weightDecay: 0.5, ...flags }).step();
        for (let i = 0; i < grads.length; i++) {
          if (!(Math.abs(p.data[i]) <= lr * (1 + 1e-6))) return false;
          // and it moves against the gradient (with it when maximizing)
          if (grads[i] !== 0 && Math.sign(p.data[i]) === (flags.maximize ? -1 : 1) * Math.sign(grads[i])) return false;
        }
        return true;
      },
    ),
    { numRuns: 500 },
  );
});

test("epsRoot is Optax's eps_root: θ ← θ − η·m̂/(√(v̂ + ε_root) + ε) (two steps by hand)", () => {
  const p = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const opt = adam([p], { lr: 0.1, epsRoot: 1e-4 });
  // step 1, g = 2:   m = 0.2, v = 0.004; m̂ = 2, v̂ = 4; θ = 1 − 0.1·2/(√4.0001 + 1e-8) = 0.90000125047655048608…
  opt.step();
  assertClose(p.data[0], 0.9000012504765504, 1e-14);
  // step 2, g = 0.5: m = 0.18 + 0.05 = 0.23, v = 0.003996 + 0.00025 = 0.004246
  //   m̂ = 0.23/0.19 = 1.21052631578947368…, v̂ = 0.004246/0.001999 = 2.12406203101550775…
  //   θ = 0.90000125… − 0.1·m̂/(√(v̂ + 1e-4) + 1e-8) = 0.81694345282001181283…
  p.grad[0] = 0.5;
  opt.step();
  assertClose(p.data[0], 0.8169434528200118, 1e-14);
});

test("nesterov is Optax's scale_by_adam(nesterov=True): m̂ = β1·m/(1 − β1ᵗ⁺¹) + (1 − β1)·g/(1 − β1ᵗ) (Dozat 2016; two steps by hand)", () => {
  const p = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const opt = adam([p], { lr: 0.1, nesterov: true });
  // step 1, g = 2:   m = 0.2; m̂ = 0.9·0.2/(1 − 0.81) + 0.1·2/(1 − 0.9) = 2.94736842105263157…; v̂ = 4
  //   θ = 1 − 0.1·m̂/(2 + 1e-8) = 0.85263157968421052263…
  opt.step();
  assertClose(p.data[0], 0.8526315796842105, 1e-14);
  // step 2, g = 0.5: m = 0.23; m̂ = 0.9·0.23/(1 − 0.729) + 0.1·0.5/(1 − 0.81) = 1.02699553311322586…
  //   v̂ = 2.12406203101550775…; θ = 0.85263158… − 0.1·m̂/(√v̂ + 1e-8) = 0.78216471416296637409…
  p.grad[0] = 0.5;
  opt.step();
  assertClose(p.data[0], 0.7821647141629664, 1e-14);
});

test('epsRoot must be >= 0 and not combined with epsInsideSqrt', () => {
  const p = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  assert.throws(() => adam([p], { epsRoot: -1 }), /adam: epsRoot must be >= 0 \(got -1\)/);
  assert.throws(() => adam([p], { epsRoot: 1e-8, epsInsideSqrt: true }), /adam: epsRoot must be 0 with epsInsideSqrt/);
});
