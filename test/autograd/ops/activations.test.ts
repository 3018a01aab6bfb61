/** Activations: gradcheck each one (softplus on both sides of its threshold), and PyTorch's choices at kinks and extremes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activationNames, unaryOpNames } from '../../../src/kernels/unaryOps.js';
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
  assertGradcheck((t) => t.relu(), [x]);
  assertGradcheck((t) => t.leakyRelu(), [x]);
  assertGradcheck((t) => t.leakyRelu(0.2), [x]);
  assertGradcheck((t) => t.elu(), [x]);
  assertGradcheck((t) => t.elu(0.7), [x]);
});

test('gradcheck tanh, sigmoid', () => {
  const x = randn([3, 4], 22, { scale: 2 });
  assertGradcheck((t) => t.tanh(), [x]);
  assertGradcheck((t) => t.sigmoid(), [x]);
});

test('gradcheck softplus below, near and above its threshold of 20', () => {
  const x = Tensor.from([-30, -2, -0.3, 0.4, 3, 15, 19.9, 20.1, 25, 60], { dtype: 'float64', requiresGrad: true });
  assertGradcheck((t) => t.softplus(), [x]);
});

test('softplus is x above 20 with gradient 1, and finite for large negative x', () => {
  const x = Tensor.from([25, 1000, -1000], { dtype: 'float64', requiresGrad: true });
  const y = x.softplus();
  assert.deepEqual(y.toArray(), [25, 1000, 0]);
  y.sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [1, 1, 0]);
});

test('relu at 0 passes no gradient; leakyRelu at 0 passes the slope (PyTorch: x > 0 ? 1 : slope)', () => {
  const x = Tensor.from([-1, 0, 2], { requiresGrad: true });
  x.relu().sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [0, 0, 1]);
  const z = Tensor.from([-1, 0, 2], { dtype: 'float64', requiresGrad: true });
  z.leakyRelu(0.25).sum().backward();
  assert.deepEqual(Array.from(z.grad ?? []), [0.25, 0.25, 1]);
});

test('elu: α(eˣ − 1) below 0, with gradient αeˣ', () => {
  const x = Tensor.from([-1, 2], { dtype: 'float64', requiresGrad: true });
  const y = x.elu(2);
  assert.equal(y.data[0], 2 * Math.expm1(-1));
  assert.equal(y.data[1], 2);
  y.sum().backward();
  assert.equal(x.grad?.[0], 2 * Math.exp(-1));
  assert.equal(x.grad?.[1], 1);
});

test('sigmoid and tanh saturate without NaN at ±800', () => {
  const x = Tensor.from([-800, 800], { dtype: 'float64', requiresGrad: true });
  assert.deepEqual(x.sigmoid().toArray(), [0, 1]);
  assert.deepEqual(x.tanh().toArray(), [-1, 1]);
  x.sigmoid().add(x.tanh()).sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [0, 0]);
});

test("Tensor has a method per row of the unary table, with PyTorch's default constant where the row has one", () => {
  const x = randn([5], 23, { scale: 3 });
  for (const op of unaryOpNames) assert.equal(typeof (x as unknown as Record<string, unknown>)[op], 'function', op);
  // leakyRelu's slope 0.01 and elu's α = 1 by hand at x = −2: −0.02 and e⁻² − 1.
  const minusTwo = Tensor.from([-2], { dtype: 'float64' });
  assert.deepEqual(minusTwo.leakyRelu().toArray(), [-0.02]);
  assert.deepEqual(minusTwo.elu().toArray(), [Math.expm1(-2)]);
  assert.deepEqual(x.leakyRelu().toArray(), x.leakyRelu(0.01).toArray());
});

test('gradcheck every activation of the table at its default constant', () => {
  const x = awayFromZero(24);
  for (const name of activationNames) assertGradcheck((t) => (t[name] as () => Tensor).call(t), [x]);
});
