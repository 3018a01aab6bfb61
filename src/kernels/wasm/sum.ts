/**
 * Column sums of a float32 matrix in WebAssembly SIMD (assembly/sum.ts), by copy-in / copy-out as the
 * matmuls (matmul.ts): out[j] (+)= Σᵢ x[i, j] — sumAxis with outer = 1, which is how a linear layer
 * sums ∂L/∂Y into its bias gradient. Rows are added in order with float32 rounding, bit for bit the
 * TypeScript kernel's result; vectorised across columns instead of striding in JavaScript. Arrays that
 * live in the threads' shared heap (heap.ts) are summed where they are.
 */
import { residentWasm } from './heap.js';
import { align, heapView, wasmModule } from './module.js';

/** out[j] (+)= Σᵢ x[i·cols + j] over rows i < `rows`, for j < cols. */
export function wasmSumRowsF32(
  x: Float32Array,
  rows: number,
  cols: number,
  out: Float32Array,
  accumulate: boolean,
): void {
  const resident = residentWasm(x, out);
  if (resident !== undefined) {
    if (!accumulate) out.fill(0, 0, cols);
    return resident.sumRowsF32(x.byteOffset, rows, cols, out.byteOffset);
  }
  const wasm = wasmModule();
  const xAt = align(wasm.heapBase());
  const outAt = align(xAt + 4 * rows * cols);
  const memory = heapView(wasm, outAt + 4 * cols);
  const n = rows * cols;
  memory.set(x.length === n ? x : x.subarray(0, n), xAt >> 2);
  if (accumulate) memory.set(out.length === cols ? out : out.subarray(0, cols), outAt >> 2);
  else memory.fill(0, outAt >> 2, (outAt >> 2) + cols);
  wasm.sumRowsF32(xAt, rows, cols, outAt);
  out.set(memory.subarray(outAt >> 2, (outAt >> 2) + cols));
}
