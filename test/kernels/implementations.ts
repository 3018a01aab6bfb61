/**
 * The kernel implementations every kernel test runs on: the TypeScript reference, and the WebAssembly
 * kernels with every float32 product sent to wasm (minWork 0, so the small property-test sizes exercise
 * the SIMD kernel and its ragged edges rather than the TypeScript fallback).
 */
import type { Kernels } from '../../src/kernels/kernels.js';
import { tsKernels } from '../../src/kernels/ts/index.js';
import { createWasmKernels } from '../../src/kernels/wasm/index.js';

export const IMPLEMENTATIONS: readonly Kernels[] = [tsKernels, createWasmKernels({ minWork: 0 })];
