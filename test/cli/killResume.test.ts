/**
 * A training run killed at any moment comes back with `--resume` as if nothing had happened: killed at
 * every file rename it makes (fault injection with strace: SIGKILL on entering the Nth rename) and at
 * seeded random moments with SIGKILL and SIGINT, the same command with --resume added exits 0 and ends
 * with the bytes of an uninterrupted run — last and best weights, metrics.jsonl and summary.json (less
 * their wall-clock seconds).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Random } from '../../src/tensor/random.js';
import { bundledCliForTests } from '../helpers/bundledCli.js';

const dir = mkdtempSync(join(tmpdir(), 'downhill-kill-'));
const STRACE = '/usr/bin/strace';
const haveStrace = spawnSync(STRACE, ['-V'], { stdio: 'ignore' }).status === 0;
/** Two epochs of 4 steps (54 training examples, batches of 16), a step checkpoint every 3 steps: checkpoints in and at the end of epochs. */
const RUN = [
  'train',
  '--dataset',
  'spiral',
  '--model',
  'mlp:8',
  '--lr',
  '0.05',
  '--epochs',
  '2',
  '--limit',
  '60',
  '--batch-size',
  '16',
  '--checkpoint-every',
  '3',
  '--quiet',
];
/** Long enough (a second or so) for a random moment to fall inside the training. */
const LONG_RUN = [
  'train',
  '--dataset',
  'moons',
  '--model',
  'mlp:16',
  '--epochs',
  '60',
  '--limit',
  '200',
  '--batch-size',
  '8',
  '--checkpoint-every',
  '5',
  '--quiet',
];

const bundle = bundledCliForTests(dir);

function downhill(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [bundle(), ...args], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

/** What must come out the same: the weights' bytes, and the metrics and summary less their seconds. */
function outcome(out: string): Record<string, unknown> {
  const withoutSeconds = (o: Record<string, unknown>) => ({ ...o, seconds: 0, secondsPerEpoch: 0 });
  const text = (file: string) => readFileSync(join(out, file), 'utf8');
  return {
    last: readFileSync(join(out, 'last.safetensors')).toString('base64'),
    best: readFileSync(join(out, 'best.safetensors')).toString('base64'),
    metrics: text('metrics.jsonl')
      .trim()
      .split('\n')
      .map((line) => withoutSeconds(JSON.parse(line))),
    summary: withoutSeconds(JSON.parse(text('summary.json'))),
  };
}

function resumeAndCompare(args: string[], out: string, reference: Record<string, unknown>, what: string): void {
  const resumed = downhill([...args, '--out', out, '--resume']);
  assert.equal(resumed.status, 0, `${what}: --resume failed: ${resumed.stderr}`);
  assert.deepEqual(outcome(out), reference, what);
}

test(
  'killed at every file rename, --resume ends with the bytes of the uninterrupted run',
  { skip: !haveStrace && 'needs strace' },
  () => {
    const reference = join(dir, 'reference');
    const traced = spawnSync(
      STRACE,
      [
        '-f',
        '-qq',
        '-e',
        'trace=rename,renameat,renameat2',
        '-o',
        join(dir, 'renames.log'),
        process.execPath,
        bundle(),
        ...RUN,
        '--out',
        reference,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(traced.status, 0, traced.stderr);
    const log = readFileSync(join(dir, 'renames.log'), 'utf8');
    const renames = log.split('\n').filter((line) => /\brename(at2?)?\(/.test(line));
    // Node renames with rename(2): the injection below must see every one of them.
    assert.ok(
      renames.every((line) => /\brename\(/.test(line)),
      log,
    );
    // run.json; 4 checkpoints (step 3, the end of epoch 1, step 6, the end of epoch 2), each a generation
    // directory, the manifest and the last and best links (no best model before the first epoch ends); summary.json.
    assert.equal(renames.length, 1 + 3 + 4 + 4 + 4 + 1, log);
    const expected = outcome(reference);
    for (let n = 1; n <= renames.length; n++) {
      const out = join(dir, `rename-${n}`);
      const killed = spawnSync(
        STRACE,
        [
          '-f',
          '-qq',
          '-o',
          '/dev/null',
          '-e',
          'trace=rename',
          '-e',
          `inject=rename:signal=SIGKILL:when=${n}`,
          process.execPath,
          bundle(),
          ...RUN,
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
      assert.equal(killed.signal ?? killed.status, 'SIGKILL', `kill at rename ${n}: ${killed.stderr}`);
      resumeAndCompare(RUN, out, expected, `killed at rename ${n} (${renames[n - 1].slice(0, 80)})`);
    }
  },
);

test('killed at random moments with SIGKILL and SIGINT, --resume ends with the bytes of the uninterrupted run', async () => {
  const reference = join(dir, 'long-reference');
  const started = performance.now();
  assert.equal(downhill([...LONG_RUN, '--out', reference]).status, 0);
  const duration = performance.now() - started;
  const expected = outcome(reference);
  const random = new Random(11);
  const signals: NodeJS.Signals[] = ['SIGKILL', 'SIGINT', 'SIGKILL', 'SIGINT', 'SIGKILL', 'SIGKILL'];
  for (const [k, signal] of signals.entries()) {
    const out = join(dir, `random-${k}`);
    const delay = random.uniform() * duration;
    const child = spawn(process.execPath, [bundle(), ...LONG_RUN, '--out', out], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill(signal), delay);
    await new Promise((resolve) => child.on('exit', resolve));
    clearTimeout(timer);
    resumeAndCompare(LONG_RUN, out, expected, `${signal} after ${delay.toFixed(0)} ms`);
  }
});
