/**
 * Yogi (Zaheer et al., NeurIPS 2018, Algorithm 2) against values worked out by hand from the update rule:
 *   m ← β1·m + (1 − β1)·g,   v ← v − (1 − β2)·sign(v − g²)·g²,   θ ← θ − η·m/(√v + ε)
 * and the invariant that keeps its denominator real: v stays positive.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Param } from '../../src/optim/optimizer.js';
import { yogi } from '../../src/optim/yogi.js';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-13 * Math.abs(expected), `${actual} is not ${expected}`);

function secondMoment(opt: ReturnType<typeof yogi>): number {
  return (opt.stateDict().state[0] as { expAvgSq: { values: number[] } }).expAvgSq.values[0];
}

test('three steps by hand: v grows by (1 − β2)g² when g² > v and shrinks by (1 − β2)g² when g² < v', () => {
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const opt = yogi([p], { lr: 0.1, betas: [0.9, 0.999], eps: 1e-3, initialAccumulatorValue: 1e-6 });
  // step 1, g = 2:     m = 0.9·0 + 0.1·2 = 0.2
  //   g² = 4 > v = 1e-6, so sign(v − g²) = −1:  v = 1e-6 + 0.001·4 = 0.004001
  //   θ = 1 − 0.1·0.2/(√0.004001 + 0.001) = 1 − 0.02/0.0642534584… = 0.688732707982630616…
  opt.step();
  close(secondMoment(opt), 0.004001);
  close(p.data[0], 0.6887327079826306);
  // step 2, g = 0.01:  m = 0.9·0.2 + 0.1·0.01 = 0.181
  //   g² = 1e-4 < v, so sign = +1:  v = 0.004001 − 0.001·1e-4 = 0.0040009   (Adam's v would fall to 0.003997099)
  //   θ = 0.688732708… − 0.1·0.181/(√0.0040009 + 0.001) = 0.407032343099660504…
  p.grad[0] = 0.01;
  opt.step();
  close(secondMoment(opt), 0.0040009);
  close(p.data[0], 0.4070323430996605);
  // step 3, g = −0.05: m = 0.9·0.181 − 0.1·0.05 = 0.1579
  //   g² = 0.0025 < v:  v = 0.0040009 − 0.001·0.0025 = 0.0039984
  //   θ = 0.407032343… − 0.1·0.1579/(√0.0039984 + 0.001) = 0.161208173477601999…
  p.grad[0] = -0.05;
  opt.step();
  close(secondMoment(opt), 0.0039984);
  close(p.data[0], 0.161208173477602);
});

test('v is unchanged when g² equals it (sign 0), and there is no bias correction', () => {
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(0.5) };
  const opt = yogi([p], { lr: 0.1, eps: 0.5, initialAccumulatorValue: 0.25 });
  // g² = 0.25 = v: v stays 0.25.  m = 0.1·0.5 = 0.05 (not divided by 1 − β1 = 0.1).
  // θ = 1 − 0.1·0.05/(√0.25 + 0.5) = 1 − 0.005/1 = 0.995
  opt.step();
  assert.equal(secondMoment(opt), 0.25);
  assert.equal(p.data[0], 0.995);
});

test('maximize negates the gradient and weightDecay adds λθ to it, as for Adam', () => {
  // g = −(−1.5) + 0.5·1 = 2: the same first step as above, θ = 0.688732707982630616…
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(-1.5) };
  yogi([p], { lr: 0.1, maximize: true, weightDecay: 0.5 }).step();
  close(p.data[0], 0.6887327079826306);
});

test('v stays positive and θ finite for any finite gradients (property)', () => {
  // When g² < v, v − (1 − β2)g² > v − g² > 0; when g² > v, v only grows. So v never reaches 0 or below,
  // unlike an update such as v ← v − (1 − β2)·g² that ignored the sign.
  const gradient = fc.double({ min: -1e100, max: 1e100, noNaN: true });
  fc.assert(
    fc.property(
      fc.array(fc.array(gradient, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      fc.double({ min: 1e-300, max: 1, noNaN: true }),
      (grads, beta2, initialAccumulatorValue) => {
        const p: Param = { data: new Float64Array(3), grad: new Float64Array(3) };
        const opt = yogi([p], { betas: [0.9, beta2], initialAccumulatorValue });
        for (const g of grads) {
          p.grad.set(g);
          opt.step();
          const v = (opt.stateDict().state[0] as { expAvgSq: { values: number[] } }).expAvgSq.values;
          if (!v.every((x) => x > 0) || !p.data.every(Number.isFinite)) return false;
        }
        return true;
      },
    ),
    { numRuns: 300 },
  );
});

test("biasCorrection is Optax's scale_by_yogi: m and v start at initialAccumulatorValue, both corrected (two steps by hand)", () => {
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const opt = yogi([p], {
    lr: 0.1,
    betas: [0.9, 0.999],
    eps: 1e-3,
    initialAccumulatorValue: 1e-6,
    biasCorrection: true,
  });
  // step 1, g = 2:    m = 0.9·1e-6 + 0.1·2 = 0.2000009,  v = 1e-6 + 0.001·4 = 0.004001 (g² > v)
  //   m̂ = m/(1 − 0.9) = 2.000009,  v̂ = v/(1 − 0.999) = 4.001
  //   θ = 1 − 0.1·2.000009/(√4.001 + 0.001) = 0.90006201046279279169…
  opt.step();
  close(p.data[0], 0.9000620104627928);
  // step 2, g = 0.01: m = 0.9·0.2000009 + 0.1·0.01 = 0.18100081,  v = 0.004001 − 0.001·1e-4 = 0.0040009 (g² < v)
  //   m̂ = m/(1 − 0.81) = 0.95263584210526315…,  v̂ = v/(1 − 0.998001) = 2.00145072536268134…
  //   θ = 0.90006201… − 0.1·m̂/(√v̂ + 0.001) = 0.83277246519968802185…
  p.grad[0] = 0.01;
  opt.step();
  close(p.data[0], 0.832772465199688);
});

test("biasCorrection with initialAccumulatorValue 0 is Dive into Deep Learning's Yogi (moments from 0)", () => {
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  yogi([p], { lr: 0.1, initialAccumulatorValue: 0, biasCorrection: true }).step();
  // m = 0.2, v = 0 + 0.001·4 = 0.004 (sign(0 − 4) = −1); m̂ = 2, v̂ = 4; θ = 1 − 0.1·2/(2 + 0.001) = 0.90004997501249375312…
  close(p.data[0], 0.9000499750124938);
});
