/**
 * The browser edge of the matmul thread pool (src/kernels/wasm/pool.ts): its workers are module Web
 * Workers running the worker entry (matmulWorkerEntry.ts, or any module that calls serveMatmulWorker()),
 * each handed its WorkerInit (shared module, shared memory, control array, index) in one postMessage.
 *
 *   const pool = await createBrowserMatmulPool({ worker: new URL('./matmulWorker.js', import.meta.url) });
 *   setKernels(createThreadedWasmKernels(pool));   // then train as usual: products are synchronous
 *
 * Sharing a WebAssembly.Memory between threads needs SharedArrayBuffer, which browsers give only to a
 * cross-origin-isolated page (HTTP headers Cross-Origin-Opener-Policy: same-origin and
 * Cross-Origin-Embedder-Policy: require-corp). Without it creating a pool of more than one thread
 * throws (no silent fallback: the caller decides whether one thread will do, e.g. wasmKernels).
 *
 * A spawned worker cannot start while its creator blocks, so the pool starts asynchronously (the
 * returned promise); after that, on a page's main thread the caller spin-waits for the workers
 * (Atomics.wait throws there), in a dedicated worker it parks in Atomics.wait.
 */
import { InputError } from '../errors.js';
import { initWasmKernels } from '../kernels/wasm/index.js';
import { MatmulPool, MAX_THREADS, type PoolPlatform } from '../kernels/wasm/pool.js';
import { DEFAULT_MIN_WORK_PER_THREAD } from '../kernels/wasm/poolPlan.js';

/** What the pool uses of a Web Worker (named here, so that the declaration files need no DOM library). */
export interface MatmulWebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: { message?: string }) => void): void;
}

export interface BrowserMatmulPoolOptions {
  /**
   * The worker script: the URL of a module that runs serveMatmulWorker() (matmulWorkerEntry.ts, as built
   * or bundled), or a function returning such a Worker (what bundlers that rewrite
   * `new Worker(new URL(…, import.meta.url), { type: 'module' })` need).
   */
  worker: string | URL | (() => MatmulWebWorker);
  /** Threads counting the calling one (threads − 1 workers); default navigator.hardwareConcurrency. */
  threads?: number;
  /** Multiply-adds per thread below which a product is not split (default 2^20). */
  minWorkPerThread?: number;
  /** How long the workers may take to start (default 10 000 ms). */
  startupTimeoutMs?: number;
}

/** A started pool of `threads` threads for createThreadedWasmKernels (rejects if its workers cannot start). */
export async function createBrowserMatmulPool(options: BrowserMatmulPoolOptions): Promise<MatmulPool> {
  const threads = options.threads ?? navigator.hardwareConcurrency;
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS)
    throw new InputError(`threads must be an integer in [1, ${MAX_THREADS}] (got ${threads})`);
  if (threads > 1 && globalThis.crossOriginIsolated !== true) {
    throw new Error(
      'downhill: matmul threads need SharedArrayBuffer, i.e. a cross-origin-isolated page: serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp',
    );
  }
  await initWasmKernels(); // products too small to split run on the single-threaded module, compiled asynchronously here
  const pool = new MatmulPool(
    threads,
    webWorkerPlatform(options.worker),
    options.minWorkPerThread ?? DEFAULT_MIN_WORK_PER_THREAD,
  );
  await pool.start(options.startupTimeoutMs);
  return pool;
}

function webWorkerPlatform(source: BrowserMatmulPoolOptions['worker']): PoolPlatform {
  return {
    blockingStart: false,
    spawn(init, failed) {
      const worker: MatmulWebWorker =
        typeof source === 'function'
          ? source()
          : new Worker(source, { type: 'module', name: `downhill-matmul-${init.index}` });
      worker.addEventListener('error', (event) =>
        failed(`worker ${init.index} failed to load or run: ${event.message || String(source)}`),
      );
      worker.addEventListener('messageerror', () => failed(`worker ${init.index} could not receive the shared memory`));
      worker.postMessage(init);
      return { terminate: () => worker.terminate() };
    },
    warn: (message) => console.warn(message),
  };
}
