/**
 * Replay (src/tune/replay.ts) on sweeps recorded by the sweep loop with a closed-form learning curve: under
 * the recorded scheduler it makes the recorded decisions exactly, with any number of workers; a full-budget
 * recording replayed under ASHA gives what a live ASHA sweep over the same trials gives; the simulated wall
 * time is the hand-computed one; a curve cut short by pruning is listed and the trial stops where it ends.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Random } from '../../src/tensor/random.js';
import { runSweep, type Executor } from '../../src/tune/driver.js';
import { replay, type JournalEvent } from '../../src/tune/journal.js';
import { readRecording, replaySweep, type MetricLine } from '../../src/tune/replay.js';
import { simulatedClock } from '../../src/tune/simulatedClock.js';
import { rankTrials } from '../../src/tune/results.js';
import { parseSweep, trialConfig } from '../../src/tune/sweep.js';
import { runDownhillAsync } from '../helpers/cli.js';

const EPOCHS = 9;
const BASE = { dataset: 'spiral', epochs: EPOCHS };
const SWEEP = {
  base: BASE,
  space: { optimizer: { choice: ['sgd', 'adam'] }, lr: { range: [1e-4, 1] } },
  sampler: 'sobol',
  trials: 12,
  seed: 4,
  out: 'unused',
};

/** Best at lr = 10^−1.5, sgd 0.1 worse, falling as 1/epochs. */
function loss(config: Record<string, unknown>, epochs: number): number {
  const name = (config.optimizer as { name: string } | string | undefined) ?? 'adam';
  const optimizer = typeof name === 'string' ? name : name.name;
  return (Math.log10(config.lr as number) + 1.5) ** 2 + (optimizer === 'sgd' ? 0.1 : 0) + 1 / epochs;
}

/** Every epoch takes 1 s, and every segment 0.5 s more (starting a process); results come back in a seeded random order. */
const OVERHEAD = 0.5;
function recorder(workers: number, seed: number): Executor {
  const random = new Random(seed);
  const trained = new Map<number, number>();
  return {
    workers,
    run: (task) =>
      new Promise((resolve) => {
        const added = task.epochs - (task.continues ? (trained.get(task.trial) ?? 0) : 0);
        trained.set(task.trial, task.epochs);
        const value = loss(task.config, task.epochs);
        setTimeout(
          () => resolve({ ok: true, value, epochs: task.epochs, seconds: OVERHEAD + added }),
          random.integer(4),
        );
      }),
  };
}

async function record(scheduler: string, workers = 3): Promise<JournalEvent[]> {
  const raw = { ...SWEEP, scheduler };
  const sweep = parseSweep(raw);
  const { out: _out, ...definition } = raw;
  const events: JournalEvent[] = [{ event: 'sweep', sweep: definition }];
  await runSweep(
    sweep,
    [],
    { append: (e) => void events.push(JSON.parse(JSON.stringify(e)) as JournalEvent) },
    recorder(workers, 11),
    (t, epochs) => trialConfig(BASE, t.config, epochs),
  );
  return events;
}

/** metrics.jsonl of each trial of a full-budget recording: the curve at every epoch, 1 s each. */
function fullCurves(events: readonly JournalEvent[]): (trial: number) => MetricLine[] {
  const configs = events.flatMap((e) => (e.event === 'created' ? [e.config] : []));
  return (trial) =>
    Array.from({ length: EPOCHS }, (_, i) => ({
      epoch: i + 1,
      validationLoss: loss(trialConfig(BASE, configs[trial], EPOCHS), i + 1),
      seconds: 1,
    }));
}

const decisions = (events: readonly JournalEvent[]) =>
  events
    .filter((e) => e.event === 'pruned' || e.event === 'completed')
    .sort((a, b) => (a as { trial: number }).trial - (b as { trial: number }).trial);

test('replayed under the recorded scheduler, a sweep makes the recorded decisions exactly, with any number of workers', async () => {
  for (const scheduler of ['asha:eta=3', 'sh:eta=3', 'median:startup=2']) {
    const events = await record(scheduler);
    const recording = readRecording(events, () => undefined);
    assert.equal(recording.workers, 3, 'the recording ran 3 segments at once');
    for (const workers of [1, 2, 5]) {
      const replayed = await replaySweep(recording, { workers });
      assert.deepEqual(decisions(replayed.events), decisions(events), `${scheduler}, ${workers} workers`);
      assert.deepEqual(replayed.truncated, []);
    }
    assert.ok(
      events.some((e) => e.event === 'pruned'),
      `${scheduler} pruned something`,
    );
  }
});

test('a full-budget recording replayed under ASHA gives what a live ASHA sweep over the same trials gives', async () => {
  const events = await record('none');
  const recording = readRecording(events, fullCurves(events));
  const live = await record('asha:eta=3');
  const liveSweep = parseSweep({ ...SWEEP, scheduler: 'asha:eta=3' });
  const replayed = await replaySweep(recording, { scheduler: { name: 'asha', eta: 3 }, workers: 2 });
  const strip = (ranked: ReturnType<typeof rankTrials>) => ranked.map(({ seconds: _s, ...r }) => r);
  assert.deepEqual(strip(replayed.ranked), strip(rankTrials(liveSweep, replay(live))));
  assert.deepEqual(decisions(replayed.events), decisions(live));
});

test('simulated wall time: every epoch 1 s and every segment 0.5 s, as computed by hand', async () => {
  const events = await record('none');
  const recording = readRecording(events, fullCurves(events));
  // The recording: each segment 0.5 + 9 s, its epochs 9 × 1 s, so 0.5 s of start-up per segment.
  assert.equal(recording.segmentOverhead, OVERHEAD);
  // Its own wall time comes from the journal's time stamps: lines 250 ms apart, n lines span 0.25·(n − 1) s.
  assert.equal(recording.seconds, undefined);
  const stamped = events.map((e, i) => ({ ...e, at: 1_700_000_000_000 + 250 * i }));
  assert.equal(readRecording(stamped, fullCurves(events)).seconds, 0.25 * (events.length - 1));
  // No pruning: 12 trials of 9.5 s; 12/w rounds of 9.5 s each on w workers.
  for (const [workers, seconds] of [
    [1, 114],
    [2, 57],
    [4, 28.5],
    [5, 28.5], // 3 rounds: 5 + 5 + 2 trials
    [12, 9.5],
  ]) {
    const replayed = await replaySweep(recording, { workers });
    assert.equal(replayed.seconds, seconds, `${workers} workers`);
    assert.equal(replayed.epochs, 12 * EPOCHS);
  }
  // ASHA on one worker: every segment back to back, 0.5 s each plus 1 s per epoch trained.
  const asha = await replaySweep(recording, { scheduler: { name: 'asha', eta: 3 }, workers: 1 });
  const segments = asha.events.filter((e) => e.event === 'segment').length;
  assert.ok(asha.epochs < 12 * EPOCHS);
  assert.equal(asha.seconds, OVERHEAD * segments + asha.epochs);
});

test('the simulated clock hands results back by finishing time: a long trial on one worker, five short ones on the other', async () => {
  // Trial 0 takes 5 s, trials 1–5 take 1 s each: on 2 workers, 0 runs 0–5 s while 1…5 run back to back on the
  // other worker (0–1, 1–2, …, 4–5), so the sweep ends at 5 s; trials 0 and 5 both finish at 5 s, and the tie
  // goes to the lower trial number.
  const sweep = parseSweep({ ...SWEEP, scheduler: 'none', trials: 6 });
  const clock = simulatedClock(2, (task) => ({
    outcome: { ok: true, value: task.trial, epochs: task.epochs, seconds: 0 },
    seconds: task.trial === 0 ? 5 : 1,
  }));
  const events: JournalEvent[] = [];
  await runSweep(sweep, [], { append: (e) => void events.push(e) }, clock, (t) => t.config);
  assert.equal(clock.now(), 5);
  assert.deepEqual(
    events.flatMap((e) => (e.event === 'report' ? [e.trial] : [])),
    [1, 2, 3, 4, 0, 5],
  );
});

test('a curve cut short by pruning in the recording is listed, and the trial stops where the curve ends', async () => {
  const events = await record('asha:eta=3');
  const replayed = await replaySweep(
    readRecording(events, () => undefined),
    { scheduler: { name: 'none' } },
  );
  const pruned = events.flatMap((e) => (e.event === 'pruned' ? [e] : []));
  assert.deepEqual(
    [...replayed.truncated].sort((a, b) => a.trial - b.trial),
    pruned
      .map((e) => ({ trial: e.trial, recordedEpochs: e.epochs, recordedEnding: 'pruned', requested: EPOCHS }))
      .sort((a, b) => a.trial - b.trial),
  );
  for (const e of pruned) {
    const result = replayed.ranked.find((r) => r.trial === e.trial);
    assert.deepEqual([result?.status, result?.epochs, result?.value], ['completed', e.epochs, e.value]);
  }
  // Full-budget trials rank before the truncated ones.
  const firstTruncated = replayed.ranked.findIndex((r) => r.epochs < EPOCHS);
  assert.ok(replayed.ranked.slice(firstTruncated).every((r) => r.epochs < EPOCHS));
});

test('downhill tune replay: the table, the truncated curves, the epochs and simulated time; a missing journal is one line', async () => {
  const events = await record('asha:eta=3');
  const dir = mkdtempSync(join(tmpdir(), 'downhill-replay-'));
  writeFileSync(join(dir, 'journal.jsonl'), events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  const expected = await replaySweep(
    readRecording(events, () => undefined),
    {
      scheduler: { name: 'none' },
      workers: 2,
    },
  );
  const [text, json, missing] = await Promise.all([
    runDownhillAsync(['tune', 'replay', dir, '--scheduler', 'none', '--workers', '2']),
    runDownhillAsync(['tune', 'replay', dir, '--scheduler', 'none', '--workers', '2', '--json']),
    runDownhillAsync(['tune', 'replay', join(dir, 'nowhere')]),
  ]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^replay of .* \(12 trials\) under scheduler none with 2 simulated workers\n/);
  assert.match(text.stdout, /\ntruncated curves:\n/);
  for (const t of expected.truncated)
    assert.ok(
      text.stdout.includes(
        `trial ${t.trial} was pruned at epoch ${t.recordedEpochs} in the recording; asked for ${EPOCHS} epochs, the replay stops it at epoch ${t.recordedEpochs}`,
      ),
    );
  assert.ok(
    text.stdout.endsWith(
      `${expected.epochs} epochs trained in all; ${expected.seconds.toFixed(1)} s of simulated wall time\n`,
    ),
  );
  assert.equal(json.status, 0, json.stderr);
  const parsed = JSON.parse(json.stdout) as { epochs: number; seconds: number; workers: number };
  assert.deepEqual([parsed.epochs, parsed.seconds, parsed.workers], [expected.epochs, expected.seconds, 2]);
  assert.equal(missing.status, 2);
  assert.match(
    missing.stderr,
    /^downhill: .*nowhere is not a sweep directory: .*nowhere\/journal\.jsonl does not exist\n$/,
  );
});
