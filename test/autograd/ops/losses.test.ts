/** Losses: gradcheck every reduction, crossEntropy's closed-form gradient and stability, and input errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  mseLoss,
  type Reduction,
} from '../../../src/autograd/ops/losses.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../helpers.js';

const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];
const LABELS = [2, 0, 4, 1];

for (const reduction of REDUCTIONS) {
  test(`gradcheck crossEntropy, mseLoss, binaryCrossEntropyWithLogits with reduction '${reduction}'`, () => {
    assertGradcheck((x) => crossEntropy(x, LABELS, reduction), [randn([4, 5], 81, { scale: 2 })]);
    assertGradcheck((p, t) => mseLoss(p, t, reduction), [randn([3, 4], 82), randn([3, 4], 83)]);
    const targets = randn([2, 5], 84).sigmoid().detach();
    targets.requiresGrad = true;
    assertGradcheck(
      (x, y) => binaryCrossEntropyWithLogits(x, y, reduction),
      [randn([2, 5], 85, { scale: 3 }), targets],
    );
  });
}

test('crossEntropy: the mean gradient is (softmax − onehot)/N', () => {
  const logits = randn([3, 4], 86);
  const labels = Int32Array.from([3, 0, 3]);
  crossEntropy(logits, labels).backward();
  const p = logits.softmax().data;
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      const expected = (p[r * 4 + c] - (c === labels[r] ? 1 : 0)) / 3;
      assert.ok(Math.abs((logits.grad?.[r * 4 + c] ?? NaN) - expected) < 1e-15);
    }
  }
});

test('crossEntropy equals −mean log softmax at the labels, and stays finite for logits of 1e4', () => {
  const logits = Tensor.from(
    [
      [1, 2, 3],
      [1, 1, 1],
    ],
    { dtype: 'float64' },
  );
  // Row 0: log(e¹ + e² + e³) − 2; row 1: log 3.
  const expected = (Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 2 + Math.log(3)) / 2;
  assert.ok(Math.abs(crossEntropy(logits, [1, 0]).item() - expected) < 1e-15);
  const huge = Tensor.from([[1e4, 0, -1e4]], { requiresGrad: true });
  const loss = crossEntropy(huge, [1]);
  assert.equal(loss.item(), 1e4);
  loss.backward();
  assert.deepEqual(Array.from(huge.grad ?? []), [1, -1, 0]);
});

test("reductions: 'none' keeps one loss per row or element, 'sum' = N·'mean'", () => {
  const logits = randn([4, 5], 87);
  const none = crossEntropy(logits, LABELS, 'none');
  assert.deepEqual(none.shape, [4]);
  assert.ok(Math.abs(crossEntropy(logits, LABELS, 'sum').item() - 4 * crossEntropy(logits, LABELS).item()) < 1e-14);
  assert.deepEqual(mseLoss(randn([2, 3], 1), randn([2, 3], 2), 'none').shape, [2, 3]);
});

test('mseLoss of [1, 2] against [0, 4] is (1 + 4)/2, with gradient 2(ŷ − y)/N', () => {
  const p = Tensor.from([1, 2], { dtype: 'float64', requiresGrad: true });
  const loss = mseLoss(p, Tensor.from([0, 4], { dtype: 'float64' }));
  assert.equal(loss.item(), 2.5);
  loss.backward();
  assert.deepEqual(Array.from(p.grad ?? []), [1, -2]);
});

test('binaryCrossEntropyWithLogits is finite at ±800 and equals log(1 + e⁻ˣ) for y = 1', () => {
  const x = Tensor.from([-800, 800, 0.3], { dtype: 'float64', requiresGrad: true });
  const losses = binaryCrossEntropyWithLogits(x, Tensor.from([1, 0, 1], { dtype: 'float64' }), 'none');
  assert.deepEqual(Array.from(losses.data).slice(0, 2), [800, 800]);
  assert.ok(Math.abs(losses.data[2] - Math.log1p(Math.exp(-0.3))) < 1e-15);
  losses.sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []).slice(0, 2), [-1, 1]);
});

test('input errors: labels out of range or miscounted, bad shapes, bad reduction', () => {
  const logits = Tensor.zeros([2, 3]);
  assert.throws(() => crossEntropy(logits, [0, 3]), {
    name: 'InputError',
    message: 'crossEntropy: label 3 at index 1 is out of range [0, 3)',
  });
  assert.throws(() => crossEntropy(logits, [-1, 0]), /label -1 at index 0 is out of range/);
  assert.throws(() => crossEntropy(logits, [0.5, 0]), /label 0.5 at index 0/);
  assert.throws(() => crossEntropy(logits, [0]), /crossEntropy: 1 labels for 2 rows/);
  assert.throws(
    () => crossEntropy(Tensor.zeros([3]), [0]),
    /crossEntropy: logits must be \[N, C\] \(got shape \[3\]\)/,
  );
  assert.throws(
    () => crossEntropy(logits, [0, 1], 'avg' as never),
    /crossEntropy: reduction must be 'mean', 'sum' or 'none' \(got "avg"\)/,
  );
  assert.throws(() => mseLoss(Tensor.zeros([2, 3]), Tensor.zeros([3])), {
    name: 'InputError',
    message: 'mseLoss: the input has shape [2, 3] but the target has shape [3] (they must match)',
  });
  assert.throws(
    () => binaryCrossEntropyWithLogits(Tensor.zeros([2]), Tensor.zeros([2], 'float64')),
    /dtypes float32 and float64 differ/,
  );
});
