/**
 * `downhill tune` as a user runs it, on a tiny toy sweep (4 trials of a 4-unit network on 60 spiral points):
 * bad sweeps as one line with exit code 2 and nothing written; `kill -9` of `downhill tune` mid-way (its
 * trainings left running), then `--resume` with another worker count, ends with every result recorded once and
 * the same results and best.json as an uninterrupted sweep; a damaged journal line is named and the events
 * before it kept.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliResult } from '../helpers/cli.js';
import { best, journal, results, TOY_SWEEP as SWEEP } from '../helpers/toySweep.js';
import { failureReason, stopOrphan } from '../../src/cli/tuneExecutor.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'downhill-tune-'));

function downhill(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      { encoding: 'utf8', env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      },
    );
  });
}

function sweepFile(name: string, sweep: object): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(sweep));
  return path;
}

test('bad sweeps are one line on stderr, exit code 2, and write nothing', async () => {
  const cases: [object, RegExp][] = [
    [
      { ...SWEEP, space: { learningRate: { range: [0.1, 1] } } },
      /^downhill: space: unknown setting 'learningRate'; valid: /,
    ],
    [
      { ...SWEEP, space: { lr: { range: [0.3, 0.003] } } },
      /^downhill: space: lr: the range \[0\.3, 0\.003\] is empty; it needs low < high$/,
    ],
    [
      { ...SWEEP, space: { batchSize: { choice: [16, 'big'] } } },
      /^downhill: space: batchSize\.choice\[1\] must be an integer >= 1 \(got "big"\)$/,
    ],
    [{ ...SWEEP, sampler: 'bayes' }, /^downhill: unknown sampler 'bayes'; valid: grid, random, sobol, tpe$/],
    [
      { ...SWEEP, metric: 'loss' },
      /^downhill: tune: metric must be 'validationLoss' or 'validationAccuracy' \(got "loss"\)$/,
    ],
    [{ ...SWEEP, base: { ...SWEEP.base, lr: -1 } }, /^downhill: train: lr must be >= 0 \(got -1\)$/],
  ];
  const runs = await Promise.all(
    cases.map(([sweep], i) =>
      downhill(['tune', '--config', sweepFile(`bad${i}`, sweep), '--out', join(dir, `bad${i}`)]),
    ),
  );
  runs.forEach((run, i) => {
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr.trimEnd(), cases[i][1]);
    assert.equal(run.stderr.trimEnd().split('\n').length, 1);
    assert.equal(existsSync(join(dir, `bad${i}`)), false);
  });
});

test('kill -9 of downhill tune mid-way, then --resume: each result once, the same results and best.json as an uninterrupted sweep', async () => {
  const config = sweepFile('toy', SWEEP);
  const whole = join(dir, 'whole');
  const killed = join(dir, 'killed');
  const uninterrupted = downhill(['tune', '--config', config, '--out', whole, '--workers', '2']);

  // Only `downhill tune` is killed, once a result is in and more is running: its trainings run on, orphaned, until --resume stops them.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MAIN, 'tune', '--config', config, '--out', killed, '--workers', '2', '--quiet'],
    { detached: true, stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.on('exit', resolve));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const events = existsSync(join(killed, 'journal.jsonl')) ? journal(killed) : [];
    if (events.filter((e) => e.event === 'report').length >= 2 && events[events.length - 1].event === 'segment') break;
  }
  process.kill(child.pid as number, 'SIGKILL');
  await exited;
  assert.equal(existsSync(join(killed, 'results.json')), false, 'killed before the end');

  const resumed = await downhill(['tune', '--resume', '--out', killed, '--workers', '1', '--quiet']);
  assert.equal(resumed.status, 0, resumed.stderr);
  const reference = await uninterrupted;
  assert.equal(reference.status, 0, reference.stderr);
  assert.deepEqual(results(killed), results(whole));
  assert.equal(best(killed), best(whole));
  const reports = journal(killed)
    .filter((e) => e.event === 'report')
    .map((e) => `${e.trial}/${e.rung}`);
  assert.equal(new Set(reports).size, reports.length);
  assert.deepEqual(
    new Set(reports),
    new Set(
      journal(whole)
        .filter((e) => e.event === 'report')
        .map((e) => `${e.trial}/${e.rung}`),
    ),
  );
  assert.match(reference.stdout, /^rank +trial +status +epochs +validationLoss +settings\n1 /);
  assert.equal(
    reference.stdout
      .split('\n')
      .filter((line) =>
        / pruned at rung \d \(\d epochs?\): validationLoss [\d.]+ ranks \d of \d; the cutoff was /.test(line),
      ).length,
    results(whole).filter((r) => (r as { status: string }).status === 'pruned').length,
  );

  // best.json trained in one go ends where the best trial's segments did.
  const bestRun = await downhill(
    ['train', '--config', join(whole, 'best.json'), '--out', join(dir, 'best-run'), '--quiet'],
    { DOWNHILL_THREADS: '1' },
  );
  assert.equal(bestRun.status, 0, bestRun.stderr);
  const bestTrial = (results(whole)[0] as { trial: number }).trial;
  const curve = (run: string) =>
    readFileSync(join(run, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => ({ ...JSON.parse(line), seconds: 0 }));
  assert.deepEqual(curve(join(dir, 'best-run')), curve(join(whole, 'trials', String(bestTrial).padStart(4, '0'))));

  // A damaged line: named, the lines before it kept, the sweep completed again from there.
  const damaged = join(dir, 'damaged');
  cpSync(whole, damaged, { recursive: true });
  const lines = readFileSync(join(damaged, 'journal.jsonl'), 'utf8').split('\n');
  lines[lines.length - 3] = '{"event":"report", oops';
  writeFileSync(join(damaged, 'journal.jsonl'), lines.join('\n'));
  const again = await downhill(['tune', '--resume', '--out', damaged, '--quiet']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(
    again.stderr,
    new RegExp(
      `journal\\.jsonl line ${lines.length - 2} is damaged \\(not JSON\\); continuing from the ${lines.length - 3} lines before it`,
    ),
  );
  assert.deepEqual(results(damaged), results(whole));
  assert.equal(readFileSync(join(damaged, 'journal.jsonl.damaged'), 'utf8'), lines.join('\n'));

  const twice = await downhill(['tune', '--config', config, '--out', whole]);
  assert.equal(twice.status, 2);
  assert.match(twice.stderr, /holds a sweep already .*; add --resume to continue it/);
});

test("a failed segment's reason is downhill's message, an uncaught error's line, or how the process ended", () => {
  assert.equal(failureReason('downhill: lr must be > 0 (got -1)\n', 2), 'lr must be > 0 (got -1)');
  const crash = [
    'file:///work/src/train/fit.ts:10',
    "    throw new RangeError('Invalid array length');",
    '    ^',
    '',
    'RangeError: Invalid array length',
    '    at fit (file:///work/src/train/fit.ts:10:11)',
    '',
    'Node.js v20.20.2',
    '',
  ].join('\n');
  assert.equal(failureReason(crash, 1), 'RangeError: Invalid array length');
  assert.equal(failureReason('epoch 1\nkilled by SIGKILL', null), 'killed by SIGKILL');
  assert.equal(failureReason('', 3), 'exit code 3');
});

test('a training left running into a trial, with or without its pid file, is stopped before the trial is touched', async () => {
  const trial = join(dir, 'orphans', 'trials', '1');
  const sleeper = (name: string) =>
    spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', 'train', '--config', name], {
      stdio: 'ignore',
    });
  // A tune killed between starting a training and writing its pid file leaves one that no file names; trial 10's
  // training names a longer path and must live on.
  const orphan = sleeper(`${trial}.json`);
  const neighbour = sleeper(`${trial}0.json`);
  const gone = new Promise((resolve) => orphan.on('exit', resolve));
  try {
    await new Promise((resolve) => setTimeout(resolve, 300));
    await stopOrphan(trial);
    const alive = new Promise((resolve) => setTimeout(() => resolve('still running'), 2000).unref());
    assert.equal(await Promise.race([gone, alive]), null);
    assert.equal(orphan.signalCode, 'SIGKILL');
    assert.equal(neighbour.exitCode, null, 'another trial’s training is not stopped');
  } finally {
    orphan.kill('SIGKILL');
    neighbour.kill('SIGKILL');
  }
});
