/**
 * The sweep loop without processes: a simulated executor whose learning curves are a closed form of the
 * settings, finishing segments in a seeded random order. In reproducible mode the ranked results are the
 * same for 1, 2 and 4 workers; a sweep interrupted after any journal line and resumed from the lines
 * written so far records every result exactly once and ends as the uninterrupted one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/tensor/random.js';
import { runSweep, type Executor, type SegmentTask } from '../../src/tune/driver.js';
import type { JournalEvent } from '../../src/tune/journal.js';
import { rankTrials } from '../../src/tune/results.js';
import { parseSweep, trialConfig } from '../../src/tune/sweep.js';

/** A loss curve: best at lr = 10^−1.5, sgd 0.1 worse, falling as 1/epochs. */
function loss(config: Record<string, unknown>, epochs: number): number {
  const lr = (config.optimizer as { lr?: number }).lr ?? (config.lr as number);
  return (Math.log10(lr) + 1.5) ** 2 + ((config.optimizer as { name: string }).name === 'sgd' ? 0.1 : 0) + 1 / epochs;
}

function simulated(workers: number, seed: number): Executor {
  const random = new Random(seed);
  return {
    workers,
    run: (task: SegmentTask) =>
      new Promise((resolve) =>
        setTimeout(
          () => resolve({ ok: true, value: loss(task.config, task.epochs), epochs: task.epochs, seconds: 1 }),
          random.integer(5),
        ),
      ),
  };
}

const SWEEP = {
  base: { dataset: 'spiral', epochs: 9 },
  space: {
    optimizer: { choice: ['sgd', 'adam'] },
    lr: { range: [1e-4, 1] },
    'optimizer.momentum': { range: [0, 0.9], when: { optimizer: 'sgd' } },
  },
  trials: 14,
  seed: 3,
  out: 'unused',
};

async function sweepWith(
  sampler: string,
  scheduler: string,
  workers: number,
  events: JournalEvent[] = [],
  stopAfter = Infinity,
) {
  const sweep = parseSweep({ ...SWEEP, sampler, scheduler });
  const journal = [...events];
  const sink = {
    append(event: JournalEvent) {
      if (journal.length >= stopAfter) throw new Error('interrupted');
      journal.push(event);
    },
  };
  const config = (t: { config: Record<string, string | number | boolean> }, epochs: number) =>
    trialConfig(SWEEP.base, t.config, epochs);
  try {
    const state = await runSweep(sweep, events, sink, simulated(workers, workers * 7 + events.length), config);
    return { journal, ranked: rankTrials(sweep, state).map(({ seconds: _s, ...r }) => r) };
  } catch (error) {
    if ((error as Error).message !== 'interrupted') throw error;
    return { journal, ranked: undefined };
  }
}

for (const [sampler, scheduler] of [
  ['sobol', 'asha:eta=3'],
  ['tpe:startup=4,lag=3', 'asha:eta=3'],
  ['random', 'hyperband:eta=3'],
  ['grid:steps=2', 'median:startup=2'],
  ['random', 'sh:eta=2'],
]) {
  test(`${sampler} with ${scheduler}: the same results with 1, 2 and 4 workers`, async () => {
    const [one, two, four] = [
      await sweepWith(sampler, scheduler, 1),
      await sweepWith(sampler, scheduler, 2),
      await sweepWith(sampler, scheduler, 4),
    ];
    assert.deepEqual(two.ranked, one.ranked);
    assert.deepEqual(four.ranked, one.ranked);
    assert.ok(
      one.ranked?.some((r) => r.status === 'pruned') || scheduler.startsWith('median'),
      'the scheduler pruned something',
    );
    // Each trial's value is its closed-form loss at the epochs it reached.
    for (const r of one.ranked ?? [])
      assert.equal(r.value, loss(trialConfig(SWEEP.base, r.config, r.epochs), r.epochs));
  });
}

test('ASHA prunes by the rule: each pruned trial ranked below the cutoff among the earlier trials at its rung', async () => {
  const { journal } = await sweepWith('sobol', 'asha:eta=3', 2);
  const reports = journal.filter((e) => e.event === 'report');
  for (const e of journal) {
    if (e.event !== 'pruned') continue;
    const atRung = reports
      .filter((r) => r.rung === e.rung && r.trial <= e.trial)
      .map((r) => r.value)
      .sort((a, b) => a - b);
    const keep = Math.max(1, Math.floor(atRung.length / 3));
    assert.equal(e.of, atRung.length);
    assert.equal(e.cutoff, atRung[keep - 1]);
    assert.ok(e.value > e.cutoff);
  }
});

test('interrupted after any journal line and resumed: every result recorded once, the same results as without interruption', async () => {
  const whole = await sweepWith('tpe:startup=4,lag=2', 'asha:eta=3', 3);
  for (const stopAfter of [1, 2, 5, 17, 40, whole.journal.length - 1]) {
    const cut = await sweepWith('tpe:startup=4,lag=2', 'asha:eta=3', 3, [], stopAfter);
    assert.equal(cut.ranked, undefined);
    assert.equal(cut.journal.length, stopAfter);
    const resumed = await sweepWith('tpe:startup=4,lag=2', 'asha:eta=3', 2, cut.journal);
    assert.deepEqual(resumed.ranked, whole.ranked, `stopped after ${stopAfter} lines`);
    const keys = resumed.journal.filter((e) => e.event === 'report').map((e) => `${e.trial}/${e.rung}`);
    assert.equal(new Set(keys).size, keys.length, 'no (trial, rung) reported twice');
    const endings = resumed.journal.filter((e) => e.event === 'completed' || e.event === 'pruned').map((e) => e.trial);
    assert.equal(new Set(endings).size, endings.length, 'no trial ended twice');
  }
});

test('a sweep whose decisions wait for trials its sampler holds back is one line, not a hang', async () => {
  await assert.rejects(
    sweepWith('tpe:startup=2,lag=1', 'sh:eta=2', 2),
    /the sweep cannot go on: trials .* wait for a decision that needs trial \d+/,
  );
});
