/** Reading datasets from disk: Fashion-MNIST (tiny fixture and the real files), CSV files, and the errors. */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FASHION_MNIST_DIR, loadCsvFile, loadCsvTestFile, loadFashionMnist } from '../../src/cli/data.js';
import { InputError } from '../../src/errors.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/data/', import.meta.url));
const TINY = join(FIXTURES, 'tiny-fashion');

test('the tiny fixture (written by generate.py, gzip and plain) loads as generate.py describes it', () => {
  const { train, test: testSet } = loadFashionMnist(TINY);
  assert.equal(train.n, 3);
  assert.equal(testSet.n, 2);
  assert.equal(train.features, 784);
  // Image k, pixel (r, c) = (7k + 3r + c) mod 256; label k = (3k + 1) mod 10.
  for (const [k, r, c] of [
    [0, 0, 0],
    [1, 2, 5],
    [2, 27, 27],
  ]) {
    assert.equal(train.x[k * 784 + r * 28 + c], Math.fround(((7 * k + 3 * r + c) % 256) / 255));
  }
  assert.deepEqual(Array.from(train.y), [1, 4, 7]);
  assert.deepEqual(Array.from(testSet.y), [1, 4]);
});

test('a missing directory or file says which and how to install', () => {
  assert.throws(
    () => loadFashionMnist('/nonexistent/fashion'),
    (e: unknown) =>
      e instanceof InputError &&
      e.message ===
        'Fashion-MNIST: no directory /nonexistent/fashion; install it with `apt-get install dataset-fashion-mnist` (Debian) or pass --data DIR',
  );
  const dir = mkdtempSync(join(tmpdir(), 'downhill-fashion-'));
  try {
    copyFileSync(join(TINY, 'train-images-idx3-ubyte.gz'), join(dir, 'train-images-idx3-ubyte.gz'));
    assert.throws(
      () => loadFashionMnist(dir),
      (e: unknown) =>
        e instanceof InputError &&
        e.message.startsWith(
          `Fashion-MNIST: missing ${join(dir, 'train-labels-idx1-ubyte.gz')}; install it with \`apt-get install dataset-fashion-mnist\``,
        ),
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the real Fashion-MNIST: 60000 / 10000 images of 784 pixels, 6000 / 1000 per class', (t) => {
  if (!existsSync(DEFAULT_FASHION_MNIST_DIR)) {
    t.skip(`${DEFAULT_FASHION_MNIST_DIR} is absent (apt-get install dataset-fashion-mnist)`);
    return;
  }
  const { train, test: testSet } = loadFashionMnist();
  assert.equal(train.n, 60000);
  assert.equal(testSet.n, 10000);
  assert.equal(train.features, 784);
  assert.equal(train.x.length, 60000 * 784);
  for (const [ds, perClass] of [
    [train, 6000],
    [testSet, 1000],
  ] as const) {
    const counts = new Array(10).fill(0);
    for (const label of ds.y) counts[label]++;
    assert.deepEqual(counts, new Array(10).fill(perClass));
  }
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of train.x) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.deepEqual([min, max], [0, 1]);
  assert.ok(Math.abs(sum / train.x.length - 0.286) < 5e-4, 'the commonly used mean 0.2860');
});

test('loadCsvFile and loadCsvTestFile read files; their errors name the file', () => {
  const { train, preprocessor } = loadCsvFile(join(FIXTURES, 'small.csv'), { target: 'label', ignore: ['id'] });
  assert.equal(train.n, 6);
  assert.deepEqual(train.featureNames, ['area', 'kind=flat', 'kind=house']);
  assert.deepEqual(train.classNames, ['high', 'low']);
  const testSet = loadCsvTestFile(join(FIXTURES, 'small-test.csv'), preprocessor);
  assert.deepEqual(Array.from(testSet.y), [1, 0]);
  assert.deepEqual(Array.from(testSet.x.subarray(4, 6)), [0, 0], "'villa' was never seen");
  const ragged = join(FIXTURES, 'ragged.csv');
  assert.throws(
    () => loadCsvFile(ragged, { target: 'label' }),
    (e: unknown) => e instanceof InputError && e.message === `${ragged}: line 5 has 2 fields; the header has 3`,
  );
  assert.throws(
    () => loadCsvFile(join(FIXTURES, 'none.csv'), { target: 'label' }),
    /cannot read .*none\.csv: no such file/,
  );
  assert.throws(() => loadCsvFile(FIXTURES, { target: 'label' }), /it is a directory/);
});
