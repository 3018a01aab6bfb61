/**
 * The inside of a browser matmul worker (src/browser/matmulPool.ts): wait for the one message that
 * carries the WorkerInit, then run the pool's worker loop (src/kernels/wasm/poolWorker.ts), which
 * blocks this worker in Atomics.wait between products until the pool closes or terminates it.
 *
 * A page's own worker module can call serveMatmulWorker() (import it from 'downhill'), so that its
 * bundler builds the worker from the package; matmulWorkerEntry.ts is such a module, ready-made.
 */
import type { WorkerInit } from '../kernels/wasm/poolProtocol.js';
import { runMatmulWorker } from '../kernels/wasm/poolWorker.js';

/** Makes this (worker) global run the matmul worker loop on its first message. */
export function serveMatmulWorker(): void {
  addEventListener('message', (event: MessageEvent<WorkerInit>) => runMatmulWorker(event.data), { once: true });
}
