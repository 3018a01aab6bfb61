/**
 * ReLU forward and backward on float32 arrays in WebAssembly SIMD (assembly/relu.ts), by copy-in /
 * copy-out as the matmuls (matmul.ts):
 *
 *   forward   out = x ≤ 0 ? 0 : x          copies x in, out back: 2 floats moved per element
 *   backward  gx += g where x > 0           copies x, g, gx in, gx back: 4 floats per element
 *
 * Copies are plain memcpy (TypedArray.set, about 0.1 ns a float); the TypeScript loops they replace
 * branch on each element's sign, which random activations mispredict half the time (4–5 ns an element
 * at the MLP's shapes, bench/workers/stepProfile.ts). Results are bit for bit the TypeScript kernels'.
 * Arrays that live in the threads' shared heap (heap.ts) are used where they are, without copies.
 */
import { residentWasm } from './heap.js';
import { placeElementwise, wasmModule } from './module.js';

/** out[i] = x[i] ≤ 0 ? 0 : x[i]; `out` may be `x`. */
export function wasmReluF32(x: Float32Array, out: Float32Array): void {
  const n = x.length;
  const resident = residentWasm(x, out);
  if (resident !== undefined) return resident.reluF32(x.byteOffset, out.byteOffset, n);
  const wasm = wasmModule();
  const { at, memory } = placeElementwise(wasm, n, 2, [x]);
  wasm.reluF32(at[0], at[1], n);
  out.set(memory.subarray(at[1] >> 2, (at[1] >> 2) + n));
}

/** gx[i] += g[i] where x[i] > 0 (0 at the kink, as PyTorch's threshold_backward). */
export function wasmReluBackwardF32(x: Float32Array, g: Float32Array, gx: Float32Array): void {
  const n = x.length;
  const resident = residentWasm(x, g, gx);
  if (resident !== undefined) return resident.reluBackwardF32(x.byteOffset, g.byteOffset, gx.byteOffset, n);
  const wasm = wasmModule();
  const { at, memory } = placeElementwise(wasm, n, 3, [x, g, gx]);
  wasm.reluBackwardF32(at[0], at[1], at[2], n);
  gx.set(memory.subarray(at[2] >> 2, (at[2] >> 2) + n));
}
