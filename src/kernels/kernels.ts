/**
 * Which kernel implementation every op runs on now: the plain TypeScript one (ts/) by default, the
 * WebAssembly one (wasm/) once selected. The interface itself is in interface.ts.
 */
import type { Kernels } from './interface.js';
import { tsKernels } from './ts/index.js';

export type { AdamStepScalars, BinaryOp, BroadcastLayout, Kernels, SgdStepScalars, UnaryOp } from './interface.js';

let current: Kernels = tsKernels;

/** The kernels every op runs on now. */
export function getKernels(): Kernels {
  return current;
}

/** Selects the kernel implementation (the plain TypeScript one, `tsKernels`, by default); returns the previous one. */
export function setKernels(kernels: Kernels): Kernels {
  const previous = current;
  current = kernels;
  return previous;
}
