/**
 * The lab in Debian's Chromium for the end-to-end tests and bench/lab.ts: builds lab/dist when its sources
 * changed, serves it on a free port, and opens pages that record console
 * errors and failed requests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LAB_DIST, labServer } from '../../lab/serve.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Lab {
  url(page: string): string;
  browser: Browser;
  close(): Promise<void>;
}

/** The newest modification time of the files under `dir` (ms). */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((latest, entry) => Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}

/** Builds lab/dist unless it is newer than every source of the lab and the library. */
export function buildLab(): void {
  const built = `${LAB_DIST}index.html`;
  const sources = ['lab/src', 'src', 'lab/index.html', 'lab/vite.config.ts'];
  if (
    existsSync(built) &&
    statSync(built).mtimeMs >
      Math.max(...sources.map((s) => (statSync(s).isDirectory() ? newest(s) : statSync(s).mtimeMs)))
  )
    return;
  execFileSync('npx', ['vite', 'build', '--config', 'lab/vite.config.ts', '--logLevel', 'error'], { stdio: 'inherit' });
}

export async function openLab(): Promise<Lab> {
  buildLab();
  const server = labServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    url: (page) => `http://127.0.0.1:${port}/${page}`,
    browser,
    close: async () => {
      await browser.close();
      await new Promise((done) => server.close(done));
    },
  };
}

export interface WatchedPage {
  page: Page;
  /** Console errors, uncaught exceptions and failed or 4xx/5xx requests, as lines. */
  problems: string[];
}

export async function watchedPage(lab: Lab, options: { width?: number; height?: number } = {}): Promise<WatchedPage> {
  const page = await lab.browser.newPage({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    acceptDownloads: true,
  });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText ?? '';
    // A test that reloads or navigates while the page still loads (its worker's script, say) aborts those
    // requests itself: that is the test leaving the page, not the page failing.
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} ${error}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { page, problems };
}
