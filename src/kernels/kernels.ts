/**
 * Which kernel implementation every op runs on now: the plain TypeScript one (ts/) by default, the
 * WebAssembly one (wasm/) once selected. The interface itself is in interface.ts.
 */
import type { Kernels } from './interface.js';
import { tsKernels } from './ts/index.js';

export type { AdamStepScalars, BinaryOp, BroadcastLayout, Kernels, SgdStepScalars, UnaryOp } from './interface.js';

/** Unset until the first getKernels() or setKernels(): then the default is chosen, once. */
let current: Kernels | undefined;
let chooseDefault: () => Kernels = () => tsKernels;

/** The kernels every op runs on now. */
export function getKernels(): Kernels {
  return (current ??= chooseDefault());
}

/**
 * Selects the kernel implementation (by default the plain TypeScript one, `tsKernels`; in Node the
 * package's entry makes it the WebAssembly kernels, src/index.node.ts); returns the previous one.
 */
export function setKernels(kernels: Kernels): Kernels {
  const previous = getKernels();
  current = kernels;
  return previous;
}

/** How the default is chosen, on first use, where nothing was selected before (an entry point's choice). */
export function setDefaultKernels(choose: () => Kernels): void {
  chooseDefault = choose;
}
