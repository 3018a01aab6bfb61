/**
 * The kernels module built over an imported shared memory (WASM_SHARED_BASE64, scripts/build-wasm.mjs):
 * several instances of one compiled module, one per thread, compute over one `WebAssembly.Memory` whose
 * buffer is a SharedArrayBuffer. Nothing here needs Node: the matmul thread pool (pool.ts) uses it in Node
 * (src/node/matmulPool.ts) and in the browser (src/browser/matmulPool.ts, on a cross-origin-isolated page).
 * A browser's main thread refuses synchronous compilation and instantiation of modules over 4 KB, so
 * both come in an asynchronous form too.
 */
import { WASM_SHARED_BASE64 } from './generated/kernels.wasm.js';
import type { WasmExports } from './module.js';

/** The maximum the shared build declares (scripts/build-wasm.mjs): 2 GiB, reserved, committed on growth. */
export const SHARED_MAXIMUM_PAGES = 32768;

function sharedWasmBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(WASM_SHARED_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The shared-memory module, compiled synchronously (throws where SIMD or threads are missing). */
export function compileSharedWasmModule(): WebAssembly.Module {
  return new WebAssembly.Module(sharedWasmBytes());
}

/** The shared-memory module, compiled asynchronously (what a browser's main thread must use). */
export function compileSharedWasmModuleAsync(): Promise<WebAssembly.Module> {
  return WebAssembly.compile(sharedWasmBytes());
}

/** A shared memory of `initialPages` that the module accepts as its `env.memory`. */
export function createSharedMemory(initialPages: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: initialPages, maximum: SHARED_MAXIMUM_PAGES, shared: true });
}

/** One instance of the shared-memory module over `memory`. */
export function instantiateShared(module: WebAssembly.Module, memory: WebAssembly.Memory): WasmExports {
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WasmExports;
}

/** One instance of the shared-memory module over `memory`, instantiated asynchronously. */
export async function instantiateSharedAsync(
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
): Promise<WasmExports> {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return instance.exports as unknown as WasmExports;
}
