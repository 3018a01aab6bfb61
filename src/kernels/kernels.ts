/**
 * Which kernel implementation every op runs on now: the plain TypeScript one (ts/) by default, the
 * WebAssembly one (wasm/) once selected. The interface itself is in interface.ts.
 */
import type { Kernels } from './interface.js';
import { kernelsInUse, recordSelection } from './selected.js';
import { tsKernels } from './ts/index.js';

export { setDefaultKernels } from './selected.js';

export type { AdamStepScalars, BinaryOp, BroadcastLayout, Kernels, SgdStepScalars, UnaryOp } from './interface.js';

/** The kernels every op runs on now: those selected, else the entry point's default, else TypeScript's. */
export function getKernels(): Kernels {
  return kernelsInUse() ?? recordSelection(tsKernels);
}

/**
 * Selects the kernel implementation (by default the plain TypeScript one, `tsKernels`; in Node the
 * package's entry makes it the WebAssembly kernels, src/index.node.ts); returns the previous one.
 */
export function setKernels(kernels: Kernels): Kernels {
  const previous = getKernels();
  recordSelection(kernels);
  return previous;
}
