/**
 * The `downhill` CLI bundled once into one JavaScript file (esbuild), for tests that start it dozens of
 * times: it starts in a fraction of the time that compiling the TypeScript on every start (tsx) takes.
 * The bundle lives in a folder of node_modules, so that its imports of packages resolve as the sources' do and
 * package.json is two folders up, as main.ts expects.
 */
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Bundles src/cli/main.ts; returns the path of the bundle, to run with `node`. */
export async function bundleCli(): Promise<string> {
  const dir = join(ROOT, 'node_modules', `.downhill-cli-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'main.mjs');
  await build({
    entryPoints: [join(ROOT, 'src/cli/main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/**
 * For a test file: bundles the CLI before its tests and removes the bundle and `scratch` (the file's
 * temporary directory) after them; returns the bundle's path once the tests run.
 */
export function bundledCliForTests(scratch: string): () => string {
  let cli = '';
  before(async () => {
    cli = await bundleCli();
  });
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
    if (cli !== '') rmSync(dirname(cli), { recursive: true, force: true });
  });
  return () => cli;
}
