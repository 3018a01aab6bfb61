/** Activations: gradcheck each one (softplus on both sides of its threshold), and PyTorch's choices at kinks and extremes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { elu, leakyRelu, relu, sigmoid, softplus, tanh } from '../../../src/autograd/ops/activations.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../helpers.js';

/** Inputs kept away from the kink at 0, where finite differences straddle two slopes. */
function awayFromZero(seed: number): Tensor {
  const x = randn([3, 4], seed);
  for (let i = 0; i < x.size; i++) if (Math.abs(x.data[i]) < 0.05) x.data[i] += 0.1;
  return x;
}

test('gradcheck relu, leakyRelu, elu (default and custom parameters)', () => {
  const x = awayFromZero(21);
  assertGradcheck((t) => relu(t), [x]);
  assertGradcheck((t) => leakyRelu(t), [x]);
  assertGradcheck((t) => leakyRelu(t, 0.2), [x]);
  assertGradcheck((t) => elu(t), [x]);
  assertGradcheck((t) => elu(t, 0.7), [x]);
});

test('gradcheck tanh, sigmoid', () => {
  const x = randn([3, 4], 22, { scale: 2 });
  assertGradcheck((t) => tanh(t), [x]);
  assertGradcheck((t) => sigmoid(t), [x]);
});

test('gradcheck softplus below, near and above its threshold of 20', () => {
  const x = Tensor.from([-30, -2, -0.3, 0.4, 3, 15, 19.9, 20.1, 25, 60], { dtype: 'float64', requiresGrad: true });
  assertGradcheck((t) => softplus(t), [x]);
});

test('softplus is x above 20 with gradient 1, and finite for large negative x', () => {
  const x = Tensor.from([25, 1000, -1000], { dtype: 'float64', requiresGrad: true });
  const y = softplus(x);
  assert.deepEqual(y.toArray(), [25, 1000, 0]);
  y.sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [1, 1, 0]);
});

test('relu at 0 passes no gradient; leakyRelu at 0 passes the slope (PyTorch: x > 0 ? 1 : slope)', () => {
  const x = Tensor.from([-1, 0, 2], { requiresGrad: true });
  relu(x).sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [0, 0, 1]);
  const z = Tensor.from([-1, 0, 2], { dtype: 'float64', requiresGrad: true });
  leakyRelu(z, 0.25).sum().backward();
  assert.deepEqual(Array.from(z.grad ?? []), [0.25, 0.25, 1]);
});

test('elu: α(eˣ − 1) below 0, with gradient αeˣ', () => {
  const x = Tensor.from([-1, 2], { dtype: 'float64', requiresGrad: true });
  const y = elu(x, 2);
  assert.equal(y.data[0], 2 * Math.expm1(-1));
  assert.equal(y.data[1], 2);
  y.sum().backward();
  assert.equal(x.grad?.[0], 2 * Math.exp(-1));
  assert.equal(x.grad?.[1], 1);
});

test('sigmoid and tanh saturate without NaN at ±800', () => {
  const x = Tensor.from([-800, 800], { dtype: 'float64', requiresGrad: true });
  assert.deepEqual(sigmoid(x).toArray(), [0, 1]);
  assert.deepEqual(tanh(x).toArray(), [-1, 1]);
  sigmoid(x).add(tanh(x)).sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [0, 0]);
});

test('the methods delegate to the same ops', () => {
  const x = randn([5], 23, { scale: 3 });
  assert.deepEqual(x.relu().toArray(), relu(x).toArray());
  assert.deepEqual(x.leakyRelu(0.3).toArray(), leakyRelu(x, 0.3).toArray());
  assert.deepEqual(x.elu(0.5).toArray(), elu(x, 0.5).toArray());
  assert.deepEqual(x.softplus().toArray(), softplus(x).toArray());
});
