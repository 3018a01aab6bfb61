/** Shape helpers: broadcasting rules and messages, broadcast strides, axes, reshape targets. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  aroundAxis,
  broadcastShapes,
  broadcastStrides,
  normalizeAxes,
  normalizeAxis,
  resolveReshape,
  sizeOf,
  stridesOf,
} from '../../src/tensor/shape.js';

test('broadcastShapes follows NumPy: right-aligned, sizes equal or 1, missing axes count as 1', () => {
  assert.deepEqual(broadcastShapes([3, 1], [1, 4]), [3, 4]);
  assert.deepEqual(broadcastShapes([2, 3, 4], [4]), [2, 3, 4]);
  assert.deepEqual(broadcastShapes([], [2, 3]), [2, 3]);
  assert.deepEqual(broadcastShapes([5, 1, 3], [4, 1]), [5, 4, 3]);
  assert.deepEqual(broadcastShapes([0, 1], [1, 3]), [0, 3]);
});

test('shapes that do not broadcast: the message names the op, both shapes and the axis', () => {
  assert.throws(() => broadcastShapes([2, 3], [3, 2], 'mul'), {
    name: 'InputError',
    message: 'mul: shapes [2, 3] and [3, 2] do not broadcast (axis 1: 3 vs 2; sizes must match or be 1)',
  });
});

test('property: broadcasting is symmetric and each input size is 1 or the result size', () => {
  const shape = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 });
  fc.assert(
    fc.property(shape, shape, (a, b) => {
      let ab: number[] | Error;
      try {
        ab = broadcastShapes(a, b);
      } catch (e) {
        ab = e as Error;
      }
      if (ab instanceof Error) {
        assert.throws(() => broadcastShapes(b, a));
        return;
      }
      assert.deepEqual(broadcastShapes(b, a), ab);
      for (const s of [a, b])
        s.forEach((n, i) => assert.ok(n === 1 || n === (ab as number[])[ab.length - s.length + i]));
    }),
  );
});

test('strides: row-major, and 0 along broadcast axes', () => {
  assert.deepEqual(stridesOf([2, 3, 4]), [12, 4, 1]);
  assert.deepEqual(broadcastStrides([3, 1], [2, 3, 4]), [0, 1, 0]);
  assert.deepEqual(broadcastStrides([4], [2, 3, 4]), [0, 0, 1]);
  assert.equal(sizeOf([]), 1);
  assert.deepEqual(aroundAxis([2, 3, 4], 1), { outer: 2, length: 3, inner: 4 });
});

test('axes: negative axes count from the end; out-of-range and repeated axes are errors', () => {
  assert.equal(normalizeAxis('sum', -1, 3), 2);
  assert.deepEqual(normalizeAxes('sum', [2, -3], 3), [0, 2]);
  assert.deepEqual(normalizeAxes('sum', undefined, 2), [0, 1]);
  assert.throws(
    () => normalizeAxis('softmax', 0, 0),
    /softmax: axis 0 is out of range for a tensor of rank 0 \(valid: none: the tensor is a scalar\)/,
  );
  assert.throws(() => normalizeAxis('sum', 1.5, 3), /axis 1.5 is out of range/);
  assert.throws(() => normalizeAxes('sum', [1, -2], 3), /repeats an axis/);
});

test('resolveReshape fills in the −1 and checks the element count', () => {
  assert.deepEqual(resolveReshape([2, 6], [3, -1]), [3, 4]);
  assert.deepEqual(resolveReshape([0, 4], [0, 2, 2]), [0, 2, 2]);
  assert.throws(() => resolveReshape([2, 6], [5, -1]), /cannot reshape \[2, 6\] \(12 elements\) to \[5, -1\]/);
  assert.throws(() => resolveReshape([2, 6], [3, 3]), /cannot reshape/);
  assert.throws(() => resolveReshape([2, 6], [2.5, 4]), /is not a valid shape/);
});
