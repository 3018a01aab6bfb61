/** RMSprop beyond the PyTorch trajectories: the ε-inside-the-root form by hand, and momentum turned on late. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Param } from '../../src/optim/optimizer.js';
import { rmsprop } from '../../src/optim/rmsprop.js';

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-14 * Math.abs(expected), `${actual} is not ${expected}`);

test('centered with epsInsideSqrt divides by √(s − ḡ² + ε)', () => {
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const opt = rmsprop([p], { lr: 0.01, alpha: 0.9, eps: 0.01, centered: true, epsInsideSqrt: true });
  // step 1, g = 2:  s = 0.1·4 = 0.4,  ḡ = 0.1·2 = 0.2,  s − ḡ² = 0.36
  //                 θ = 1 − 0.01·2/√(0.36 + 0.01) = 1 − 0.02/0.6082762… = 0.967120202538928542…
  opt.step();
  close(p.data[0], 0.9671202025389285);
  // step 2, g = −1: s = 0.9·0.4 + 0.1·1 = 0.46,  ḡ = 0.9·0.2 − 0.1 = 0.08,  s − ḡ² = 0.4536
  //                 θ = 0.967120202… + 0.01/√(0.4536 + 0.01) = 0.981807039925079708…
  p.grad[0] = -1;
  opt.step();
  close(p.data[0], 0.9818070399250797);
});

test('a schedule may turn momentum on after the first step: the buffer starts at zero then', () => {
  const p: Param = { data: Float64Array.of(1), grad: Float64Array.of(1) };
  const opt = rmsprop([p], { lr: 0.1, alpha: 0, eps: 1e-300 });
  opt.step(); // s = g² = 1, θ = 1 − 0.1·1/1 = 0.9
  assert.equal(p.data[0], 0.9);
  opt.groups[0].options.momentum = 0.5;
  opt.step(); // b = 0.5·0 + 1/1 = 1, θ = 0.9 − 0.1·1 = 0.8
  opt.step(); // b = 0.5·1 + 1 = 1.5, θ = 0.8 − 0.15 = 0.65
  assert.ok(Math.abs(p.data[0] - 0.65) < 1e-15, String(p.data[0]));
});
