/**
 * Loading the WebAssembly kernels module (built from src/kernels/wasm/assembly/ by `npm run build:wasm`
 * into generated/kernels.wasm.ts as base64, so Node and the browser load it the same way, with no file
 * read or fetch) and growing its memory.
 *
 * Synchronous compilation (`new WebAssembly.Module`) serves Node and workers. Browsers have refused it on
 * the main thread for modules over 4 KB (Chrome's old limit), so a page should `await initWasmKernels()`
 * once before training; the kernels then use the module compiled asynchronously.
 */
import { WASM_BASE64 } from './generated/kernels.wasm.js';

/** What assembly/index.ts exports; pointers are byte offsets into `memory`, booleans are 0 or 1. */
export interface WasmExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  gemmWorkspaceBytes(m: number, n: number): number;
  gemmF32(
    a: number,
    ars: number,
    acs: number,
    b: number,
    brs: number,
    bcs: number,
    c: number,
    m: number,
    k: number,
    n: number,
    ldc: number,
    accumulate: number,
    work: number,
  ): void;
  activationF32(op: number, x: number, out: number, n: number, param: number): void;
  activationBackwardF32(op: number, x: number, g: number, gx: number, n: number, param: number): void;
  adamF32(
    data: number,
    grad: number,
    m: number,
    v: number,
    vMax: number,
    n: number,
    sign: number,
    l2: number,
    shrink: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    negStepSize: number,
    biasCorrection2: number,
    biasCorrection2Sqrt: number,
    eps: number,
    epsInsideSqrt: number,
  ): void;
  sgdF32(
    data: number,
    grad: number,
    buf: number,
    n: number,
    sign: number,
    weightDecay: number,
    keep: number,
    take: number,
    momentum: number,
    nesterov: number,
    negLr: number,
  ): void;
  reluF32(x: number, out: number, n: number): void;
  softmaxCrossEntropyF32(
    logits: number,
    labels: number,
    rows: number,
    cols: number,
    losses: number,
    gradient: number,
  ): void;
  reluBackwardF32(x: number, g: number, gx: number, n: number): void;
  sumRowsF32(x: number, rows: number, cols: number, out: number): void;
}

const PAGE_BYTES = 65536;

let compiled: WebAssembly.Module | undefined;
let loaded: WasmExports | undefined;
let heap: Float32Array | undefined;

/** The module's bytes, decoded from base64 (atob exists in browsers and in Node ≥ 16). */
export function wasmBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The compiled module (synchronously on first use, unless loadWasmModule compiled it); throws where WebAssembly SIMD is missing. */
export function compiledWasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(wasmBytes());
  return compiled;
}

/** A new instance with a memory of its own (what parameter arenas use, src/kernels/wasm/arena.ts). */
export function instantiateWasmModule(): WasmExports {
  return new WebAssembly.Instance(compiledWasmModule()).exports as unknown as WasmExports;
}

/** The instance the copy-in / copy-out kernels share, made on first use. */
export function wasmModule(): WasmExports {
  loaded ??= instantiateWasmModule();
  return loaded;
}

/** Compiles and instantiates the module asynchronously (the browser's main thread needs this). */
export async function loadWasmModule(): Promise<WasmExports> {
  compiled ??= await WebAssembly.compile(wasmBytes());
  loaded ??= (await WebAssembly.instantiate(compiled)).exports as unknown as WasmExports;
  return loaded;
}

/** Grows the module's memory to at least `bytes` (growing detaches earlier views of it). */
export function ensureMemory(wasm: WasmExports, bytes: number): void {
  const have = wasm.memory.buffer.byteLength;
  if (bytes > have) wasm.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
}

/** A float32 view of the whole memory, at least `bytes` long, made anew only after the memory grew. */
export function heapView(wasm: WasmExports, bytes: number): Float32Array {
  ensureMemory(wasm, bytes);
  if (heap?.buffer !== wasm.memory.buffer) heap = new Float32Array(wasm.memory.buffer);
  return heap;
}

/**
 * Copy-in for an elementwise kernel: `count` regions of n floats from heapBase() on, the first of them
 * filled from `inputs` (each n floats, or a longer array whose first n count); returns the regions' byte
 * offsets and the memory's float32 view, for copying a result out.
 */
export function placeElementwise(
  wasm: WasmExports,
  n: number,
  count: number,
  inputs: Float32Array[],
): { at: number[]; memory: Float32Array } {
  const at: number[] = [];
  let next = align(wasm.heapBase());
  for (let i = 0; i < count; i++) {
    at.push(next);
    next = align(next + 4 * n);
  }
  const memory = heapView(wasm, next);
  inputs.forEach((values, i) => memory.set(values.length === n ? values : values.subarray(0, n), at[i] >> 2));
  return { at, memory };
}

/** Region starts are 64-byte aligned: whole cache lines, and v128 loads never straddle one. */
const ALIGN = 64;

/** `offset` rounded up to the next region start. */
export function align(offset: number): number {
  return Math.ceil(offset / ALIGN) * ALIGN;
}
