/**
 * The Node edge of the matmul thread pool (src/kernels/wasm/pool.ts): its workers are worker_threads,
 * each handed its WorkerInit (shared module, shared memory, control array, index) as workerData, and
 * running runMatmulWorker (src/kernels/wasm/poolWorker.ts) from its source text, eval'd as CommonJS, so
 * that it runs the same under tsx and from dist/ (tsx's loader does not reach worker threads on Node 20,
 * so a worker could not import the .ts module itself).
 *
 * Node lets its main thread block in Atomics.wait while workers start, so the pool starts itself,
 * synchronously, on the first product large enough to split; where that fails (no SharedArrayBuffer,
 * no wasm threads) a process warning says so and products stay on one thread. Workers are unref'd:
 * they never keep the process alive; close() stops them.
 */
import { Worker } from 'node:worker_threads';
import { MatmulPool as CoreMatmulPool, type PoolPlatform } from '../kernels/wasm/pool.js';
import { DEFAULT_MIN_WORK_PER_THREAD } from '../kernels/wasm/poolPlan.js';
import { runMatmulWorker } from '../kernels/wasm/poolWorker.js';

const WORKER_SOURCE = `(${runMatmulWorker.toString()})(require('node:worker_threads').workerData);`;

const nodePlatform: PoolPlatform = {
  blockingStart: true,
  spawn(init, failed) {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: init });
    worker.unref();
    worker.on('error', (error) => failed(String(error)));
    return { terminate: () => void worker.terminate() };
  },
  warn: (message) => process.emitWarning(message),
};

/** The core pool on worker_threads; workers start on the first product that splits. */
export class MatmulPool extends CoreMatmulPool {
  /** `threads` counts the calling thread: threads − 1 workers. */
  constructor(threads: number, minWorkPerThread = DEFAULT_MIN_WORK_PER_THREAD) {
    super(threads, nodePlatform, minWorkPerThread);
  }
}
