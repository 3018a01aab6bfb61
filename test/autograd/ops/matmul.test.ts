/** matmul: gradcheck in every supported shape combination, a hand-checked product, and the shape errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from '../../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../helpers.js';

const CASES: [string, number[], number[], number[]][] = [
  ['2-D', [3, 5], [5, 4], [3, 4]],
  ['2-D with odd sizes (unroll tails)', [7, 9], [9, 6], [7, 6]],
  ['batched', [2, 3, 4], [2, 4, 5], [2, 3, 5]],
  ['batch broadcast', [2, 1, 3, 4], [3, 4, 2], [2, 3, 3, 2]],
  ['shared 2-D weight', [2, 3, 4], [4, 6], [2, 3, 6]],
  ['2-D against batched', [3, 4], [2, 4, 2], [2, 3, 2]],
  ['vector · matrix', [4], [4, 3], [3]],
  ['matrix · vector', [3, 4], [4], [3]],
  ['vector · vector', [4], [4], []],
];

for (const [name, aShape, bShape, outShape] of CASES) {
  test(`matmul ${name}: [${aShape}]·[${bShape}] → [${outShape}], gradcheck`, () => {
    const a = randn(aShape, 31);
    const b = randn(bShape, 32);
    assert.deepEqual(a.matmul(b).shape, outShape);
    assertGradcheck((x, y) => x.matmul(y), [a, b]);
  });
}

test('a 2×2 product and its gradients by hand', () => {
  // C = A·B; with L = Σ C, ∂L/∂A = 1·Bᵀ (row sums of B in each row), ∂L/∂B = Aᵀ·1 (column sums of A).
  const a = Tensor.from(
    [
      [1, 2],
      [3, 4],
    ],
    { requiresGrad: true },
  );
  const b = Tensor.from(
    [
      [5, 6],
      [7, 8],
    ],
    { requiresGrad: true },
  );
  const c = a.matmul(b);
  assert.deepEqual(c.toArray(), [
    [19, 22],
    [43, 50],
  ]);
  c.sum().backward();
  assert.deepEqual(Array.from(a.grad ?? []), [11, 15, 11, 15]);
  assert.deepEqual(Array.from(b.grad ?? []), [4, 4, 6, 6]);
});

test('a weight shared across the batch gets the sum of the per-batch gradients', () => {
  const x = randn([3, 2, 4], 33);
  const w = randn([4, 5], 34);
  x.matmul(w).sum().backward();
  const batched = Float64Array.from(w.grad ?? []);
  w.grad = null;
  for (let t = 0; t < 3; t++)
    x.slice(0, t, t + 1)
      .reshape([2, 4])
      .matmul(w)
      .sum()
      .backward();
  batched.forEach((g, i) => assert.ok(Math.abs(g - (w.grad?.[i] ?? NaN)) < 1e-12));
});

test('inner sizes that differ: an InputError naming both shapes', () => {
  assert.throws(() => Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5])), {
    name: 'InputError',
    message: 'matmul: shapes [2, 3] and [4, 5] do not align (3 ≠ 4)',
  });
  assert.throws(
    () => Tensor.zeros([3]).matmul(Tensor.zeros([4, 5])),
    /matmul: shapes \[3\] and \[4, 5\] do not align \(3 ≠ 4\)/,
  );
  assert.throws(
    () => Tensor.zeros([2, 2, 3]).matmul(Tensor.zeros([3, 3, 1])),
    /matmul \(batch axes\): shapes \[2\] and \[3\] do not broadcast/,
  );
  assert.throws(() => Tensor.scalar(1).matmul(Tensor.zeros([1])), /matmul: needs tensors of at least 1 dimension/);
  assert.throws(
    () => Tensor.zeros([2, 2]).matmul(Tensor.zeros([2, 2], 'float64')),
    /matmul: dtypes float32 and float64 differ/,
  );
});
