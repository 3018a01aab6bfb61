/**
 * Running one measurement in a fresh process and reading its result: every contender (downhill, PyTorch,
 * TensorFlow.js) prints one JSON object as the last line of its stdout. A fresh process per measurement
 * keeps the contenders from sharing a heap, a JIT or a thread pool, and lets the driver interleave them.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_DIR = dirname(BENCH_DIR);
export const PEERS_DIR = join(BENCH_DIR, 'peers');
export const PYTHON = '/usr/bin/python3';

/** Runs `command args` from the repository root; returns the JSON of its last stdout line, or throws with its stderr. */
export function runJson<T>(command: string, args: string[], env: Record<string, string> = {}, timeoutSeconds = 300): T {
  const result = spawnSync(command, args, {
    cwd: REPO_DIR,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: timeoutSeconds * 1000,
  });
  const lines = (result.stdout ?? '').trim().split('\n');
  const last = lines[lines.length - 1];
  if (result.status !== 0 || !last.startsWith('{')) {
    const why = result.error?.message ?? `exit ${result.status ?? result.signal}`;
    throw new Error(
      `${command} ${args.join(' ')}: ${why}\n${(result.stderr ?? '').trim().split('\n').slice(-8).join('\n')}`,
    );
  }
  return JSON.parse(last) as T;
}

/** A TypeScript file of bench/ run by Node through tsx, as `npm run bench` itself runs. */
export function runTs<T>(file: string, args: string[], env: Record<string, string> = {}, timeoutSeconds = 300): T {
  return runJson<T>(process.execPath, ['--import', 'tsx', join(BENCH_DIR, file), ...args], env, timeoutSeconds);
}

/** A script of bench/peers/ run by Debian's Python with torch, its BLAS held to `threads` threads. */
export function runTorch<T>(script: string, args: string[], threads = 1, timeoutSeconds = 300): T {
  const env = { OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
  return runJson<T>(PYTHON, [join(PEERS_DIR, script), ...args, '--threads', String(threads)], env, timeoutSeconds);
}

/** The value after `--name` in argv, or `fallback`. */
export function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}
