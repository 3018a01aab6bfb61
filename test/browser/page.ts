/**
 * The test page's script (bundled by esbuild in matmulPool.test.ts): runs the scenario on a browser
 * matmul pool from the page's main thread (where the pool spin-waits) or from inside a dedicated worker
 * (dedicated.ts, where it parks in Atomics.wait), for Playwright's page.evaluate to call.
 */
import { createBrowserMatmulPool } from '../../src/browser/matmulPool.js';
import { runScenario, type ScenarioResult } from './scenario.js';

/** The bundled worker entry (src/browser/matmulWorkerEntry.ts), served next to this page. */
const WORKER_URL = new URL('/matmulWorker.js', location.href).href;

async function onMainThread(threads: number): Promise<ScenarioResult> {
  const pool = await createBrowserMatmulPool({ threads, worker: WORKER_URL, minWorkPerThread: 1 });
  try {
    return await runScenario(pool);
  } finally {
    pool.close();
  }
}

function inDedicatedWorker(threads: number): Promise<ScenarioResult> {
  const worker = new Worker('/dedicated.js', { type: 'module' });
  return new Promise<ScenarioResult>((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<ScenarioResult | { error: string }>) => {
      worker.terminate();
      if ('error' in event.data) reject(new Error(event.data.error));
      else resolve(event.data);
    });
    worker.addEventListener('error', (event) => reject(new Error(`dedicated worker: ${event.message}`)));
    worker.postMessage({ threads, workerUrl: WORKER_URL });
  });
}

/** Why a pool of `threads` from `worker` cannot start on this page (the message), or 'started'. */
async function startError(threads: number, worker = WORKER_URL): Promise<string> {
  try {
    (await createBrowserMatmulPool({ threads, worker })).close();
    return 'started';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const api = { onMainThread, inDedicatedWorker, startError };
export type PageApi = typeof api;
Object.assign(globalThis, { downhillTest: api });
