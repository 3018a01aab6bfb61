/**
 * The entry point of the WebAssembly kernels: what the module exports to src/kernels/wasm/. Memory is
 * the module's own (exported as `memory`); the JavaScript side places operands from `heapBase()` on and
 * grows the memory as it needs.
 */
export { activationBackwardF32, activationF32 } from './activations';
export { gemmF32, gemmWorkspaceBytes } from './matmul';
export { adamF32, sgdF32 } from './optim';
export { reluBackwardF32, reluF32 } from './relu';
export { softmaxCrossEntropyF32 } from './softmax';
export { sumRowsF32 } from './sum';

/** The first byte past the module's static data: where the caller may put its arrays. */
export function heapBase(): usize {
  return __heap_base;
}
