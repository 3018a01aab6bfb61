/** sum, mean, max: gradcheck over axis and keepDims variants, max's tie rule, shapes and axis errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from '../../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../helpers.js';

const AXES: [number | number[] | undefined, boolean][] = [
  [undefined, false],
  [undefined, true],
  [0, false],
  [1, true],
  [-1, false],
  [[0, 2], false],
  [[0, 2], true],
  [[2, 0, 1], false],
];

for (const [axis, keepDims] of AXES) {
  test(`gradcheck sum and mean over axis ${JSON.stringify(axis)}, keepDims ${keepDims}`, () => {
    const x = randn([2, 3, 4], 41);
    assertGradcheck((t) => t.sum(axis, keepDims), [x]);
    assertGradcheck((t) => t.mean(axis, keepDims), [x]);
  });
}

for (const [axis, keepDims] of [
  [undefined, false],
  [0, false],
  [1, true],
  [-1, false],
  [2, true],
] as const) {
  test(`gradcheck max over axis ${axis}, keepDims ${keepDims} (no ties)`, () => {
    assertGradcheck((t) => t.max(axis, keepDims), [randn([2, 3, 4], 42)]);
  });
}

test('output shapes with and without keepDims', () => {
  const x = Tensor.zeros([2, 3, 4]);
  assert.deepEqual(x.sum().shape, []);
  assert.deepEqual(x.sum(undefined, true).shape, [1, 1, 1]);
  assert.deepEqual(x.sum([0, -1]).shape, [3]);
  assert.deepEqual(x.mean(1, true).shape, [2, 1, 4]);
  assert.deepEqual(x.max(2).shape, [2, 3]);
  assert.deepEqual(x.max(undefined, true).shape, [1, 1, 1]);
});

test('values: sums, means and maxima of a small matrix', () => {
  const x = Tensor.from([
    [1, 5, 2],
    [4, 0, 6],
  ]);
  assert.deepEqual(x.sum(0).toArray(), [5, 5, 8]);
  assert.deepEqual(x.sum(1, true).toArray(), [[8], [10]]);
  assert.deepEqual(x.mean().toArray(), 3);
  assert.deepEqual(x.mean(0).toArray(), [2.5, 2.5, 4]);
  assert.deepEqual(x.max(1).toArray(), [5, 6]);
  assert.deepEqual(x.max(0).toArray(), [4, 5, 6]);
  assert.equal(x.max().item(), 6);
});

test('mean: the gradient is 1/n for every element', () => {
  const x = Tensor.from(
    [
      [1, 2],
      [3, 4],
    ],
    { dtype: 'float64', requiresGrad: true },
  );
  x.mean(1).sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [0.5, 0.5, 0.5, 0.5]);
});

test('max with ties sends the whole gradient to the first maximal element (as torch.max(x, dim))', () => {
  const x = Tensor.from(
    [
      [1, 3, 3, 2],
      [5, 5, 5, 5],
    ],
    { dtype: 'float64', requiresGrad: true },
  );
  const m = x.max(1);
  assert.deepEqual(m.toArray(), [3, 5]);
  m.mul(Tensor.from([10, 20], { dtype: 'float64' }))
    .sum()
    .backward();
  assert.deepEqual(Array.from(x.grad ?? []), [0, 10, 0, 0, 20, 0, 0, 0]);
  const y = Tensor.from([[7], [7]], { dtype: 'float64', requiresGrad: true });
  y.max(0).sum().backward();
  assert.deepEqual(Array.from(y.grad ?? []), [1, 0]);
  const z = Tensor.from([2, 9, 9], { requiresGrad: true });
  z.max().backward();
  assert.deepEqual(Array.from(z.grad ?? []), [0, 1, 0]);
});

test('max propagates NaN, as PyTorch', () => {
  assert.ok(Number.isNaN(Tensor.from([1, NaN, 3]).max().item()));
});

test('axis errors name the op, the axis and the valid range', () => {
  const x = Tensor.zeros([2, 3]);
  assert.throws(() => x.sum(2), {
    name: 'InputError',
    message: 'sum: axis 2 is out of range for a tensor of rank 2 (valid: -2 … 1)',
  });
  assert.throws(() => x.mean([0, -2]), /mean: axis \[0,-2\] repeats an axis/);
  assert.throws(() => x.max(-3), /max: axis -3 is out of range/);
  assert.throws(() => x.max([0, 1] as never), /max: axis must be one number/);
  assert.throws(() => Tensor.zeros([0]).max(), /max: the tensor is empty/);
});
