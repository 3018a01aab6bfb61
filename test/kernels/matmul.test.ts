/**
 * The three matmul layouts of the TypeScript kernels against a naive triple loop in float64, on random
 * shapes that include sizes below and between multiples of the 4×4 register block, in float32 and float64,
 * overwriting and accumulating.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { tsKernels } from '../../src/kernels/ts/index.js';
import { Random } from '../../src/tensor/random.js';
import type { Storage } from '../../src/tensor/storage.js';

type Layout = 'matmul' | 'matmulTransposeA' | 'matmulTransposeB';

/** Reference: C[i, j] = Σ_p A[i, p]·B[p, j], reading A and B in the layout's storage order, in float64. */
function naive(layout: Layout, a: Storage, b: Storage, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const aip = layout === 'matmulTransposeA' ? a[p * m + i] : a[i * k + p];
        const bpj = layout === 'matmulTransposeB' ? b[j * k + p] : b[p * n + j];
        sum += aip * bpj;
      }
      c[i * n + j] = sum;
    }
  }
  return c;
}

/**
 * |C − C_ref| ≤ tol·(|C₀| + Σ_p |A[i,p]||B[p,j]|): the rounding bound of a dot product added to the
 * initial C₀ (zero unless accumulating), scaled for the dtype.
 */
function assertProductClose(layout: Layout, c: Storage, expected: Float64Array, a: Storage, b: Storage, m: number, k: number, n: number, tol: number, initial?: Float64Array): void {
  const bound = naive(layout, a.map(Math.abs), b.map(Math.abs), m, k, n);
  expected.forEach((e, i) => {
    const scale = bound[i] + Math.abs(initial?.[i] ?? 0) + 1e-30;
    assert.ok(Math.abs(c[i] - e) <= tol * scale, `${layout} ${m}×${k}×${n}: C[${i}] = ${c[i]}, expected ${e}`);
  });
}

const dims = fc.integer({ min: 1, max: 13 });
const cases = fc.record({
  layout: fc.constantFrom<Layout>('matmul', 'matmulTransposeA', 'matmulTransposeB'),
  float64: fc.boolean(),
  accumulate: fc.boolean(),
  m: dims,
  k: dims,
  n: dims,
  seed: fc.integer({ min: 0, max: 1e6 }),
});

test('property: every layout equals the naive product, for odd and small sizes, both dtypes, with and without accumulate', () => {
  fc.assert(
    fc.property(cases, ({ layout, float64, accumulate, m, k, n, seed }) => {
      const Type = float64 ? Float64Array : Float32Array;
      const random = new Random(seed);
      const fill = (size: number) => {
        const values = new Type(size);
        random.fillUniform(values, -1, 1);
        return values;
      };
      const a = fill(m * k);
      const b = fill(k * n);
      const c = fill(m * n);
      const before = Float64Array.from(c);
      tsKernels[layout](a, b, c, m, k, n, accumulate);
      const expected = naive(layout, a, b, m, k, n).map((v, i) => (accumulate ? before[i] + v : v));
      assertProductClose(layout, c, expected, a, b, m, k, n, float64 ? 1e-14 : 2e-6, accumulate ? before : undefined);
    }),
    { numRuns: 300 },
  );
});

test('matmul of a 2×3 by a 3×2 by hand, and accumulate adds into C', () => {
  const a = Float64Array.from([1, 2, 3, 4, 5, 6]);
  const b = Float64Array.from([7, 8, 9, 10, 11, 12]);
  const c = new Float64Array(4).fill(NaN);
  tsKernels.matmul(a, b, c, 2, 3, 2);
  assert.deepEqual(Array.from(c), [58, 64, 139, 154]);
  tsKernels.matmul(a, b, c, 2, 3, 2, true);
  assert.deepEqual(Array.from(c), [116, 128, 278, 308]);
});

test('Aᵀ·B and A·Bᵀ read the transposed operand from its own storage', () => {
  // A stored [k×m] = [[1, 2], [3, 4]] (so Aᵀ = [[1, 3], [2, 4]]); B = [[5, 6], [7, 8]].
  const a = Float64Array.from([1, 2, 3, 4]);
  const b = Float64Array.from([5, 6, 7, 8]);
  const c = new Float64Array(4);
  tsKernels.matmulTransposeA(a, b, c, 2, 2, 2);
  assert.deepEqual(Array.from(c), [26, 30, 38, 44]);
  tsKernels.matmulTransposeB(a, b, c, 2, 2, 2);
  assert.deepEqual(Array.from(c), [17, 23, 39, 53]);
});

test('a product with a larger, unrolled size (37×61×29) in float32', () => {
  const random = new Random(3);
  const [m, k, n] = [37, 61, 29];
  for (const layout of ['matmul', 'matmulTransposeA', 'matmulTransposeB'] as const) {
    const a = new Float32Array(m * k);
    const b = new Float32Array(k * n);
    random.fillNormal(a);
    random.fillNormal(b);
    const c = new Float32Array(m * n);
    tsKernels[layout](a, b, c, m, k, n);
    assertProductClose(layout, c, naive(layout, a, b, m, k, n), a, b, m, k, n, 2e-6);
  }
});
