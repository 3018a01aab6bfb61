/** IDX files: hand-built files (plain and gzip) read back exactly; every kind of malformed file is named. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { isGzip, parseIdx, parseIdxImages, parseIdxLabels } from '../../src/data/idx.js';
import { InputError } from '../../src/errors.js';

/** An IDX file written byte by byte: 0, 0, type, rank, big-endian dims, then the payload. */
function idxBytes(type: number, dims: number[], payload: number[]): Uint8Array {
  const header = [0, 0, type, dims.length];
  for (const d of dims) header.push((d >>> 24) & 255, (d >>> 16) & 255, (d >>> 8) & 255, d & 255);
  return Uint8Array.from([...header, ...payload]);
}

function inputError(message: RegExp): (e: unknown) => boolean {
  return (e: unknown) => e instanceof InputError && message.test(e.message) && !e.message.includes('\n');
}

test('a label file reads back: magic 0x00000801, count 3', () => {
  const bytes = idxBytes(0x08, [3], [7, 0, 9]);
  assert.deepEqual(Array.from(bytes.subarray(0, 8)), [0, 0, 8, 1, 0, 0, 0, 3]);
  assert.deepEqual(Array.from(parseIdxLabels(bytes)), [7, 0, 9]);
});

test('an image file reads back: 2 images of 2×3, dims big-endian', () => {
  const pixels = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255];
  const images = parseIdxImages(idxBytes(0x08, [2, 2, 3], pixels));
  assert.deepEqual({ count: images.count, rows: images.rows, cols: images.cols }, { count: 2, rows: 2, cols: 3 });
  assert.deepEqual(Array.from(images.pixels), pixels);
});

test('dimensions above 255 are read big-endian (300 = 0x012c)', () => {
  const labels = Array.from({ length: 300 }, (_, i) => i % 10);
  const bytes = idxBytes(0x08, [300], labels);
  assert.deepEqual(Array.from(bytes.subarray(4, 8)), [0, 0, 1, 0x2c]);
  assert.deepEqual(Array.from(parseIdxLabels(bytes)), labels);
});

test('gzip-compressed files are detected by 1f 8b and give the same arrays (round trip, any content)', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 5 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }),
      fc.infiniteStream(fc.integer({ min: 0, max: 255 })),
      (count, rows, cols, stream) => {
        const pixels = [...stream.take(count * rows * cols)];
        const plain = idxBytes(0x08, [count, rows, cols], pixels);
        const gzipped = gzipSync(plain);
        assert.ok(isGzip(gzipped) && !isGzip(plain));
        assert.deepEqual(parseIdxImages(gzipped), parseIdxImages(plain));
        assert.deepEqual(Array.from(parseIdxImages(gzipped).pixels), pixels);
      },
    ),
    { numRuns: 50 },
  );
});

test('multi-byte element types are big-endian: int16, int32, float32, float64, and int8 is signed', () => {
  // int16 −2 = 0xfffe, 258 = 0x0102
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0b, [2], [0xff, 0xfe, 0x01, 0x02])).data), [-2, 258]);
  // int32 −1 and 16909060 = 0x01020304
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0c, [2], [255, 255, 255, 255, 1, 2, 3, 4])).data), [-1, 16909060]);
  // float32 1.5 = 0x3fc00000
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0d, [1], [0x3f, 0xc0, 0, 0])).data), [1.5]);
  // float64 −2 = 0xc000000000000000
  assert.deepEqual(Array.from(parseIdx(idxBytes(0x0e, [1], [0xc0, 0, 0, 0, 0, 0, 0, 0])).data), [-2]);
  const int8 = parseIdx(idxBytes(0x09, [2], [0xff, 0x7f]));
  assert.equal(int8.type, 'int8');
  assert.deepEqual(Array.from(int8.data), [-1, 127]);
});

test('malformed files are InputErrors that say what is wrong', () => {
  const cases: [Uint8Array, RegExp][] = [
    [Uint8Array.from([0, 0, 8]), /labels\.idx: 3 bytes is too short for the 4-byte IDX magic number/],
    [Uint8Array.from([1, 2, 8, 1, 0, 0, 0, 0]), /bad IDX magic number 0x01020801 \(must start 0x0000\)/],
    [idxBytes(0x07, [1], [0]), /bad IDX magic number 0x00000701: element type 0x07 is not one of/],
    [
      Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0]),
      /truncated header: 3 dimensions need 16 header bytes, the file has 10/,
    ],
    [
      idxBytes(0x08, [2, 2, 2], [1, 2, 3, 4, 5, 6, 7]),
      /truncated: dimensions 2×2×2 of uint8 need 8 data bytes, the file has 7/,
    ],
    [
      idxBytes(0x08, [2], [1, 2, 3]),
      /longer than its dimensions say: dimensions 2 of uint8 need 2 data bytes, the file has 3/,
    ],
    [idxBytes(0x0b, [2], [0, 1, 0]), /truncated: dimensions 2 of int16 need 4 data bytes, the file has 3/],
    [gzipSync(idxBytes(0x08, [4], [1, 2])), /truncated: dimensions 4 of uint8 need 4 data bytes, the file has 2/],
    [gzipSync(idxBytes(0x08, [4], [1, 2, 3, 4])).subarray(0, 12), /labels\.idx: not a valid gzip stream/],
  ];
  for (const [bytes, message] of cases)
    assert.throws(() => parseIdx(bytes, 'labels.idx'), inputError(message), String(message));
});

test('a label file where images are expected (and the reverse) is named as such', () => {
  const labels = idxBytes(0x08, [2], [1, 2]);
  const images = idxBytes(0x08, [1, 1, 2], [1, 2]);
  assert.throws(
    () => parseIdxImages(labels, 'images.gz'),
    inputError(
      /images\.gz: expected magic number 0x00000803 \(uint8 images, 3 dimensions\), got uint8 with 1 dimension$/,
    ),
  );
  assert.throws(
    () => parseIdxLabels(images, 'labels.gz'),
    inputError(/labels\.gz: expected magic number 0x00000801 .*, got uint8 with 3 dimensions$/),
  );
  assert.throws(() => parseIdxLabels(idxBytes(0x0c, [1], [0, 0, 0, 1])), inputError(/got int32 with 1 dimension/));
});
