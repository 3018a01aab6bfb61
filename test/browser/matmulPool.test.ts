/**
 * The browser matmul pool (src/browser/matmulPool.ts) in a real browser — Debian's Chromium, driven by
 * playwright-core — on a page served from 127.0.0.1 with COOP/COEP (so cross-origin isolated), its
 * scripts bundled by esbuild (page.ts, dedicated.ts, src/browser/matmulWorkerEntry.ts):
 *
 * - for 2 and 3 threads, from the page's main thread (spin wait) and from a dedicated worker (nested
 *   workers, Atomics.wait): the pool runs threads − 1 workers; every threaded product (scenario.ts: three
 *   layouts, MLP and ragged shapes, accumulate off and on) is bit for bit the single-threaded wasm
 *   kernel's in the same page and Node's; a few Adam steps of an MLP on the threaded kernels end with
 *   the same weights, bit for bit, as in Node on Node's worker_threads pool;
 * - a page that is not cross-origin isolated gets one line naming both headers; a worker script that
 *   does not load rejects the start.
 *
 * Missing Chromium fails the test (CI installs it in .ci/run); nothing is skipped.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { splitPlan } from '../../src/kernels/wasm/poolPlan.js';
import { MatmulPool } from '../../src/node/matmulPool.js';
import type { PageApi } from './page.js';
import { PRODUCT_SHAPES, runScenario, type ScenarioResult } from './scenario.js';

const CHROMIUM = '/usr/bin/chromium';
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const HTML =
  '<!doctype html><meta charset="utf-8"><title>downhill matmul pool</title><script type="module" src="/page.js"></script>';

let server: Server | undefined;
let browser: Browser | undefined;
let origin = '';
const pageErrors: string[] = [];

/** page.js, dedicated.js and matmulWorker.js: the test's browser scripts and the library's worker entry, bundled. */
async function bundle(): Promise<Map<string, string>> {
  const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
  const result = await build({
    entryPoints: {
      page: here('./page.ts'),
      dedicated: here('./dedicated.ts'),
      matmulWorker: here('../../src/browser/matmulWorkerEntry.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outdir: 'bundle',
    logLevel: 'silent',
  });
  return new Map(result.outputFiles.map((file) => [file.path.slice(file.path.lastIndexOf('/') + 1), file.text]));
}

/** Serves the page at / (isolated) and /not-isolated (no COOP/COEP), the scripts at /NAME.js (isolated). */
async function serve(files: Map<string, string>): Promise<Server> {
  const http = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const headers = path === '/not-isolated' ? {} : ISOLATION;
    const body = path === '/' || path === '/not-isolated' ? HTML : files.get(path.slice(1));
    if (body === undefined) response.writeHead(404, headers).end();
    else
      response
        .writeHead(200, { ...headers, 'Content-Type': path.endsWith('.js') ? 'text/javascript' : 'text/html' })
        .end(body);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return http;
}

async function openPage(path: string): Promise<Page> {
  assert.ok(browser, 'the browser did not start');
  const page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
  await page.goto(origin + path);
  await page.waitForFunction(() => 'downhillTest' in globalThis);
  return page;
}

function inPage<R>(page: Page, call: (api: PageApi, threads: number) => Promise<R>, threads: number): Promise<R> {
  return page.evaluate(`(${call.toString()})(globalThis.downhillTest, ${threads})`) as Promise<R>;
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: apt-get install chromium (.ci/run does)`);
  server = await serve(await bundle());
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** The same scenario in Node: one thread (the reference), and Node's worker_threads pool. */
const inNode = (async () => {
  const single = new MatmulPool(1),
    threaded = new MatmulPool(3, 1);
  try {
    return { single: await runScenario(single), threaded: await runScenario(threaded) };
  } finally {
    threaded.close();
  }
})();

test('in Node, the scenario on 3 worker_threads gives the bits of one thread', async () => {
  const { single, threaded } = await inNode;
  assert.equal(threaded.workers, 2);
  assert.deepEqual(threaded.products, single.products);
  assert.equal(threaded.training, single.training);
  assert.ok(threaded.mismatches.every((count) => count === 0));
  // With minWorkPerThread 1 every product is cut into `threads` blocks: every worker computes a part of C.
  for (const threads of [2, 3])
    for (const [, m, k, n] of PRODUCT_SHAPES)
      assert.equal(splitPlan(m, k, n, threads, 1).starts.length - 1, threads, `${m}×${k}×${n}`);
});

for (const where of ['onMainThread', 'inDedicatedWorker'] as const) {
  for (const threads of [2, 3]) {
    test(`browser ${where === 'onMainThread' ? 'main thread' : 'dedicated worker'}, ${threads} threads: the bits of one thread and of Node`, async () => {
      const page = await openPage('/');
      const result: ScenarioResult =
        where === 'onMainThread'
          ? await inPage(page, (api, n) => api.onMainThread(n), threads)
          : await inPage(page, (api, n) => api.inDedicatedWorker(n), threads);
      await page.close();
      const node = (await inNode).threaded;
      assert.equal(result.crossOriginIsolated, true);
      assert.equal(result.workers, threads - 1);
      assert.equal(result.waitMode, where === 'onMainThread' ? 'spin' : 'atomics-wait');
      assert.deepEqual(
        result.mismatches,
        result.mismatches.map(() => 0),
        'threaded vs single-threaded in the page',
      );
      assert.deepEqual(result.products, node.products, 'browser vs Node');
      assert.equal(result.training, node.training, 'MLP weights after training, browser vs Node');
    });
  }
}

test('a page without COOP/COEP is told which headers it needs; one thread needs none; a missing worker script fails the start', async () => {
  const plain = await openPage('/not-isolated');
  assert.equal(
    await inPage(plain, (api, n) => api.startError(n), 2),
    'downhill: matmul threads need SharedArrayBuffer, i.e. a cross-origin-isolated page: serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp',
  );
  assert.equal(await inPage(plain, (api, n) => api.startError(n), 1), 'started');
  await plain.close();
  const isolated = await openPage('/');
  const missing = await inPage(isolated, (api, n) => api.startError(n, '/missing.js'), 2);
  await isolated.close();
  assert.match(missing, /^only 0 of 1 matmul workers started: worker 1 failed to load or run/);
  assert.deepEqual(pageErrors, []);
});
