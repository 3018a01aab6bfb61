/**
 * The Node build: the library (src/index.node.ts: src/index.ts with the wasm kernels by default) and
 * the CLI, bundled by esbuild into a few files under dist/bundle/ (with their pure-JS dependencies), because Node loads one file far faster than the ~200 that tsc writes
 * (bench/startup.ts). Bundlers still get tsc's per-file dist/ (the `default` export condition), which
 * they tree-shake; the optional packages (mathjs, @napi-rs/canvas) stay outside, loaded on first use, and
 * so do BullMQ and ioredis (BullMQ reads its Lua scripts from its own folder), loaded only by `tune --queue`
 * and `worker`. The worker's sandboxed processor is an entry of its own, which BullMQ runs in a child process.
 */
import { chmodSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = 'dist/bundle';
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    index: 'src/index.node.ts',
    main: 'src/cli/main.ts',
    segmentProcessor: 'src/queue/segmentProcessor.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['mathjs', '@napi-rs/canvas', 'bullmq', 'ioredis'],
  // The CommonJS dependencies (commander, papaparse, …) call require, which an ES module lacks.
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync(`${outdir}/main.js`, 0o755);
