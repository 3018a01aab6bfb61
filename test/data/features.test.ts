/** Input features from (x1, x2), as TensorFlow Playground offers them: each value by hand, and bad lists. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { parseFeatureList, withFeatureList } from '../../src/data/features.js';

const data: Dataset = {
  x: Float32Array.from([0.5, -2, 3, 0]),
  y: Int32Array.from([0, 1]),
  n: 2,
  features: 2,
  task: 'classification',
  classes: 2,
};

test('each feature of (0.5, −2) and (3, 0), in the order the list names them', () => {
  const mapped = withFeatureList(data, 'x1,x2,x1Squared,x2Squared,x1x2,sinX1,sinX2');
  assert.equal(mapped.features, 7);
  const f = Math.fround;
  // x1, x2, x1², x2², x1·x2, sin x1, sin x2 of each point, rounded to float32 as the data are stored.
  assert.deepEqual(Array.from(mapped.x), [
    0.5,
    -2,
    0.25,
    4,
    -1,
    f(Math.sin(0.5)),
    f(Math.sin(-2)),
    3,
    0,
    9,
    0,
    0,
    f(Math.sin(3)),
    0,
  ]);
  assert.deepEqual(Array.from(withFeatureList(data, 'X2_SQUARED, x1').x), [4, 0.5, 0, 3]);
  assert.equal(withFeatureList(data, undefined), data);
});

test('an unknown or repeated feature, or data without two inputs, is one line naming it', () => {
  assert.throws(() => parseFeatureList('x1,cosX1'), /^InputError: unknown feature 'cosX1'; valid: x1, x2, x1Squared/);
  assert.throws(() => parseFeatureList('x1,X1'), /^InputError: features: 'x1' is listed twice$/);
  const wide = { ...data, x: new Float32Array(6), features: 3 };
  assert.throws(
    () => withFeatureList(wide, 'x1'),
    /^InputError: features: computed from two inputs \(x1, x2\), but the data set has 3 input columns$/,
  );
});
