/**
 * Leaky ReLU, ELU, tanh and sigmoid on float32 arrays in WebAssembly SIMD (assembly/activations.ts), by
 * copy-in / copy-out as ReLU (relu.ts), or in place in the threads' shared heap: in double precision like the TypeScript reference, so results
 * are its results (bit for bit for leaky ReLU; for the others except, rarely, in the last float32 bit).
 * Math.tanh, Math.exp and Math.expm1 cost 10–20 ns an element in the reference loops, about a fifth of
 * a tanh MLP's epoch (bench/workers/stepProfile.ts --activation tanh).
 *
 * The backward of tanh and sigmoid is a product of y's (1 − y², y(1 − y)) and stays in TypeScript.
 */
import { residentWasm } from './heap.js';
import { placeElementwise, wasmModule } from './module.js';

/** The activations with a wasm forward, as assembly/activations.ts numbers them. */
const FORWARD = { leakyRelu: 0, elu: 1, tanh: 2, sigmoid: 3 } as const;
export type WasmActivation = keyof typeof FORWARD;
/** Those whose backward needs x (eˣ, or the sign), in wasm too. */
export type WasmActivationBackward = 'leakyRelu' | 'elu';

export function isWasmActivation(op: string): op is WasmActivation {
  return op in FORWARD;
}

export function hasWasmBackward(op: string): op is WasmActivationBackward {
  return op === 'leakyRelu' || op === 'elu';
}

/** out[i] = f(x[i]), `param` the slope (leakyRelu) or α (elu); `out` may be `x`. */
export function wasmActivationF32(op: WasmActivation, x: Float32Array, out: Float32Array, param: number): void {
  const n = x.length;
  const resident = residentWasm(x, out);
  if (resident !== undefined) return resident.activationF32(FORWARD[op], x.byteOffset, out.byteOffset, n, param);
  const wasm = wasmModule();
  const { at, memory } = placeElementwise(wasm, n, 2, [x]);
  wasm.activationF32(FORWARD[op], at[0], at[1], n, param);
  out.set(memory.subarray(at[1] >> 2, (at[1] >> 2) + n));
}

/** gx[i] += g[i]·f′(x[i]). */
export function wasmActivationBackwardF32(
  op: WasmActivationBackward,
  x: Float32Array,
  g: Float32Array,
  gx: Float32Array,
  param: number,
): void {
  const n = x.length;
  const resident = residentWasm(x, g, gx);
  if (resident !== undefined)
    return resident.activationBackwardF32(FORWARD[op], x.byteOffset, g.byteOffset, gx.byteOffset, n, param);
  const wasm = wasmModule();
  const { at, memory } = placeElementwise(wasm, n, 3, [x, g, gx]);
  wasm.activationBackwardF32(FORWARD[op], at[0], at[1], at[2], n, param);
  gx.set(memory.subarray(at[2] >> 2, (at[2] >> 2) + n));
}
