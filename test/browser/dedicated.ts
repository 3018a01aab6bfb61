/**
 * A dedicated worker of the test page (page.ts) that creates its own browser matmul pool — nested
 * workers, from the worker URL the page sends with the thread count — and runs the scenario there,
 * where Atomics.wait is allowed; posts back the result or { error }.
 */
import { createBrowserMatmulPool } from '../../src/browser/matmulPool.js';
import { runScenario } from './scenario.js';

addEventListener(
  'message',
  (event: MessageEvent<{ threads: number; workerUrl: string }>) => {
    void (async () => {
      try {
        const pool = await createBrowserMatmulPool({
          threads: event.data.threads,
          worker: event.data.workerUrl,
          minWorkPerThread: 1,
        });
        try {
          postMessage(await runScenario(pool));
        } finally {
          pool.close();
        }
      } catch (error) {
        postMessage({ error: String(error) });
      }
    })();
  },
  { once: true },
);
