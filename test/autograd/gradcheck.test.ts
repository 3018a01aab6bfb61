/** gradcheck itself: it passes correct gradients, catches a wrong one, and leaves its inputs as they were. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradOf } from '../../src/autograd/accumulate.js';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { record } from '../../src/autograd/graph.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { randn } from './helpers.js';

/** x³ with a deliberately wrong backward rule, 2x² instead of 3x². */
function wrongCube(x: Tensor): Tensor {
  const out = new Tensor(
    x.data.map((v) => v * v * v),
    x.shape,
  );
  return record('wrongCube', out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < gx.length; i++) gx[i] += g[i] * 2 * x.data[i] * x.data[i];
  });
}

test('a correct gradient passes with an error near the finite-difference noise', () => {
  const result = gradcheck((x) => x.pow(3).sum(), [randn([5], 91)]);
  assert.ok(result.ok);
  assert.ok(result.maxError < 1e-8, `max error ${result.maxError}`);
});

test('a wrong backward rule fails, and the report points at the offending element', () => {
  const x = Tensor.from([0.5, 2, -1], { dtype: 'float64', requiresGrad: true });
  const result = gradcheck((t) => wrongCube(t).sum(), [x]);
  assert.equal(result.ok, false);
  // The largest gap is at x = 2: numeric 3·2² = 12, analytic 2·2² = 8.
  assert.equal(result.worst?.index, 1);
  assert.equal(result.worst?.analytic, 8);
  assert.ok(Math.abs((result.worst?.numeric ?? 0) - 12) < 1e-6);
  assert.ok(Math.abs(result.maxError - 4) < 1e-6);
});

test('non-scalar outputs are projected on fixed weights, so every output element is checked', () => {
  // Only the second output is wrong here: y = [x0², wrongCube(x1)].
  const f = (x: Tensor) => Tensor.concat([x.slice(0, 0, 1).pow(2), wrongCube(x.slice(0, 1, 2))]);
  assert.equal(gradcheck(f, [Tensor.from([1.5, 2], { dtype: 'float64', requiresGrad: true })]).ok, false);
  assert.equal(gradcheck((x) => x.pow(2), [Tensor.from([1.5, 2], { dtype: 'float64', requiresGrad: true })]).ok, true);
});

test('inputs keep their values and gradients; inputs without requiresGrad are not checked', () => {
  const x = randn([3], 92);
  const c = Tensor.from([1, 2, 3], { dtype: 'float64' });
  x.grad = Float64Array.from([7, 8, 9]);
  const before = Array.from(x.data);
  const result = gradcheck((a, b) => a.mul(b).sum(), [x, c]);
  assert.ok(result.ok);
  assert.equal(result.numeric[1], null);
  assert.deepEqual(Array.from(x.data), before);
  assert.deepEqual(Array.from(x.grad), [7, 8, 9]);
});

test('float32 inputs, non-leaf inputs and nothing to check are InputErrors', () => {
  assert.throws(
    () => gradcheck((x) => x.sum(), [Tensor.from([1], { requiresGrad: true })]),
    /gradcheck: input 0 is float32; finite differences need float64/,
  );
  assert.throws(() => gradcheck((x) => x.sum(), [Tensor.from([1], { dtype: 'float64' })]), /no input has requiresGrad/);
  assert.throws(() => gradcheck((x) => x.sum(), [randn([2], 1).mul(2)]), /input 0 is the result of an op/);
});
