/** Scheduler decisions and ladders, derived by hand in the comments. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScheduler, type SweepView } from '../../src/tune/schedulers.js';

/** A view of trials with scores at rung 0 (undefined: not reported yet). */
function view(scores: (number | undefined)[], reproducible = true, total = scores.length): SweepView {
  return {
    created: scores.length,
    total,
    reproducible,
    score: (trial, rung) => (rung === 0 ? scores[trial] : undefined),
    resolved: (trial, rung) => rung === 0 && scores[trial] !== undefined,
  };
}

test('ASHA (eta 3) keeps the best max(1, ⌊n/3⌋) of the n scores at the rung, comparing with earlier trials', () => {
  const asha = createScheduler({ name: 'asha', eta: 3, minEpochs: 1 }, 9);
  assert.deepEqual(asha.rungs(0), [1, 3, 9]);
  const scores = [5, 3, 4, 1, 2, 6];
  const v = view(scores);
  const decide = (trial: number) => asha.decide(trial, 0, v);
  // trial 0 alone; trial 1: 3 beats 5; trial 2: 4 ranks 2 of {5, 3, 4}, cutoff 3
  assert.equal(decide(0).kind, 'continue');
  assert.equal(decide(1).kind, 'continue');
  assert.deepEqual(decide(2), {
    kind: 'stop',
    score: 4,
    cutoff: 3,
    rank: 2,
    of: 3,
    rule: 'the best 1 of 3 at this rung continue (1/3)',
  });
  assert.equal(decide(3).kind, 'continue');
  // trial 4: 2 among {5,3,4,1,2}: keep ⌊5/3⌋ = 1, cutoff 1, rank 2
  assert.deepEqual(decide(4), {
    kind: 'stop',
    score: 2,
    cutoff: 1,
    rank: 2,
    of: 5,
    rule: 'the best 1 of 5 at this rung continue (1/3)',
  });
  // trial 5: 6 among all six: keep 2, cutoff 2, rank 6
  assert.deepEqual(decide(5), {
    kind: 'stop',
    score: 6,
    cutoff: 2,
    rank: 6,
    of: 6,
    rule: 'the best 2 of 6 at this rung continue (1/3)',
  });
});

test('in reproducible mode a decision waits for every earlier trial to resolve at the rung; otherwise it uses what is there', () => {
  const asha = createScheduler({ name: 'asha', eta: 2 }, 4);
  assert.equal(asha.decide(2, 0, view([1, undefined, 3])).kind, 'wait');
  // without trial 1: {1, 3}, keep ⌊2/2⌋ = 1 → 3 stops
  assert.equal(asha.decide(2, 0, view([1, undefined, 3], false)).kind, 'stop');
});

test('successive halving decides once the whole bracket has reported: the best ⌊n/eta⌋ continue', () => {
  const sh = createScheduler({ name: 'sh', eta: 2 }, 4);
  assert.deepEqual(sh.rungs(0), [1, 2, 4]);
  assert.equal(sh.decide(0, 0, view([1, 2, undefined, 4])).kind, 'wait');
  assert.equal(sh.decide(0, 0, view([1, 2, 3], true, 4)).kind, 'wait'); // trial 3 not created yet
  const full = view([4, 1, 3, 2]);
  assert.deepEqual(
    [0, 1, 2, 3].map((t) => sh.decide(t, 0, full).kind),
    ['stop', 'continue', 'stop', 'continue'],
  );
});

test('Hyperband (eta 3, epochs 1…9) has brackets of 9, 5 and 3 trials starting at 1, 3 and 9 epochs, then cycles', () => {
  // s_max = log₃ 9 = 2; n_s = ⌈3/(s+1)·3^s⌉: s=2 → 9, s=1 → ⌈4.5⌉ = 5, s=0 → 3
  const hb = createScheduler({ name: 'hyperband', eta: 3 }, 9);
  assert.deepEqual(
    [0, 8, 9, 13, 14, 16, 17].map((t) => hb.rungs(t)),
    [[1, 3, 9], [1, 3, 9], [3, 9], [3, 9], [9], [9], [1, 3, 9]],
  );
});

test('the median rule stops a trial worse than the median of the others once `startup` of them reported', () => {
  const median = createScheduler({ name: 'median', startup: 3 }, 5);
  assert.deepEqual(median.rungs(0), [1, 2, 3, 4, 5]);
  assert.equal(median.decide(2, 0, view([1, 2, 9])).kind, 'continue'); // only 2 others
  assert.deepEqual(median.decide(3, 0, view([1, 2, 3, 2.5])), {
    kind: 'stop',
    score: 2.5,
    cutoff: 2,
    rank: 3,
    of: 4,
    rule: 'worse than the median of 3 others',
  });
  assert.equal(median.decide(3, 0, view([1, 2, 3, 2])).kind, 'continue');
});

test('bad scheduler options are one line', () => {
  assert.throws(
    () => createScheduler({ name: 'asha', eta: 1 }, 9),
    /^InputError: scheduler asha: eta must be an integer >= 2 \(got 1\)$/,
  );
  assert.throws(
    () => createScheduler({ name: 'asha', minEpochs: 10 }, 9),
    /minEpochs must be <= maxEpochs \(got 10 > 9\)/,
  );
  assert.throws(
    () => createScheduler({ name: 'asha', rate: 3 }, 9),
    /unknown option 'rate'; valid: minEpochs, maxEpochs, eta/,
  );
});
