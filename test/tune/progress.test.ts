/**
 * The progress of a sweep and its time-left estimate (src/tune/progress.ts), on a fake clock: the counts, the
 * best so far, the segment-time fit t = a + b·Δe checked against least squares by hand, and the time left
 * worked out by hand from the formula at the top of progress.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JournalEvent } from '../../src/tune/journal.js';
import { fitSegmentTime, formatDuration, SweepProgress } from '../../src/tune/progress.js';
import { parseSweep } from '../../src/tune/sweep.js';

const sweep = (scheduler: string, trials: number) =>
  parseSweep({
    base: { dataset: 'spiral', epochs: 9 },
    space: { lr: { range: [1e-3, 1e-1] } },
    scheduler,
    trials,
    out: 'unused',
  });

const created = (trial: number): JournalEvent => ({ event: 'created', trial, point: [0.5], config: { lr: 0.01 } });

test('segment times: least squares t = a + b·Δe, through the origin when a would be negative or Δe never varies', () => {
  // Δe = 1, 2, 6 with t = 2, 3, 7: means 3 and 4; Σ(Δe − 3)(t − 4) = 4 + 1 + 9 = 14 = Σ(Δe − 3)², so b = 1, a = 4 − 3 = 1.
  assert.deepEqual(
    fitSegmentTime([
      { epochs: 1, seconds: 2 },
      { epochs: 2, seconds: 3 },
      { epochs: 6, seconds: 7 },
    ]),
    { a: 1, b: 1 },
  );
  // (1, 1) and (3, 5): b = 2, a = 3 − 2·2 = −1 < 0; through the origin b = (1·1 + 3·5) / (1 + 9) = 1.6.
  assert.deepEqual(
    fitSegmentTime([
      { epochs: 1, seconds: 1 },
      { epochs: 3, seconds: 5 },
    ]),
    { a: 0, b: 1.6 },
  );
  // Every Δe = 9: b = Σ t·Δe / Σ Δe² = (10·9 + 8·9) / (81 + 81) = 1/9·9 = 1.
  assert.deepEqual(
    fitSegmentTime([
      { epochs: 9, seconds: 10 },
      { epochs: 9, seconds: 8 },
    ]),
    { a: 0, b: 1 },
  );
});

test('time left on a fake clock: 4 trials of 9 epochs on 2 workers, one finished in 10 s', () => {
  const progress = new SweepProgress(sweep('none', 4), 2);
  for (const event of [
    created(0),
    { event: 'segment', trial: 0, rung: 0, epochs: 9 },
    created(1),
    { event: 'segment', trial: 1, rung: 0, epochs: 9 },
  ] as JournalEvent[])
    progress.record(event, 0);
  const before = progress.snapshot(5_000);
  assert.equal(before.secondsLeft, undefined, 'no segment has finished: nothing to estimate from');
  assert.equal(before.running, 2);
  progress.record({ event: 'report', trial: 0, rung: 0, epochs: 9, value: 0.5, seconds: 10 }, 10_000);
  progress.record({ event: 'completed', trial: 0, epochs: 9, value: 0.5 }, 10_000);
  // a = 0, b = 10/9 s per epoch; s̄ = 1 segment, ē = 9 epochs (trial 0). Two trials not created: 2·10 s.
  // Trial 1: one segment of 9 epochs, predicted 10 s; at t = 14 s it has run 14 s, more than predicted, so it
  // counts 0 (not −4). Work left 20 s over W = min(2 workers, 3 open trials) = 2: 10 s.
  const at14 = progress.snapshot(14_000);
  assert.deepEqual(
    { ...at14, secondsLeft: Number(at14.secondsLeft?.toFixed(9)) },
    {
      total: 4,
      created: 2,
      completed: 1,
      pruned: 0,
      failed: 0,
      running: 1,
      best: { trial: 0, value: 0.5 },
      secondsLeft: 10,
    },
  );
  // Had trial 1 run only 4 s (a snapshot at t = 4 s), 6 s of it would be left: (20 + 6) / 2 = 13 s.
  assert.equal(Number(progress.snapshot(4_000).secondsLeft?.toFixed(9)), 13);
});

test('time left counts the running segment less what it has run, and the workers share the rest', () => {
  const progress = new SweepProgress(sweep('asha:minEpochs=1,eta=3', 3), 1);
  const at = (ms: number, ...events: JournalEvent[]) => events.forEach((e) => progress.record(e, ms));
  at(0, created(0), { event: 'segment', trial: 0, rung: 0, epochs: 1 });
  at(2_000, { event: 'report', trial: 0, rung: 0, epochs: 1, value: 0.9, seconds: 2 });
  at(2_000, { event: 'segment', trial: 0, rung: 1, epochs: 3 });
  at(5_000, { event: 'report', trial: 0, rung: 1, epochs: 3, value: 0.8, seconds: 3 });
  at(5_000, { event: 'segment', trial: 0, rung: 2, epochs: 9 });
  // Segments (Δe, t): (1, 2), (2, 3): b = 1, a = 1. No trial ended: a trial needs its ladder, 3 segments and 9 epochs.
  // Trial 0 has done 2 segments and 3 epochs and runs Δe = 6 (predicted 1 + 6 = 7 s, run 2 s at t = 7 s):
  //   1·max(3 − 2, 1) + 1·max(9 − 3, 6) − 2 = 5 s.   Trials 1 and 2: 2 · (1·3 + 1·9) = 24 s.   W = 1: 29 s.
  assert.equal(progress.snapshot(7_000).secondsLeft, 29);
});

test('time left weighs later rungs by the share of trials that went on, and is at least the longest trial', () => {
  const progress = new SweepProgress(sweep('asha:minEpochs=1,eta=3', 3), 2);
  const at = (ms: number, ...events: JournalEvent[]) => events.forEach((e) => progress.record(e, ms));
  at(0, created(0), { event: 'segment', trial: 0, rung: 0, epochs: 1 }, created(1));
  at(0, { event: 'segment', trial: 1, rung: 0, epochs: 1 });
  at(2_000, { event: 'report', trial: 0, rung: 0, epochs: 1, value: 0.5, seconds: 2 });
  at(2_000, { event: 'segment', trial: 0, rung: 1, epochs: 3 });
  at(3_000, { event: 'report', trial: 1, rung: 0, epochs: 1, value: 0.9, seconds: 3 });
  const stop = { cutoff: 0.5, rank: 2, of: 2, rule: 'the best 1 of 2' };
  at(3_000, { event: 'pruned', trial: 1, rung: 0, epochs: 1, value: 0.9, ...stop });
  // Segments (1, 2 s), (1, 3 s): every Δe = 1, so a = 0, b = 5/2. At 1 epoch one trial went on, one stopped:
  // q(1) = 1/2; nothing decided at 3 epochs yet: q(3) = 1.
  // Trial 0 runs towards 3 epochs since t = 2 s: 2.5·2 + 2.5·6 = 20 s, less the 2 s run at t = 4 s: 18 s.
  // Trial 2, not created: 2.5·1 + ½·2.5·2 + ½·1·2.5·6 = 2.5 + 2.5 + 7.5 = 12.5 s.
  // Shared by 2 workers: 30.5 / 2 = 15.25 s, but trial 0 alone needs 18 s: 18 s.
  assert.equal(progress.snapshot(4_000).secondsLeft, 18);
});

test('a resumed sweep starts with no segment running, whatever its journal left open', () => {
  const events: JournalEvent[] = [created(0), { event: 'segment', trial: 0, rung: 0, epochs: 9 }];
  assert.equal(new SweepProgress(sweep('none', 2), 2, events).snapshot(0).running, 0);
});

test('durations read as seconds, minutes and hours', () => {
  assert.deepEqual([9.4, 75, 3725].map(formatDuration), ['9s', '1m15s', '1h02m']);
});
