/** softmax and logSoftmax: gradcheck along each axis, normalisation, stability at huge logits. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tensor } from '../../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../helpers.js';

for (const axis of [-1, 0, 1]) {
  test(`gradcheck softmax and logSoftmax along axis ${axis}`, () => {
    const x = randn([2, 3, 4], 71, { scale: 2 });
    assertGradcheck((t) => t.softmax(axis), [x]);
    assertGradcheck((t) => t.logSoftmax(axis), [x]);
  });
}

test('softmax rows sum to 1 and equal exp(logSoftmax)', () => {
  const x = randn([4, 5], 72, { scale: 3 });
  const p = x.softmax();
  const sums = p.sum(1);
  for (const s of sums.data) assert.ok(Math.abs(s - 1) < 1e-15);
  const viaLog = x.logSoftmax().exp();
  p.data.forEach((v, i) => assert.ok(Math.abs(v - viaLog.data[i]) < 1e-15));
});

test('softmax is stable for logits of ±1000: the shift by the maximum keeps exp finite', () => {
  const x = Tensor.from(
    [
      [1000, 1000, -1000],
      [-1000, 0, 1000],
    ],
    { dtype: 'float64' },
  );
  assert.deepEqual(x.softmax().toArray(), [
    [0.5, 0.5, 0],
    [0, 0, 1],
  ]);
  const logP = x.logSoftmax();
  assert.equal(logP.data[0], -Math.LN2);
  assert.equal(logP.data[2], -2000 - Math.LN2);
  assert.equal(logP.data[5], 0);
});

test('softmax of a constant row is uniform, in float32 too', () => {
  assert.deepEqual(Tensor.full([1, 4], 7).softmax().toArray(), [[0.25, 0.25, 0.25, 0.25]]);
});
