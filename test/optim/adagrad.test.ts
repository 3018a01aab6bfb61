/** Adagrad beyond the PyTorch trajectories: the ε-inside-the-root form by hand, and per-group accumulators. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adagrad } from '../../src/optim/adagrad.js';
import type { Param } from '../../src/optim/optimizer.js';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-14 * Math.abs(expected), `${actual} is not ${expected}`);

test('epsInsideSqrt is θ ← θ − η_t·g/√(G + ε), with lrDecay and the initial accumulator', () => {
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const opt = adagrad([p], { lr: 0.1, lrDecay: 0.5, initialAccumulatorValue: 0.25, eps: 0.01, epsInsideSqrt: true });
  // step 1, g = 2:  η_1 = 0.1/(1 + 0·0.5) = 0.1,  G = 0.25 + 4 = 4.25
  //                 θ = 1 − 0.1·2/√(4.25 + 0.01) = 1 − 0.2/2.0639767… = 0.903099683377698154…
  opt.step();
  close(p.data[0], 0.9030996833776982);
  // step 2, g = −1: η_2 = 0.1/(1 + 1·0.5) = 0.0666…,  G = 4.25 + 1 = 5.25
  //                 θ = 0.903099683… + 0.0666…/√(5.25 + 0.01) = 0.932167731390827976…
  p.grad[0] = -1;
  opt.step();
  close(p.data[0], 0.932167731390828);
});

test("each group's accumulator starts at that group's initialAccumulatorValue", () => {
  // PyTorch 1.13 fills every accumulator from the constructor's value and ignores a group's own; here a
  // group's value is honoured, as every other group option is.
  const a: Param = { data: Float64Array.of(0), grad: Float64Array.of(1) };
  const b: Param = { data: Float64Array.of(0), grad: Float64Array.of(1) };
  adagrad([{ params: [a] }, { params: [b], initialAccumulatorValue: 3 }], { lr: 1, eps: 1e-300 }).step();
  assert.equal(a.data[0], -1); // G = 0 + 1:  θ = −1/√1
  assert.equal(b.data[0], -0.5); // G = 3 + 1:  θ = −1/√4
});
