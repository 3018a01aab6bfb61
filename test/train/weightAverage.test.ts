/**
 * Weight averaging against its closed forms: SWA's running mean equals the arithmetic mean of the weights
 * it took in (AveragedModel's default avg_fn), the EMA equals its unrolled sum, and the state round-trips.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WeightAverage } from '../../src/train/weightAverage.js';
import { assertClose } from '../helpers/close.js';

const snapshots = [
  [1, -2, 0.5],
  [3, 0, 0.25],
  [2, 4, -1],
  [-1, 1, 2],
];

test('swa: after k updates the average is the mean of the k weights taken in', () => {
  const param = { data: new Float64Array(3) };
  const swa = new WeightAverage([param], { mode: 'swa' });
  snapshots.forEach((values, k) => {
    param.data.set(values);
    swa.update();
    const mean = [0, 1, 2].map((i) => snapshots.slice(0, k + 1).reduce((s, v) => s + v[i], 0) / (k + 1));
    assertClose(Array.from(swa.averaged[0]), mean, 1e-15);
  });
  // (1 + 3 + 2 − 1)/4 = 1.25, (−2 + 0 + 4 + 1)/4 = 0.75, (0.5 + 0.25 − 1 + 2)/4 = 0.4375
  assertClose(Array.from(swa.averaged[0]), [1.25, 0.75, 0.4375], 1e-15);
  assert.equal(swa.count, 4);
});

test('ema: the first update copies; then θ̄ = d·θ̄ + (1 − d)·θ (by hand, d = 0.5)', () => {
  const param = { data: new Float32Array(3) };
  const ema = new WeightAverage([param], { mode: 'ema', decay: 0.5 });
  for (const values of snapshots) {
    param.data.set(values);
    ema.update();
  }
  // first: [1, −2, 0.5]; then ½·prev + ½·next: [2, −1, 0.375], [2, 1.5, −0.3125], [0.5, 1.25, 0.84375]
  assertClose(Array.from(ema.averaged[0]), [0.5, 1.25, 0.84375], 1e-15);
  ema.copyTo();
  assert.deepEqual(Array.from(param.data), [0.5, 1.25, 0.84375]);
});

test('state round-trips through JSON; bad options and states are one-line errors', () => {
  const param = { data: Float64Array.of(1, 2) };
  const a = new WeightAverage([param], { mode: 'swa' });
  a.update();
  param.data.set([3, 4]);
  a.update();
  const b = new WeightAverage([param], { mode: 'swa' });
  b.loadStateDict(JSON.parse(JSON.stringify(a.stateDict())));
  param.data.set([5, 9]);
  a.update();
  b.update();
  assert.deepEqual(b.averaged, a.averaged); // [3, 5]
  assert.deepEqual(Array.from(a.averaged[0]), [3, 5]);
  assert.throws(
    () => new WeightAverage([param], { mode: 'mean' as 'swa' }),
    /weightAverage: mode must be 'swa' or 'ema' \(got "mean"\)/,
  );
  assert.throws(
    () => new WeightAverage([param], { mode: 'ema', decay: 1 }),
    /weightAverage: decay must be in \[0, 1\) \(got 1\)/,
  );
  assert.throws(() => b.loadStateDict({ count: 1, averaged: [[1]] }), /weightAverage: state must be \{count, averaged/);
});
