/**
 * The kernels in use — without pulling the TypeScript kernels into a bundle that never runs a tensor op.
 * Optimizers ask here for their fused steps (`adamStep`, `sgdStep`) and packed parameters for an arena:
 * both exist only in kernels an entry point chose (the WebAssembly ones), never in the plain TypeScript
 * default, so "none chosen" and "the default" mean the same to them. kernels.ts's getKernels() falls back
 * to the TypeScript kernels for the ops themselves.
 */
import type { Kernels } from './interface.js';

let selected: Kernels | undefined;
/** An entry point's default (src/index.node.ts: WebAssembly), chosen on first use. */
let chooseDefault: (() => Kernels) | undefined;

/** The kernels selected so far, or the entry point's default (chosen now, once); undefined where neither. */
export function kernelsInUse(): Kernels | undefined {
  return (selected ??= chooseDefault?.());
}

/** Records the kernels every op runs on now (setKernels, and getKernels' fallback). */
export function recordSelection(kernels: Kernels): Kernels {
  selected = kernels;
  return kernels;
}

/** How the default is chosen, on first use, where nothing was selected before (an entry point's choice). */
export function setDefaultKernels(choose: () => Kernels): void {
  chooseDefault = choose;
}
