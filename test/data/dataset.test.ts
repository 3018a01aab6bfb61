/** Datasets as typed arrays: subsets copy the right rows, splits partition the examples, checks catch mismatches. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkDataset, splitIndices, subset, trainValidationSplit, type Dataset } from '../../src/data/dataset.js';
import { InputError } from '../../src/errors.js';
import { Random } from '../../src/tensor/random.js';

/** Example i has features [i, 10·i] and label i mod 3 (classification) or targets [−i, i/2] (regression). */
function classificationSet(n: number): Dataset {
  return {
    x: Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 10 * ((k - 1) / 2))),
    y: Int32Array.from({ length: n }, (_, i) => i % 3),
    n,
    features: 2,
    task: 'classification',
    classes: 3,
  };
}

function regressionSet(n: number): Dataset {
  return {
    x: Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? k / 2 : 10 * ((k - 1) / 2))),
    y: Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? -k / 2 : (k - 1) / 4)),
    n,
    features: 2,
    task: 'regression',
    targets: 2,
  };
}

test('subset copies the chosen rows of x and y, in order and with repeats', () => {
  const ds = classificationSet(5);
  const s = subset(ds, [4, 0, 4]);
  assert.equal(s.n, 3);
  assert.deepEqual(Array.from(s.x), [4, 40, 0, 0, 4, 40]);
  assert.deepEqual(Array.from(s.y), [1, 0, 1]);
  assert.ok(s.y instanceof Int32Array);
  s.x[0] = 99;
  assert.equal(ds.x[8], 4, 'a subset is a copy');
  const r = subset(regressionSet(4), [3, 1]);
  assert.ok(r.y instanceof Float32Array);
  assert.deepEqual(Array.from(r.y), [-3, 1.5, -1, 0.5]);
  assert.throws(() => subset(ds, [5]), /subset: index 5 is outside \[0, 5\)/);
});

test('checkDataset accepts consistent sets and names the first mismatch', () => {
  checkDataset(classificationSet(4));
  checkDataset(regressionSet(4));
  assert.throws(() => checkDataset({ ...classificationSet(4), n: 5 }), /x has 8 values; n × features = 5 × 2 = 10/);
  assert.throws(
    () => checkDataset({ ...classificationSet(4), classes: 2 }),
    /label 2 of example 2 is outside \[0, 2\)/,
  );
  assert.throws(() => checkDataset({ ...regressionSet(4), targets: 1 }), /y has 8 values; n × targets = 4 × 1 = 4/);
  assert.throws(() => checkDataset({ ...regressionSet(4), y: new Int32Array(8) }), /Float32Array/);
});

test('trainValidationSplit partitions the examples: every one in exactly one part', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 300 }),
      fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      fc.nat(1000),
      (n, fraction, seed) => {
        const ds = classificationSet(n);
        const { train, validation } = trainValidationSplit(ds, fraction, new Random(seed));
        assert.equal(validation.n, Math.min(n - 1, Math.max(1, Math.round(n * fraction))));
        assert.equal(train.n + validation.n, n);
        // Feature 0 of example i is i, so the first features name the examples.
        const seen = [...train.x.filter((_, k) => k % 2 === 0), ...validation.x.filter((_, k) => k % 2 === 0)].sort(
          (a, b) => a - b,
        );
        assert.deepEqual(
          seen,
          Array.from({ length: n }, (_, i) => i),
        );
        // Labels travel with their rows.
        for (let i = 0; i < train.n; i++) assert.equal(train.y[i], train.x[2 * i] % 3);
      },
    ),
    { numRuns: 100 },
  );
});

test('the split is shuffled, and the same seed gives the same split', () => {
  const ds = classificationSet(100);
  const a = splitIndices(100, 0.2, new Random(3));
  const b = splitIndices(100, 0.2, new Random(3));
  const c = splitIndices(100, 0.2, new Random(4));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.validation, c.validation);
  assert.notDeepEqual(
    Array.from(a.validation),
    Array.from({ length: 20 }, (_, i) => i),
    'not the first rows',
  );
  assert.equal(trainValidationSplit(ds, 0.2, new Random(3)).validation.x[0], a.validation[0]);
});

test('a validation fraction outside (0, 1) or too few examples is an InputError', () => {
  const ds = classificationSet(10);
  for (const bad of [0, 1, -0.1, 1.5, Number.NaN]) {
    assert.throws(
      () => trainValidationSplit(ds, bad, new Random(0)),
      (e: unknown) => e instanceof InputError && /validationFraction must be in \(0, 1\)/.test(e.message),
    );
  }
  assert.throws(() => trainValidationSplit(classificationSet(1), 0.5, new Random(0)), /at least 2 examples/);
});
