/**
 * The three matmul layouts of each kernel implementation (TypeScript, WebAssembly SIMD) against a naive
 * triple loop in float64, on random shapes that include sizes below and between multiples of the register
 * blocks (4×4 in TypeScript, 4×8 in wasm), in float32 and float64, overwriting and accumulating; and the
 * wasm kernels against the TypeScript ones at the MLP's shapes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { tsKernels } from '../../src/kernels/ts/index.js';
import { createWasmKernels, wasmKernels } from '../../src/kernels/wasm/index.js';
import { Random } from '../../src/tensor/random.js';
import type { Storage } from '../../src/tensor/storage.js';
import { IMPLEMENTATIONS } from './implementations.js';

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
function assertProductClose(
  layout: Layout,
  c: Storage,
  expected: Float64Array,
  a: Storage,
  b: Storage,
  m: number,
  k: number,
  n: number,
  tol: number,
  initial?: Float64Array,
): void {
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

for (const kernels of IMPLEMENTATIONS) {
  test(`${kernels.name}: property: every layout equals the naive product, for odd and small sizes, both dtypes, with and without accumulate`, () => {
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
        kernels[layout](a, b, c, m, k, n, accumulate);
        const expected = naive(layout, a, b, m, k, n).map((v, i) => (accumulate ? before[i] + v : v));
        assertProductClose(layout, c, expected, a, b, m, k, n, float64 ? 1e-14 : 2e-6, accumulate ? before : undefined);
      }),
      { numRuns: 300 },
    );
  });

  test(`${kernels.name}: matmul of a 2×3 by a 3×2 by hand, and accumulate adds into C`, () => {
    for (const Type of [Float64Array, Float32Array]) {
      const a = Type.from([1, 2, 3, 4, 5, 6]);
      const b = Type.from([7, 8, 9, 10, 11, 12]);
      const c = new Type(4).fill(NaN);
      kernels.matmul(a, b, c, 2, 3, 2);
      assert.deepEqual(Array.from(c), [58, 64, 139, 154]);
      kernels.matmul(a, b, c, 2, 3, 2, true);
      assert.deepEqual(Array.from(c), [116, 128, 278, 308]);
    }
  });

  test(`${kernels.name}: Aᵀ·B and A·Bᵀ read the transposed operand from its own storage`, () => {
    // A stored [k×m] = [[1, 2], [3, 4]] (so Aᵀ = [[1, 3], [2, 4]]); B = [[5, 6], [7, 8]].
    for (const Type of [Float64Array, Float32Array]) {
      const a = Type.from([1, 2, 3, 4]);
      const b = Type.from([5, 6, 7, 8]);
      const c = new Type(4);
      kernels.matmulTransposeA(a, b, c, 2, 2, 2);
      assert.deepEqual(Array.from(c), [26, 30, 38, 44]);
      kernels.matmulTransposeB(a, b, c, 2, 2, 2);
      assert.deepEqual(Array.from(c), [17, 23, 39, 53]);
    }
  });

  test(`${kernels.name}: a product with a larger, unrolled size (37×61×29) in float32`, () => {
    const random = new Random(3);
    const [m, k, n] = [37, 61, 29];
    for (const layout of ['matmul', 'matmulTransposeA', 'matmulTransposeB'] as const) {
      const a = new Float32Array(m * k);
      const b = new Float32Array(k * n);
      random.fillNormal(a);
      random.fillNormal(b);
      const c = new Float32Array(m * n);
      kernels[layout](a, b, c, m, k, n);
      assertProductClose(layout, c, naive(layout, a, b, m, k, n), a, b, m, k, n, 2e-6);
    }
  });
}

/** The layer shapes of the 784-256-128-10 MLP at batch 128, forward and backward, plus ragged sizes. */
const LARGE: [Layout, number, number, number][] = [
  ['matmul', 128, 784, 256],
  ['matmulTransposeA', 784, 128, 256],
  ['matmulTransposeB', 128, 256, 784],
  ['matmul', 128, 256, 128],
  ['matmulTransposeA', 256, 128, 128],
  ['matmulTransposeB', 128, 128, 256],
  ['matmul', 131, 517, 10],
  ['matmulTransposeA', 10, 131, 133],
  ['matmulTransposeB', 129, 300, 7],
];

test("wasm equals the TypeScript kernels within float32 rounding (1e-5 of Σ|A||B|) at the MLP's shapes, accumulating too", () => {
  const random = new Random(11);
  for (const [layout, m, k, n] of LARGE) {
    const a = new Float32Array(m * k);
    const b = new Float32Array(k * n);
    const c0 = new Float32Array(m * n);
    random.fillNormal(a);
    random.fillNormal(b);
    random.fillNormal(c0);
    const bound = naive(layout, a.map(Math.abs), b.map(Math.abs), m, k, n);
    for (const accumulate of [false, true]) {
      const expected = Float32Array.from(c0);
      const actual = Float32Array.from(c0);
      tsKernels[layout](a, b, expected, m, k, n, accumulate);
      wasmKernels[layout](a, b, actual, m, k, n, accumulate);
      actual.forEach((v, i) => {
        const scale = bound[i] + (accumulate ? Math.abs(c0[i]) : 0);
        assert.ok(
          Math.abs(v - expected[i]) <= 1e-5 * scale,
          `${layout} ${m}×${k}×${n}: C[${i}] = ${v}, ts ${expected[i]}`,
        );
      });
    }
  }
});

test('wasm: the operands are left unchanged, and C beyond m·n (a longer array) is not touched', () => {
  const [m, k, n] = [9, 17, 11];
  const random = new Random(5);
  const a = new Float32Array(m * k + 3);
  const b = new Float32Array(k * n + 5);
  random.fillNormal(a);
  random.fillNormal(b);
  const before = [Float32Array.from(a), Float32Array.from(b)];
  const c = new Float32Array(m * n + 4).fill(7);
  wasmKernels.matmul(a, b, c, m, k, n);
  assert.deepEqual(a, before[0]);
  assert.deepEqual(b, before[1]);
  assert.deepEqual(Array.from(c.subarray(m * n)), [7, 7, 7, 7]);
  const expected = new Float32Array(m * n);
  tsKernels.matmul(a, b, expected, m, k, n);
  expected.forEach((e, i) => assert.ok(Math.abs(c[i] - e) <= 1e-5 * (Math.abs(e) + 1)));
});

test('wasm: a small product after a large one (memory grown, views renewed) and k = 0 (C zeroed or kept)', () => {
  const big = 700;
  const a = new Float32Array(big * big).fill(1);
  const c = new Float32Array(big * big);
  wasmKernels.matmul(a, a, c, big, big, big);
  assert.equal(c[big * big - 1], big);
  const small = new Float32Array(9 * 9).fill(2);
  const out = new Float32Array(81);
  createWasmKernels({ minWork: 0 }).matmulTransposeB(small, small, out, 9, 9, 9);
  assert.ok(out.every((v) => v === 36));
  const empty = new Float32Array(0);
  const kept = new Float32Array(4).fill(3);
  const wasm = createWasmKernels({ minWork: 0 });
  wasm.matmul(empty, empty, kept, 2, 0, 2, true);
  assert.deepEqual(Array.from(kept), [3, 3, 3, 3]);
  wasm.matmul(empty, empty, kept, 2, 0, 2);
  assert.deepEqual(Array.from(kept), [0, 0, 0, 0]);
});
