/** Tensor: factories, conversions to and from arrays, inspection, and the errors for malformed input. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Tensor } from '../../src/tensor/tensor.js';

test('Tensor.from a number, nested arrays and typed arrays, with shape, dtype and requiresGrad options', () => {
  const s = Tensor.from(3.5);
  assert.deepEqual(s.shape, []);
  assert.equal(s.item(), 3.5);
  assert.equal(s.dtype, 'float32');

  const m = Tensor.from(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    { requiresGrad: true },
  );
  assert.deepEqual(m.shape, [2, 3]);
  assert.ok(m.data instanceof Float32Array);
  assert.equal(m.requiresGrad, true);
  assert.equal(m.size, 6);
  assert.equal(m.rank, 2);

  const source = Float64Array.from([1, 2, 3, 4]);
  const t = Tensor.from(source, { shape: [2, 2] });
  assert.equal(t.dtype, 'float64');
  assert.notEqual(t.data, source, 'from copies');
  assert.deepEqual(t.toArray(), [
    [1, 2],
    [3, 4],
  ]);
  assert.equal(Tensor.from(source, { dtype: 'float32' }).dtype, 'float32');
  assert.equal(Tensor.from([0.1], { dtype: 'float64' }).data[0], 0.1);
  assert.equal(Tensor.from([0.1]).data[0], Math.fround(0.1));
  assert.deepEqual(Tensor.from([]).shape, [0]);
});

test('zeros, ones, full and scalar', () => {
  assert.deepEqual(Tensor.zeros([2, 2]).toArray(), [
    [0, 0],
    [0, 0],
  ]);
  assert.deepEqual(Tensor.ones([3], 'float64').toArray(), [1, 1, 1]);
  assert.equal(Tensor.ones([3], 'float64').dtype, 'float64');
  assert.deepEqual(Tensor.full([1, 2], 7).toArray(), [[7, 7]]);
  const s = Tensor.scalar(2, 'float64', true);
  assert.deepEqual(s.shape, []);
  assert.equal(s.requiresGrad, true);
  assert.equal(Tensor.zeros([2]).grad, null);
});

test('detach shares the values without the graph; clone copies them', () => {
  const x = Tensor.from([1, 2], { requiresGrad: true });
  const y = x.mul(2);
  const d = y.detach();
  assert.equal(d.data, y.data);
  assert.equal(d.requiresGrad, false);
  assert.equal(d._node, null);
  assert.notEqual(y.clone().data, y.data);
});

test('malformed input is an InputError naming the problem', () => {
  assert.throws(() => Tensor.from([[1, 2], [3]]), {
    name: 'InputError',
    message:
      /Tensor.from: ragged nested array: expected 2 entries at depth 1 of a \[2, 2\] array \(got an array of 1\)/,
  });
  assert.throws(() => Tensor.from([[1, 2], 3] as never), /ragged nested array/);
  assert.throws(
    () => Tensor.from([1, 'a'] as never),
    /Tensor.from: expected a number at depth 1 of a \[2\] array \(got string\)/,
  );
  assert.throws(
    () => Tensor.from([1, 2, 3], { shape: [2, 2] }),
    /Tensor.from: 3 values do not fill shape \[2, 2\] \(4 elements\)/,
  );
  assert.throws(
    () => Tensor.zeros([2, -1]),
    /Tensor.zeros: a shape must be an array of non-negative integers \(got \[2,-1\]\)/,
  );
  assert.throws(
    () => Tensor.zeros([2], 'int32' as never),
    /Tensor.zeros: dtype must be 'float32' or 'float64' \(got "int32"\)/,
  );
  assert.throws(() => new Tensor(new Float32Array(3), [2, 2]), /Tensor: 3 values do not fill shape \[2, 2\]/);
  assert.throws(() => Tensor.from([1, 2]).item(), /item: the tensor has 2 elements, not 1/);
});

test('toString names shape, dtype and requiresGrad', () => {
  assert.equal(String(Tensor.zeros([2, 3], 'float64', true)), 'Tensor(shape=[2, 3], dtype=float64, requiresGrad)');
});

test('property: toArray inverts from for rectangular nested arrays of any rank', () => {
  const nested = fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: 0, maxLength: 4 })
    .chain((shape) => build(shape).map((values) => ({ shape, values })));
  fc.assert(
    fc.property(nested, ({ shape, values }) => {
      const t = Tensor.from(values as never, { dtype: 'float64' });
      assert.deepEqual(t.shape, shape);
      assert.deepEqual(t.toArray(), values);
    }),
  );
});

function build(shape: number[]): fc.Arbitrary<unknown> {
  if (shape.length === 0) return fc.double({ noNaN: true, noDefaultInfinity: true });
  return fc.array(build(shape.slice(1)), { minLength: shape[0], maxLength: shape[0] });
}
