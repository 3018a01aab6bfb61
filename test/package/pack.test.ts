/**
 * The package as a user gets it: `npm pack` (which builds), the tarball installed into a fresh project
 * (from npm's cache; its optional packages, mathjs and @napi-rs/canvas, left out), then
 *
 * - publint and "are the types wrong" (ESM and CommonJS consumers under node16 resolution; CommonJS
 *   loads the ES module through require(esm), Node ≥ 20.19);
 * - the README's library quick start run as printed in Node as an ES module and, its import turned into
 *   a require, as CommonJS; bundled by esbuild and run in Debian's Chromium;
 * - its declaration files type-checked in a Node-only project (no DOM library, skipLibCheck off), with
 *   the PyTorch habit `adam(model.parameters())`;
 * - the size of `import { adam }` bundled and minified (under 15 KB);
 * - the CLI: --version, the README's first trace on the shipped example, and one line naming the
 *   optional package a feature needs (PNG output, formula surfaces), exit code 2.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'node_modules', '.bin');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'downhill-package-'));
const project = join(work, 'project');
let tarball = '';

/** The ```ts block under the README's heading `heading`, plus `tail`, which prints what the test checks. */
function quickStart(heading: string, tail: string): string {
  const section = README.slice(README.indexOf(`## ${heading}`));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(code !== undefined, `README has a ts block under '${heading}'`);
  return `${code}\n${tail}\n`;
}

/** The library quick start, reporting θ after 2000 steps and the kind of the critical point at (1, 1). */
const LIBRARY = quickStart(
  'Quick start: the library',
  'globalThis.report?.(JSON.stringify({ theta: Array.from(theta.data), kind: rosenbrock.classify([1, 1]).kind, saved: saved.length > 0 }));',
);

function checkLibraryResult(text: string, where: string): void {
  const result = JSON.parse(text) as { theta: number[]; kind: string; saved: boolean };
  // The README prints θ ≈ [0.9958, 0.9916] after 2000 AMSGrad steps, on the way to the minimum (1, 1).
  assert.ok(
    Math.abs(result.theta[0] - 0.9958) < 1e-4 && Math.abs(result.theta[1] - 0.9916) < 1e-4,
    `${where}: θ = ${result.theta}`,
  );
  assert.equal(result.kind, 'minimum', where);
  assert.ok(result.saved, where);
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? project,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz')) as string);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
    cwd: project,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
});

test('publint and "are the types wrong" find nothing', () => {
  const publint = run(join(BIN, 'publint'), ['run', join(project, 'node_modules', 'downhill'), '--strict']);
  assert.equal(publint.status, 0, publint.stdout + publint.stderr);
  const attw = run(join(BIN, 'attw'), [
    tarball,
    '--profile',
    'node16',
    '--ignore-rules',
    'cjs-resolves-to-esm',
    '--format',
    'ascii',
  ]);
  assert.equal(attw.status, 0, attw.stdout + attw.stderr);
});

test("the README's library quick start runs in Node as an ES module and as CommonJS", () => {
  // Node prints the report; in Chromium the test's exposed `report` is already there and stays.
  const report = 'globalThis.report ??= (text) => console.log(text);\n';
  writeFileSync(join(project, 'quick.mjs'), report + LIBRARY);
  const cjs = LIBRARY.replace(/import \{([^}]*)\} from 'downhill';/, "const {$1} = require('downhill');");
  assert.notEqual(cjs, LIBRARY);
  writeFileSync(join(project, 'quick.cjs'), report + cjs);
  for (const file of ['quick.mjs', 'quick.cjs']) {
    const result = run(process.execPath, [file]);
    assert.equal(result.status, 0, result.stderr);
    checkLibraryResult(result.stdout.trim().split('\n').at(-1) as string, file);
  }
});

test('the declaration files check in a Node-only project (no DOM, skipLibCheck off), PyTorch habits included', () => {
  writeFileSync(
    join(project, 'habits.ts'),
    [
      "import { adam, DataLoader, fitAsync, mlp, Random, sgd, toyDataset, type Batch } from 'downhill';",
      'const model = mlp({ inputs: 2, hidden: [8], outputs: 2, random: new Random(0) });',
      'const optimizer = adam(model.parameters(), { lr: 1e-3 });',
      "for (const batch of new DataLoader(toyDataset('moons', { random: new Random(1) }), { batchSize: 16 })) { const b: Batch = batch; void b; }",
      '// @ts-expect-error sgd needs lr',
      'sgd(model.parameters(), {});',
      'void optimizer; void fitAsync;',
    ].join('\n'),
  );
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022'],
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
      strict: true,
      skipLibCheck: false,
      noEmit: true,
    },
    files: ['habits.ts'],
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
  const tsc = run(join(BIN, 'tsc'), ['-p', project]);
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});

test('`import { adam }` bundles to under 15 KB minified; the quick start runs bundled in Chromium', async () => {
  writeFileSync(join(project, 'adam.mjs'), "import { adam } from 'downhill';\nconsole.log(adam);\n");
  const adam = await build({
    entryPoints: [join(project, 'adam.mjs')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const bytes = adam.outputFiles[0].contents.length;
  assert.ok(bytes < 15_000, `import { adam }: ${bytes} bytes minified`);

  const bundled = await build({
    entryPoints: [join(project, 'quick.mjs')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
  try {
    const page = await browser.newPage();
    let report: (text: string) => void = () => {};
    const reported = new Promise<string>((resolve) => (report = resolve));
    await page.exposeFunction('report', (text: string) => report(text));
    await page.addScriptTag({
      content: bundled.outputFiles[0].text,
    });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('the page reported nothing in 20 s')), 20_000).unref(),
    );
    checkLibraryResult(await Promise.race([reported, timeout]), 'Chromium');
  } finally {
    await browser.close();
  }
});

test('the CLI: --version, the README trace on the shipped example, one line naming a missing optional package', () => {
  const downhill = join(project, 'node_modules', '.bin', 'downhill');
  const version = run(downhill, ['--version']);
  assert.equal(version.stdout, `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  const trace = run(downhill, ['trace', '--config', 'node_modules/downhill/examples/rosenbrock-adam.json']);
  assert.equal(trace.status, 0, trace.stderr);
  const example = JSON.parse(readFileSync(join(ROOT, 'examples', 'rosenbrock-adam.json'), 'utf8')) as { steps: number };
  assert.equal((JSON.parse(trace.stdout) as { points: unknown[] }).points.length, example.steps + 1);
  const race = (out: string) =>
    run(downhill, [
      'race',
      '--fn',
      'rosenbrock',
      '--start',
      '-1.5,2',
      '--steps',
      '5',
      '--optimizer',
      'adam',
      '--out',
      out,
    ]);
  const png = race('race.png');
  assert.equal(png.status, 2);
  assert.equal(
    png.stderr,
    'downhill: PNG and GIF output needs the package @napi-rs/canvas, which is not installed: npm install @napi-rs/canvas\n',
  );
  const svg = race('race.svg');
  assert.equal(svg.status, 0, svg.stderr);
  const formula = run(downhill, ['trace', '--fn', 'x^2 + y^2', '--start', '1,1', '--optimizer', 'sgd:lr=0.1']);
  assert.equal(formula.status, 2);
  assert.equal(
    formula.stderr,
    'downhill: formula surfaces needs the package mathjs, which is not installed: npm install mathjs\n',
  );
});
