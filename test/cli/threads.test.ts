/**
 * `downhill train --threads N`, `"threads": N` in a run config, and DOWNHILL_THREADS: a Fashion-MNIST run
 * (2,000 examples, the MLP 784-256-128-10, products large enough to split) gives identical metrics on 1
 * and 2 threads, and a bad thread count is one line on stderr with exit code 2.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const FASHION = '/usr/share/datasets/fashion-mnist';
const dir = mkdtempSync(join(tmpdir(), 'downhill-threads-'));

function downhill(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

function trainedMetrics(name: string, args: string[], env: Record<string, string> = {}): unknown[] {
  const out = join(dir, name);
  const result = downhill(
    [
      'train',
      '--dataset',
      'fashion-mnist',
      '--limit',
      '2000',
      '--model',
      'mlp:256,128',
      '--batch-size',
      '128',
      '--epochs',
      '2',
      '--seed',
      '1',
      '--out',
      out,
      '--quiet',
      ...args,
    ],
    env,
  );
  assert.equal(result.status, 0, result.stderr);
  return readFileSync(join(out, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => ({ ...JSON.parse(line), seconds: 0 }));
}

/** What summary.json says the run computed with. */
function compute(name: string): unknown {
  const { kernels, threads } = JSON.parse(readFileSync(join(dir, name, 'summary.json'), 'utf8')) as {
    kernels: string;
    threads: number;
  };
  return { kernels, threads };
}

test(
  'training gives identical metrics with --threads 1, --threads 2, a config with "threads": 2 and DOWNHILL_THREADS=2',
  { skip: !existsSync(FASHION) && 'no Fashion-MNIST here' },
  () => {
    const one = trainedMetrics('one', ['--threads', '1']);
    assert.equal(one.length, 2);
    assert.deepEqual(trainedMetrics('two', ['--threads', '2']), one);
    const config = join(dir, 'two-threads.json');
    writeFileSync(config, JSON.stringify({ threads: 2 }));
    assert.deepEqual(trainedMetrics('config', ['--config', config], { DOWNHILL_THREADS: '1' }), one);
    assert.deepEqual(trainedMetrics('env', [], { DOWNHILL_THREADS: '2' }), one);
    assert.deepEqual(compute('one'), { kernels: 'wasm', threads: 1 });
    assert.deepEqual(compute('two'), { kernels: 'wasm', threads: 2 });
    assert.deepEqual(compute('config'), { kernels: 'wasm', threads: 2 });
    assert.deepEqual(compute('env'), { kernels: 'wasm', threads: 2 });
  },
);

test('a bad thread count is one line on stderr and exit code 2', () => {
  const flag = downhill(['train', '--dataset', 'spiral', '--threads', '0', '--out', join(dir, 'bad')]);
  assert.equal(flag.status, 2);
  assert.match(flag.stderr.trim(), /^downhill: --threads must be an integer in \[1, 256\] \(got 0\)$/);
  const env = downhill(['train', '--dataset', 'spiral', '--out', join(dir, 'bad')], { DOWNHILL_THREADS: 'many' });
  assert.equal(env.status, 2);
  assert.match(env.stderr.trim(), /^downhill: DOWNHILL_THREADS must be an integer in \[1, 256\] \(got "many"\)$/);
});
