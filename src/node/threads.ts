/**
 * The Node edge's choice of matmul threads: `--threads N` (downhill train) and DOWNHILL_THREADS=N, default
 * all cores (os.availableParallelism()). With more than one thread and the wasm kernels selected, the
 * installed kernels are the wasm kernels with float32 matmul split over a MatmulPool (matmulPool.ts,
 * through createThreadedWasmKernels in src/kernels/wasm/poolKernels.ts); everything else, and results
 * bit for bit, stay those of the single-threaded wasm kernels. The core library never does this by
 * itself: it stays single-threaded unless this edge (or a page, src/browser/matmulPool.ts) installs it.
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../errors.js';
import { getKernels, setKernels, type Kernels } from '../kernels/kernels.js';
import { wasmKernels } from '../kernels/wasm/index.js';
import { MAX_THREADS } from '../kernels/wasm/pool.js';
import { createThreadedWasmKernels } from '../kernels/wasm/poolKernels.js';
import { MatmulPool } from './matmulPool.js';

// bench/matmul.ts builds its threaded kernels from here, next to the Node pool.
export { createThreadedWasmKernels };

/** The thread count in `text` (undefined or '': all cores); `source` names the setting in errors. */
export function parseThreads(text: string | undefined, source: string): number {
  if (text === undefined || text.trim() === '') return availableParallelism();
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > MAX_THREADS)
    throw new InputError(`${source} must be an integer in [1, ${MAX_THREADS}] (got ${JSON.stringify(text)})`);
  return value;
}

let installed: { pool: MatmulPool; kernels: Kernels } | undefined;

/**
 * Runs float32 matmul on `threads` threads if the wasm kernels are the selected ones (else does nothing:
 * the TypeScript kernels stay single-threaded). Replaces an earlier pool; 1 restores plain wasmKernels.
 */
export function useThreads(threads: number): void {
  const current = getKernels();
  if (current !== wasmKernels && current !== installed?.kernels) return;
  installed?.pool.close();
  installed = undefined;
  if (threads <= 1) {
    setKernels(wasmKernels);
    return;
  }
  const pool = new MatmulPool(threads);
  installed = { pool, kernels: createThreadedWasmKernels(pool) };
  setKernels(installed.kernels);
}

/** The matmul thread count in use (1 when no pool is installed). */
export function threadsInUse(): number {
  return installed !== undefined && getKernels() === installed.kernels ? installed.pool.threads : 1;
}
