/** Fashion-MNIST from the four files' bytes: pixels scaled to [0, 1], labels checked, normalisation. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'fflate';
import {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_MEAN,
  FASHION_MNIST_STD,
  fashionMnistFromBytes,
  normalize,
} from '../../src/data/fashionMnist.js';
import { InputError } from '../../src/errors.js';

function idxBytes(type: number, dims: number[], payload: number[]): Uint8Array {
  const header = [0, 0, type, dims.length];
  for (const d of dims) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...header, ...payload]);
}

/** count images of 2×2 with pixels [0, 51, 255, k] and labels k mod 10. */
function files(trainCount: number, testCount: number, labelOffset = 0) {
  const images = (count: number) =>
    idxBytes(0x08, [count, 2, 2], Array.from({ length: count }, (_, k) => [0, 51, 255, k]).flat());
  const labels = (count: number) =>
    idxBytes(
      0x08,
      [count],
      Array.from({ length: count }, (_, k) => (k + labelOffset) % 256),
    );
  return {
    trainImages: gzipSync(images(trainCount)),
    trainLabels: gzipSync(labels(trainCount)),
    testImages: images(testCount),
    testLabels: labels(testCount),
  };
}

test('pixels become p / 255 in float32, labels class indices, with the ten class names', () => {
  const { train, test: testSet } = fashionMnistFromBytes(files(3, 2));
  assert.equal(train.n, 3);
  assert.equal(testSet.n, 2);
  assert.equal(train.features, 4);
  assert.equal(train.task, 'classification');
  assert.equal(train.classes, 10);
  assert.deepEqual(Array.from(train.x.subarray(4, 8)), [0, Math.fround(51 / 255), 1, Math.fround(1 / 255)]);
  assert.deepEqual(Array.from(train.y), [0, 1, 2]);
  assert.ok(train.y instanceof Int32Array);
  assert.deepEqual(train.classNames, [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ]);
  assert.equal(FASHION_MNIST_CLASSES.length, 10);
  assert.deepEqual(train.featureNames?.slice(0, 3), ['pixel(0,0)', 'pixel(0,1)', 'pixel(1,0)']);
});

test('labels outside 0…9 and mismatched counts are InputErrors naming the file', () => {
  assert.throws(
    () => fashionMnistFromBytes(files(12, 2, 0)),
    (e: unknown) =>
      e instanceof InputError && /train-labels-idx1-ubyte\.gz: label 10 of example 10 is outside 0…9/.test(e.message),
  );
  const bad = { ...files(3, 2), testLabels: files(3, 3).testLabels };
  assert.throws(
    () => fashionMnistFromBytes(bad),
    /t10k-labels-idx1-ubyte\.gz has 3 labels but t10k-images-idx3-ubyte\.gz has 2 images/,
  );
});

test('normalize computes (x − mean) / std in place with Fashion-MNIST defaults 0.2860 / 0.3530', () => {
  assert.equal(FASHION_MNIST_MEAN, 0.286);
  assert.equal(FASHION_MNIST_STD, 0.353);
  const { train } = fashionMnistFromBytes(files(1, 1));
  const x = train.x;
  assert.equal(normalize(train), train);
  assert.equal(train.x, x, 'in place');
  assert.deepEqual(
    Array.from(x),
    [0, 51 / 255, 1, 0].map((p) => Math.fround((Math.fround(p) - 0.286) / 0.353)),
  );
  const { test: t } = fashionMnistFromBytes(files(1, 1));
  normalize(t, 0.5, 0.5);
  assert.deepEqual(Array.from(t.x), [-1, Math.fround((Math.fround(0.2) - 0.5) / 0.5), 1, -1]);
  assert.throws(() => normalize(t, 0, 0), /normalize: std must be a finite number > 0 \(got 0\)/);
});
