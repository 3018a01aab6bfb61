/**
 * The three float32 matmul layouts on the WebAssembly SIMD kernel (assembly/matmul.ts), by copy-in /
 * copy-out: A and B (and C when accumulating) are copied into the module's memory, the product runs
 * there, and C is copied back. The copies move (mk + kn + mn) floats for 2mkn flops — about 1% of the
 * time at the MLP's shapes — and leave the engine's storage (plain typed arrays) as it is. README.md
 * in this folder weighs this against allocating tensors in wasm memory (zero-copy).
 *
 * One kernel reads A[i, p] at a[i·ars + p·acs] and B[p, j] at b[p·brs + j·bcs]:
 *
 *   matmul            A [m×k], B [k×n]   ars = k, acs = 1    brs = n, bcs = 1
 *   matmulTransposeA  A [k×m], B [k×n]   ars = 1, acs = m    brs = n, bcs = 1
 *   matmulTransposeB  A [m×k], B [n×k]   ars = k, acs = 1    brs = 1, bcs = k
 */
import { align, heapView, wasmModule } from './module.js';

export type MatmulLayout = 'matmul' | 'matmulTransposeA' | 'matmulTransposeB';

/** C[m×n] (+)= the product of `layout`, on float32 arrays, in WebAssembly. */
export function wasmMatmulF32(
  layout: MatmulLayout,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  const wasm = wasmModule();
  const aAt = align(wasm.heapBase());
  const bAt = align(aAt + 4 * m * k);
  const cAt = align(bAt + 4 * k * n);
  const workAt = align(cAt + 4 * m * n);
  const memory = heapView(wasm, workAt + wasm.gemmWorkspaceBytes(m, n));
  memory.set(prefix(a, m * k), aAt >> 2);
  memory.set(prefix(b, k * n), bAt >> 2);
  if (accumulate) memory.set(prefix(c, m * n), cAt >> 2);
  const transposeA = layout === 'matmulTransposeA';
  const transposeB = layout === 'matmulTransposeB';
  wasm.gemmF32(
    aAt,
    transposeA ? 1 : k,
    transposeA ? m : 1,
    bAt,
    transposeB ? 1 : n,
    transposeB ? k : 1,
    cAt,
    m,
    k,
    n,
    n,
    accumulate ? 1 : 0,
    workAt,
  );
  c.set(memory.subarray(cAt >> 2, (cAt >> 2) + m * n));
}

function prefix(values: Float32Array, length: number): Float32Array {
  return values.length === length ? values : values.subarray(0, length);
}
