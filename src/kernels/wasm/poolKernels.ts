/**
 * The wasm kernels with float32 matmul (all three layouts) split over a MatmulPool (pool.ts): what the
 * Node edge installs for `--threads N` (src/node/threads.ts) and what a page installs after
 * `await createBrowserMatmulPool(…)` (src/browser/matmulPool.ts). Every other method, and every result
 * bit for bit, stays that of the single-threaded wasm kernels; a training run's arena (createRunArena)
 * lives in the pool's shared heap, where products and the fused Adam / SGD steps (split over the
 * threads when large enough) need no copies.
 */
import type { Kernels } from '../interface.js';
import type { Storage } from '../../tensor/storage.js';
import { wasmKernels } from './index.js';
import type { MatmulLayout } from './matmul.js';
import { wasmAdamStep, wasmSgdStep } from './optim.js';
import type { MatmulPool } from './pool.js';

/** The wasm kernels with float32 products of at least `minWork` multiply-adds run on `pool`. */
export function createThreadedWasmKernels(pool: MatmulPool, minWork = 512): Kernels {
  const layout =
    (name: MatmulLayout): Kernels[MatmulLayout] =>
    (a: Storage, b: Storage, c: Storage, m: number, k: number, n: number, accumulate = false) => {
      if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array && m * k * n >= minWork)
        pool.matmul(name, a, b, c, m, k, n, accumulate);
      else wasmKernels[name](a, b, c, m, k, n, accumulate);
    };
  return {
    ...wasmKernels,
    matmul: layout('matmul'),
    matmulTransposeA: layout('matmulTransposeA'),
    matmulTransposeB: layout('matmulTransposeB'),
    createRunArena: () => pool.runArena(),
    adamStep: (data, grad, m, v, vMax, s) =>
      pool.adamStep(data, grad, m, v, vMax, s) || wasmAdamStep(data, grad, m, v, vMax, s),
    sgdStep: (data, grad, buf, s) => pool.sgdStep(data, grad, buf, s) || wasmSgdStep(data, grad, buf, s),
  };
}
