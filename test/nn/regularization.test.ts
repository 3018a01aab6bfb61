/** L1 and L2 penalties: values, gradients (gradcheck and closed form), the weight-decay equivalence, errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { l1Penalty, l2Penalty } from '../../src/nn/regularization.js';
import { sgd } from '../../src/optim/sgd.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../autograd/helpers.js';

test('values: λ·Σ|w| and λ·Σw² over every tensor', () => {
  const a = Tensor.from([1, -2, 0], { dtype: 'float64', requiresGrad: true });
  const b = Tensor.from([[3], [-4]], { dtype: 'float64', requiresGrad: true });
  assert.equal(l1Penalty([a, b], 0.5).item(), 0.5 * 10);
  assert.equal(l2Penalty([a, b], 0.5).item(), 0.5 * 30);
  l1Penalty([a, b], 0.5).backward();
  assert.deepEqual(Array.from(a.grad ?? []), [0.5, -0.5, 0]); // sign(0) = 0, as PyTorch
  a.grad = null;
  l2Penalty([a, b], 0.25).backward();
  assert.deepEqual(Array.from(a.grad ?? []), [0.5, -1, 0]); // 2λw
  assert.equal(l2Penalty([], 1).item(), 0);
});

test('gradcheck (away from the kink of |w| at 0)', () => {
  assertGradcheck((x, y) => l1Penalty([x, y], 0.3), [randn([3, 4], 1), randn([5], 2)]);
  assertGradcheck((x, y) => l2Penalty([x, y], 0.7), [randn([3, 4], 3), randn([5], 4)]);
});

test('an L2 penalty with λ is SGD weight decay 2λ', () => {
  const lambda = 0.05;
  const w1 = Float64Array.from([1, -2, 3]);
  const w2 = Float64Array.from(w1);
  const t = new Tensor(w1, [3], true);
  l2Penalty([t], lambda).backward();
  sgd([{ data: w1, grad: t.grad as Float64Array }], { lr: 0.1 }).step();
  sgd([{ data: w2, grad: new Float64Array(3) }], { lr: 0.1, weightDecay: 2 * lambda }).step();
  w1.forEach((v, i) => assert.ok(Math.abs(v - w2[i]) < 1e-15));
});

test('input errors', () => {
  const t = Tensor.zeros([2]);
  assert.throws(() => l1Penalty([t], -1), {
    name: 'InputError',
    message: 'l1Penalty: lambda must be finite and >= 0 (got -1)',
  });
  assert.throws(() => l2Penalty([t], NaN), {
    name: 'InputError',
    message: 'l2Penalty: lambda must be finite and >= 0 (got NaN)',
  });
  assert.throws(() => l2Penalty([t, Tensor.zeros([2], 'float64')], 1), {
    name: 'InputError',
    message: 'l2Penalty: the tensors mix dtypes float32 and float64',
  });
  assert.throws(() => l2Penalty([1 as never], 1), {
    name: 'InputError',
    message: 'l2Penalty: params must be an array of Tensors',
  });
});
