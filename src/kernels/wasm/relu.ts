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
 */
import { align, heapView, wasmModule } from './module.js';

/** out[i] = x[i] ≤ 0 ? 0 : x[i]; `out` may be `x`. */
export function wasmReluF32(x: Float32Array, out: Float32Array): void {
  const n = x.length;
  const wasm = wasmModule();
  const xAt = align(wasm.heapBase());
  const outAt = align(xAt + 4 * n);
  const memory = heapView(wasm, outAt + 4 * n);
  memory.set(x, xAt >> 2);
  wasm.reluF32(xAt, outAt, n);
  out.set(memory.subarray(outAt >> 2, (outAt >> 2) + n));
}

/** gx[i] += g[i] where x[i] > 0 (0 at the kink, as PyTorch's threshold_backward). */
export function wasmReluBackwardF32(x: Float32Array, g: Float32Array, gx: Float32Array): void {
  const n = x.length;
  const wasm = wasmModule();
  const xAt = align(wasm.heapBase());
  const gAt = align(xAt + 4 * n);
  const gxAt = align(gAt + 4 * n);
  const memory = heapView(wasm, gxAt + 4 * n);
  memory.set(x, xAt >> 2);
  memory.set(g.length === n ? g : g.subarray(0, n), gAt >> 2);
  memory.set(gx.length === n ? gx : gx.subarray(0, n), gxAt >> 2);
  wasm.reluBackwardF32(xAt, gAt, gxAt, n);
  gx.set(memory.subarray(gxAt >> 2, (gxAt >> 2) + n));
}
