/** The fused linear op y = x·Wᵀ + b: gradcheck in every layout, equality with matmul + add, and its input errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { linear } from '../../../src/autograd/ops/linear.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../helpers.js';

const SHAPES: [string, number[], number[]][] = [
  ['2-D input', [5, 4], [3, 4]],
  ['odd sizes (kernel tails)', [7, 9], [6, 9]],
  ['3-D input', [2, 3, 4], [5, 4]],
  ['1-D input', [4], [3, 4]],
];

for (const [name, xShape, wShape] of SHAPES) {
  test(`linear with bias, ${name}: gradcheck on x, W and b (float64)`, () => {
    assertGradcheck((x, w, b) => linear(x, w, b), [randn(xShape, 1), randn(wShape, 2), randn([wShape[0]], 3)]);
  });

  test(`linear without bias, ${name}: gradcheck on x and W (float64)`, () => {
    assertGradcheck((x, w) => linear(x, w), [randn(xShape, 4), randn(wShape, 5)]);
  });
}

test('linear equals x·Wᵀ + b, values and gradients', () => {
  const [x1, w1, b1] = [randn([6, 5], 6), randn([3, 5], 7), randn([3], 8)];
  const [x2, w2, b2] = [x1, w1, b1].map((t) => Tensor.from(t.data, { shape: [...t.shape], requiresGrad: true }));
  const weights = randn([6, 3], 9).detach();
  const fused = linear(x1, w1, b1);
  const composed = x2.matmul(w2.t()).add(b2);
  fused.data.forEach((v, i) => assert.ok(Math.abs(v - composed.data[i]) < 1e-14));
  fused.backward(weights);
  composed.backward(weights);
  for (const [a, b] of [
    [x1, x2],
    [w1, w2],
    [b1, b2],
  ]) {
    (a.grad ?? []).forEach((g, i) => assert.ok(Math.abs(g - (b.grad?.[i] ?? NaN)) < 1e-13));
  }
});

test('a 2×2 layer by hand: y = x·Wᵀ + b, ∂L/∂b = column sums of ∂L/∂y', () => {
  const x = Tensor.from(
    [
      [1, 2],
      [3, 4],
    ],
    { requiresGrad: true },
  );
  const w = Tensor.from(
    [
      [1, 0],
      [2, -1],
    ],
    { requiresGrad: true },
  );
  const b = Tensor.from([10, 20], { requiresGrad: true });
  const y = linear(x, w, b);
  assert.deepEqual(y.toArray(), [
    [11, 20],
    [13, 22],
  ]);
  y.sum().backward();
  assert.deepEqual(Array.from(b.grad ?? []), [2, 2]);
  assert.deepEqual(Array.from(w.grad ?? []), [4, 6, 4, 6]); // Σₙ xₙ for each row of W
  assert.deepEqual(Array.from(x.grad ?? []), [3, -1, 3, -1]); // Σₒ W[o, ·]
});

test('only the inputs that require a gradient get one', () => {
  const x = Tensor.from([[1, 2]], { dtype: 'float64' });
  const w = randn([3, 2], 10);
  const b = Tensor.from([0, 0, 0], { dtype: 'float64' });
  linear(x, w, b).sum().backward();
  assert.equal(x.grad, null);
  assert.equal(b.grad, null);
  assert.deepEqual(Array.from(w.grad ?? []), [1, 2, 1, 2, 1, 2]);
});

test('input errors name the shapes', () => {
  assert.throws(() => linear(Tensor.zeros([2, 3]), Tensor.zeros([4, 5])), {
    name: 'InputError',
    message:
      'linear: the input of shape [2, 3] does not fit the weight of shape [4, 5] (its last axis must have 5 features)',
  });
  assert.throws(() => linear(Tensor.zeros([2, 3]), Tensor.zeros([3])), {
    message: /the weight must be \[out, in\] \(got shape \[3\]\)/,
  });
  assert.throws(() => linear(Tensor.zeros([2, 3]), Tensor.zeros([4, 3]), Tensor.zeros([3])), {
    message: 'linear: the bias must have shape [4] for a weight of shape [4, 3] (got [3])',
  });
  assert.throws(() => linear(Tensor.zeros([2, 3]), Tensor.zeros([4, 3], 'float64')), {
    message: /dtypes float32 and float64 differ/,
  });
  assert.throws(() => linear(Tensor.scalar(1), Tensor.zeros([4, 1])), { message: /input of shape \[\] does not fit/ });
});
