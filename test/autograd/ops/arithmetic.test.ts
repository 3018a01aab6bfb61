/** add, sub, mul, div: broadcasting forward values, gradients summed over broadcast axes, and their errors. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Tensor } from '../../../src/tensor/tensor.js';
import { InputError } from '../../../src/errors.js';
import { assertGradcheck, randn } from '../helpers.js';

const BROADCAST_PAIRS: [number[], number[]][] = [
  [
    [3, 1],
    [1, 4],
  ],
  [[2, 3, 4], [4]],
  [
    [2, 3, 4],
    [3, 1],
  ],
  [[4], [2, 3, 4]],
  [[], [2, 3]],
  [[2, 3], []],
  [
    [2, 3],
    [2, 3],
  ],
  [
    [1, 3, 1],
    [2, 1, 4],
  ],
];

for (const [aShape, bShape] of BROADCAST_PAIRS) {
  test(`gradcheck add, sub, mul, div on [${aShape}] and [${bShape}]`, () => {
    const a = randn(aShape, 1);
    // Divisors away from zero, so the difference quotient of 1/b is well conditioned.
    const b = randn(bShape, 2, { scale: 0.3, shift: 2 });
    assertGradcheck((x, y) => x.add(y), [a, b]);
    assertGradcheck((x, y) => x.sub(y), [a, b]);
    assertGradcheck((x, y) => x.mul(y), [a, b]);
    assertGradcheck((x, y) => x.div(y), [a, b]);
  });
}

test('[3, 1] + [1, 4]: every element of the [3, 4] sum uses a[i] and b[j] once, so ∂/∂a = 4 and ∂/∂b = 3', () => {
  const a = Tensor.from([[1], [2], [3]], { requiresGrad: true });
  const b = Tensor.from([[10, 20, 30, 40]], { requiresGrad: true });
  const c = a.add(b);
  assert.deepEqual(c.toArray(), [
    [11, 21, 31, 41],
    [12, 22, 32, 42],
    [13, 23, 33, 43],
  ]);
  c.sum().backward();
  assert.deepEqual(Array.from(a.grad ?? []), [4, 4, 4]);
  assert.deepEqual(Array.from(b.grad ?? []), [3, 3, 3, 3]);
});

test('[2, 3] · [3]: the row vector gradient is the column sums of the other operand', () => {
  // ∂/∂b[j] Σᵢⱼ a[i,j]·b[j] = Σᵢ a[i,j] = [1+4, 2+5, 3+6]
  const a = Tensor.from(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    { requiresGrad: true },
  );
  const b = Tensor.from([7, 8, 9], { requiresGrad: true });
  a.mul(b).sum().backward();
  assert.deepEqual(Array.from(b.grad ?? []), [5, 7, 9]);
  assert.deepEqual(Array.from(a.grad ?? []), [7, 8, 9, 7, 8, 9]);
});

test('a / b: ∂/∂b = −a/b² (1/2 → −1/4 at a = 1, b = 2)', () => {
  const a = Tensor.scalar(1, 'float64', true);
  const b = Tensor.scalar(2, 'float64', true);
  a.div(b).backward();
  assert.equal(a.grad?.[0], 0.5);
  assert.equal(b.grad?.[0], -0.25);
});

test('number operands are constants of the tensor dtype and get no gradient', () => {
  const x = Tensor.from([1, 2], { dtype: 'float64', requiresGrad: true });
  const y = x.mul(3).add(1).sub(0.5).div(2);
  assert.equal(y.dtype, 'float64');
  assert.deepEqual(y.toArray(), [1.75, 3.25]);
  y.sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [1.5, 1.5]);
});

test('float32 arithmetic rounds like IEEE float32 (0.1 + 0.2 in float32)', () => {
  const c = Tensor.from([0.1]).add(Tensor.from([0.2]));
  assert.equal(c.data[0], Math.fround(Math.fround(0.1) + Math.fround(0.2)));
});

test('shapes that do not broadcast: an InputError naming the op and both shapes', () => {
  assert.throws(() => Tensor.zeros([2, 3]).add(Tensor.zeros([4])), {
    name: 'InputError',
    message: 'add: shapes [2, 3] and [4] do not broadcast (axis 1: 3 vs 4; sizes must match or be 1)',
  });
  assert.throws(() => Tensor.zeros([2, 3]).mul(Tensor.zeros([3, 3])), /mul: shapes \[2, 3\] and \[3, 3\]/);
});

test('mixing dtypes is an InputError naming both', () => {
  assert.throws(
    () => Tensor.zeros([2], 'float32').add(Tensor.zeros([2], 'float64')),
    (e: Error) => {
      return e instanceof InputError && /add: dtypes float32 and float64 differ/.test(e.message);
    },
  );
});

test('property: broadcasting matches indexing each operand at its broadcast index', () => {
  const size = fc.integer({ min: 1, max: 3 });
  const shapePair = fc
    .array(fc.tuple(size, fc.constantFrom('both', 'a1', 'b1')), { minLength: 0, maxLength: 4 })
    .chain((axes) =>
      fc
        .tuple(fc.integer({ min: 0, max: axes.length }), fc.integer({ min: 0, max: axes.length }))
        .map(([dropA, dropB]) => {
          const a = axes.map(([n, kind]) => (kind === 'a1' ? 1 : n)).slice(dropA);
          const b = axes.map(([n, kind]) => (kind === 'b1' ? 1 : n)).slice(dropB);
          return { a, b, out: broadcastOf(a, b) };
        }),
    );
  fc.assert(
    fc.property(shapePair, fc.integer({ min: 0, max: 1000 }), ({ a, b, out }, seed) => {
      const x = randn(a, seed);
      const y = randn(b, seed + 1);
      const c = x.mul(y);
      assert.deepEqual(c.shape, out);
      for (let flat = 0; flat < c.size; flat++) {
        const index = unravel(flat, out);
        assert.equal(c.data[flat], x.data[ravelBroadcast(index, a)] * y.data[ravelBroadcast(index, b)]);
      }
    }),
    { numRuns: 200 },
  );
});

test('property: the gradient of a broadcast operand passes gradcheck', () => {
  fc.assert(
    fc.property(fc.constantFrom(...BROADCAST_PAIRS), fc.integer({ min: 0, max: 1000 }), ([aShape, bShape], seed) => {
      assertGradcheck((x, y) => x.mul(y).add(x), [randn(aShape, seed), randn(bShape, seed + 7)]);
    }),
    { numRuns: 20 },
  );
});

/** The broadcast of shapes a and b (known to be compatible): right-aligned, the larger size of each pair. */
function broadcastOf(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const at = (shape: number[], axis: number) => shape[shape.length - rank + axis] ?? 1;
  return Array.from({ length: rank }, (_, axis) => Math.max(at(a, axis), at(b, axis)));
}

function unravel(flat: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = flat % shape[axis];
    flat = Math.floor(flat / shape[axis]);
  }
  return index;
}

/** The flat position in an operand of `shape` read at output index `index` (size-1 axes pinned to 0). */
function ravelBroadcast(index: number[], shape: number[]): number {
  const lead = index.length - shape.length;
  let flat = 0;
  for (let axis = 0; axis < shape.length; axis++)
    flat = flat * shape[axis] + (shape[axis] === 1 ? 0 : index[lead + axis]);
  return flat;
}
