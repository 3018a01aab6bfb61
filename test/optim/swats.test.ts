/**
 * SWATS (Keskar & Socher 2017, Algorithm 1) against steps worked by hand: Adam steps while the estimate
 * γ = pᵀp/(−pᵀg) of the SGD lr is unsettled, the switch once |λ/(1 − β2ᵏ) − γ| < ε, then SGD with momentum
 * at that lr; and a gradient that keeps changing, which keeps it on Adam.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createOptimizer } from '../../src/optim/registry.js';
import { swats } from '../../src/optim/swats.js';
import { assertClose } from '../helpers/close.js';

test('a constant gradient: two Adam steps, the switch at k = 2, then SGD with momentum at Λ ≈ lr/|g|', () => {
  const p = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const opt = swats([p], { lr: 0.1 });
  // k = 1: m = 0.2, a = 0.004; p = −0.1·√0.001/0.1 · 0.2/(√0.004 + 1e-9) = −0.0999999984188612
  //   γ = p²/(−p·2) = 0.0499999992…, λ = 0.001·γ; no test at k = 1
  opt.step();
  assertClose(p.data[0], 0.9000000015811388, 1e-15);
  assert.equal(opt.progress.phase, 'adam');
  // k = 2: p = −0.09999999888168569 (ε/√a shrinks as a grows), γ = 0.04999999944084…,
  //   λ/(1 − 0.999²) = 0.04999999932519…: they differ by 1.16e-10 < ε = 1e-9, so it switches with Λ = that
  opt.step();
  assertClose(p.data[0], 0.8000000026994531, 1e-15);
  assert.equal(opt.progress.phase, 'sgd');
  assertClose(opt.progress.sgdLr, 0.049999999325195325, 1e-12);
  // SGD: v = 0·0.9 + 2 = 2, θ −= (1 − 0.9)·Λ·2 = 0.01;  then v = 3.8, θ −= 0.1·Λ·3.8 = 0.019
  const lambda = opt.progress.sgdLr;
  opt.step();
  assertClose(p.data[0], 0.8000000026994531 - 0.1 * lambda * 2, 1e-15);
  opt.step();
  assertClose(p.data[0], 0.8000000026994531 - 0.1 * lambda * 2 - 0.1 * lambda * 3.8, 1e-15);
});

test('a gradient that keeps changing keeps it on Adam', () => {
  const p = { data: Float64Array.of(3, -2), grad: new Float64Array(2) };
  const opt = createOptimizer([p], { name: 'SWATS', lr: 0.05 });
  for (let k = 0; k < 50; k++) {
    p.grad[0] = 2 * p.data[0]; // L = x² + 10y²
    p.grad[1] = 20 * p.data[1];
    opt.step();
  }
  assert.equal((opt as unknown as { progress: { phase: string } }).progress.phase, 'adam');
});

test('its progress is saved with the state and restored', () => {
  const p = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const a = swats([p], { lr: 0.1 });
  a.step();
  a.step();
  const q = { data: Float64Array.from(p.data), grad: Float64Array.of(2) };
  const b = swats([q], { lr: 0.1 });
  b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
  a.step();
  b.step();
  assert.deepEqual(b.progress, a.progress);
  assert.equal(q.data[0], p.data[0]);
  assert.throws(() => swats([p], { betas: [1, 0.999] }), /swats: betas\[0\] must be in \[0, 1\) \(got 1\)/);
});
