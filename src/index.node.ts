/**
 * The package's entry in Node (the `node` condition of package.json's exports, bundled into
 * dist/bundle/index.js): the whole API, with the fastest kernels as the default. Node compiles WebAssembly
 * synchronously, so on first use the ops run on the wasm kernels where SIMD loads (else the TypeScript
 * ones); DOWNHILL_KERNELS=ts|wasm picks them by name, and setKernels(tsKernels) opts out in code. (In a
 * browser, where the main thread may only compile WebAssembly asynchronously, `await initWasmKernels()`
 * followed by setKernels selects them.)
 */
import { setDefaultKernels } from './kernels/kernels.js';
import { kernelsNamed } from './kernels/wasm/select.js';

export * from './index.js';

setDefaultKernels(() => kernelsNamed(process.env.DOWNHILL_KERNELS, 'DOWNHILL_KERNELS'));
