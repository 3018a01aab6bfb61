/** reshape, transpose, slice, indexSelect, concat, clone: values, gradcheck, and their errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from '../../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../helpers.js';

test('reshape keeps the flat order, fills in one −1, shares the data, and gradchecks', () => {
  const x = Tensor.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const y = x.reshape([3, -1]);
  assert.deepEqual(y.toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.equal(y.data, x.data);
  assert.deepEqual(x.reshape([-1]).shape, [6]);
  assertGradcheck((t) => t.reshape([4, 3]).mul(t.reshape([4, 3])), [randn([2, 6], 51)]);
  assert.throws(() => x.reshape([4, -1]), {
    name: 'InputError',
    message: 'reshape: cannot reshape [2, 3] (6 elements) to [4, -1]',
  });
  assert.throws(() => x.reshape([-1, -1]), /at most one −1/);
});

test('transpose: t() of a matrix, an axis permutation, and their gradients', () => {
  const x = Tensor.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(x.t().toArray(), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  assert.deepEqual(x.transpose().toArray(), x.t().toArray());
  const cube = Tensor.from([
    [
      [0, 1, 2],
      [3, 4, 5],
    ],
  ]); // [1, 2, 3]
  const permuted = cube.transpose([2, 0, 1]);
  assert.deepEqual(permuted.shape, [3, 1, 2]);
  assert.deepEqual(permuted.toArray(), [[[0, 3]], [[1, 4]], [[2, 5]]]);
  assertGradcheck((t) => t.t(), [randn([3, 5], 52)]);
  assertGradcheck((t) => t.transpose([2, 0, 1]), [randn([2, 3, 4], 53)]);
  assertGradcheck((t) => t.transpose([1, 2, 0]).matmul(t.transpose([1, 0, 2])), [randn([2, 2, 2], 54)]);
  assert.throws(() => x.transpose([0, 0]), /transpose: axes \[0,0\] are not a permutation/);
  assert.throws(() => cube.t(), /t: needs a 2-D tensor \(got shape \[1, 2, 3\]\)/);
});

test('slice: Python ranges along an axis (negative and clipped bounds), and gradcheck', () => {
  const x = Tensor.from([
    [0, 1, 2, 3],
    [4, 5, 6, 7],
  ]);
  assert.deepEqual(x.slice(1, 1, 3).toArray(), [
    [1, 2],
    [5, 6],
  ]);
  assert.deepEqual(x.slice(0, -1).toArray(), [[4, 5, 6, 7]]);
  assert.deepEqual(x.slice(-1, 2, 100).toArray(), [
    [2, 3],
    [6, 7],
  ]);
  assert.deepEqual(x.slice(1, 3, 1).shape, [2, 0]);
  assertGradcheck((t) => t.slice(1, 1, 4), [randn([3, 6, 2], 55)]);
  assertGradcheck((t) => t.slice(0, 0, 1).add(t.slice(0, 1, 2)), [randn([2, 3], 56)]);
  assert.throws(() => x.slice(0, 0.5), /slice: start and end must be integers/);
});

test('indexSelect (gather): picks slices, repeated picks add up in the gradient', () => {
  const x = Tensor.from(
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    { dtype: 'float64', requiresGrad: true },
  );
  const y = x.indexSelect(0, [2, 0, 2]);
  assert.deepEqual(y.toArray(), [
    [5, 6],
    [1, 2],
    [5, 6],
  ]);
  y.sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [1, 1, 0, 0, 2, 2]);
  assert.deepEqual(x.gather(1, Int32Array.from([1])).toArray(), [[2], [4], [6]]);
  assertGradcheck((t) => t.gather(1, [4, 0, 4, 2]), [randn([2, 5, 3], 57)]);
  assert.throws(() => x.indexSelect(0, [0, 3]), {
    name: 'InputError',
    message: 'indexSelect: index 3 at position 1 is out of range [0, 3) for axis 0 of shape [3, 2]',
  });
  assert.throws(() => x.indexSelect(0, [-1]), /index -1 at position 0 is out of range/);
});

test('concat joins along an axis; each part gets its share of the gradient', () => {
  const a = Tensor.from([[1, 2]]);
  const b = Tensor.from([
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(Tensor.concat([a, b]).toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(Tensor.concat([b, b], 1).toArray(), [
    [3, 4, 3, 4],
    [5, 6, 5, 6],
  ]);
  assertGradcheck((x, y, z) => Tensor.concat([x, y, z], 0), [randn([2, 3], 58), randn([1, 3], 59), randn([3, 3], 60)]);
  assertGradcheck((x, y) => Tensor.concat([x, y, x], -2), [randn([2, 2, 2], 61), randn([2, 3, 2], 62)]);
  assert.throws(() => Tensor.concat([a, Tensor.zeros([1, 3])]), {
    name: 'InputError',
    message: 'concat: shapes [1, 2] and [1, 3] differ outside axis 0',
  });
  assert.throws(() => Tensor.concat([]), /concat: needs a non-empty array/);
  assert.throws(() => Tensor.concat([a, a.to('float64')]), /concat: dtypes float32 and float64 differ/);
});

test('clone copies the values and passes gradients through', () => {
  const x = randn([2, 2], 63);
  const y = x.clone();
  assert.notEqual(y.data, x.data);
  assert.deepEqual(y.toArray(), x.toArray());
  assertGradcheck((t) => t.clone().mul(t), [x]);
});
