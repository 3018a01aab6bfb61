/** Elementwise functions: gradcheck each one on its domain, the choices at special points, and dtype conversion. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from '../../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../helpers.js';

const SHAPE = [2, 3];

test('gradcheck neg, exp, sin, cos on N(0, 1) inputs', () => {
  const x = randn(SHAPE, 11);
  assertGradcheck((t) => t.neg(), [x]);
  assertGradcheck((t) => t.exp(), [x]);
  assertGradcheck((t) => t.sin(), [x]);
  assertGradcheck((t) => t.cos(), [x]);
});

test('gradcheck log and sqrt on positive inputs, abs away from 0', () => {
  const positive = randn(SHAPE, 12).abs().add(0.5).detach();
  positive.requiresGrad = true;
  assertGradcheck((t) => t.log(), [positive]);
  assertGradcheck((t) => t.sqrt(), [positive]);
  assertGradcheck((t) => t.abs(), [randn(SHAPE, 13)]);
});

test('gradcheck pow with integer, negative and fractional exponents', () => {
  const x = randn(SHAPE, 14);
  assertGradcheck((t) => t.pow(2), [x]);
  assertGradcheck((t) => t.pow(3), [x]);
  const positive = Tensor.from([0.5, 1, 1.5, 2, 3, 4], { dtype: 'float64', requiresGrad: true });
  assertGradcheck((t) => t.pow(-1.5), [positive]);
  assertGradcheck((t) => t.pow(0.5), [positive]);
});

test('pow(0) has gradient 0 even at x = 0 (not 0·0⁻¹ = NaN), as PyTorch', () => {
  const x = Tensor.from([0, 2], { dtype: 'float64', requiresGrad: true });
  const y = x.pow(0);
  assert.deepEqual(y.toArray(), [1, 1]);
  y.sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [0, 0]);
});

test('abs has gradient sign(x): 0 at 0', () => {
  const x = Tensor.from([-2, 0, 3], { requiresGrad: true });
  x.abs().sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [-1, 0, 1]);
});

test('closed forms: d/dx eˣ = eˣ, d/dx log x = 1/x, d/dx √x = 1/(2√x) at x = 4', () => {
  for (const [fn, expected] of [
    [(t: Tensor) => t.exp(), Math.exp(4)],
    [(t: Tensor) => t.log(), 0.25],
    [(t: Tensor) => t.sqrt(), 0.25],
  ] as const) {
    const x = Tensor.scalar(4, 'float64', true);
    fn(x).backward();
    assert.equal(x.grad?.[0], expected);
  }
});

test('to(dtype) converts values, returns the tensor itself for its own dtype, and passes gradients back converted', () => {
  const x = Tensor.from([0.1, 2.5], { dtype: 'float64', requiresGrad: true });
  assert.equal(x.to('float64'), x);
  const y = x.to('float32');
  assert.equal(y.dtype, 'float32');
  assert.equal(y.data[0], Math.fround(0.1));
  y.mul(Tensor.from([3, 4]))
    .sum()
    .backward();
  assert.ok(x.grad instanceof Float64Array);
  assert.deepEqual(Array.from(x.grad), [3, 4]);
  assert.throws(() => x.to('int8' as never), /to: dtype must be 'float32' or 'float64'/);
});
