/**
 * Saving and resuming: for every schedule (every fixture case), run k steps, put the optimizer's and the
 * schedule's state through JSON, make a fresh optimizer and schedule, load both, and go on — every later
 * lr, last lr and momentum must equal the uninterrupted run's bit for bit. A state that does not fit the
 * schedule is an InputError naming what is wrong.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import type { OptimizerStateDict } from '../../src/optim/optimizer.js';
import { createSchedule } from '../../src/schedules/registry.js';
import { emptyTrajectory, fixtures, makeOptimizer, recordsMomentum, runSteps, type Fixture } from './fixtures.js';

const resumable = fixtures.filter((f) => f.expected.raises === undefined);

/** The steps after which to save: right after construction, after one step, mid-way and before the last. */
function savePoints(steps: number): number[] {
  return [...new Set([0, 1, Math.floor(steps / 3), steps - 1])];
}

function resumeMatches(fixture: Fixture, k: number): void {
  const momentum = recordsMomentum(fixture);
  const optimizer = makeOptimizer(fixture.optimizer);
  const schedule = createSchedule(optimizer, fixture.schedule);
  runSteps(fixture, optimizer, schedule, 0, k, emptyTrajectory(momentum));
  const saved = JSON.stringify({ optimizer: optimizer.stateDict(), schedule: schedule.stateDict() });

  const uninterrupted = emptyTrajectory(momentum);
  runSteps(fixture, optimizer, schedule, k, fixture.steps, uninterrupted);

  const { optimizer: optimizerState, schedule: scheduleState } = JSON.parse(saved);
  const freshOptimizer = makeOptimizer(fixture.optimizer);
  const fresh = createSchedule(freshOptimizer, fixture.schedule);
  freshOptimizer.loadStateDict(optimizerState as OptimizerStateDict);
  fresh.loadStateDict(scheduleState);
  const resumed = emptyTrajectory(momentum);
  runSteps(fixture, freshOptimizer, fresh, k, fixture.steps, resumed);

  assert.deepEqual(resumed, uninterrupted, `resumed after step ${k}`);
}

for (const fixture of resumable) {
  test(`${fixture.id}: a JSON round trip of the state resumes bit for bit`, () => {
    for (const k of savePoints(fixture.steps)) resumeMatches(fixture, k);
  });
}

test('the round trip covers every schedule', () => {
  const names = new Set(resumable.map((f) => f.schedule.name));
  for (const name of [
    'step',
    'multistep',
    'exponential',
    'cosine',
    'cosineWarmRestarts',
    'onecycle',
    'cyclic',
    'linear',
    'constant',
    'polynomial',
    'sequential',
    'reduceOnPlateau',
  ]) {
    assert.ok(names.has(name), name);
  }
});

test("a state keeps ReduceLROnPlateau's infinite best through JSON", () => {
  const schedule = createSchedule(makeOptimizer({ name: 'sgd', lrs: [0.1] }), { name: 'reduceOnPlateau', mode: 'max' });
  const state = JSON.parse(JSON.stringify(schedule.stateDict()));
  assert.deepEqual(state.best, { $number: '-Infinity' });
  const fresh = createSchedule(makeOptimizer({ name: 'sgd', lrs: [0.1] }), { name: 'reduceOnPlateau', mode: 'max' });
  fresh.loadStateDict(state);
  assert.deepEqual(fresh.stateDict(), schedule.stateDict());
});

test('a state that does not fit the schedule is an InputError naming the problem', () => {
  const optimizer = makeOptimizer({ name: 'sgd', lrs: [0.1, 0.02] });
  const cosine = createSchedule(optimizer, { name: 'cosine', tMax: 10 });
  const step = createSchedule(optimizer, { name: 'step', stepSize: 3 });
  const good = cosine.stateDict() as Record<string, unknown>;
  const cases: [unknown, RegExp][] = [
    [step.stateDict(), /cosine: the saved state must be a cosine schedule's state \(got "step"\)/],
    [[1, 2], /cosine: the saved state must be a cosine schedule's state/],
    [{ ...good, lastEpoch: 1.5 }, /cosine: state.lastEpoch must be an integer >= -1 \(got 1.5\)/],
    [{ ...good, baseLrs: [0.1] }, /cosine: state.baseLrs must be an array of 2 numbers \(got \[0.1\]\)/],
  ];
  for (const [state, message] of cases) {
    assert.throws(
      () => cosine.loadStateDict(state as never),
      (e: Error) => e instanceof InputError && message.test(e.message),
    );
  }
  const sequential = createSchedule(optimizer, {
    name: 'sequential',
    milestones: [2],
    schedules: [{ name: 'linear' }, { name: 'cosine', tMax: 5 }],
  });
  const saved = sequential.stateDict() as { schedules: unknown[] };
  assert.throws(
    () => sequential.loadStateDict({ ...saved, schedules: saved.schedules.slice(1) } as never),
    /sequential: state.schedules must be an array of 2 schedule states/,
  );
  const restarts = createSchedule(optimizer, { name: 'cosineWarmRestarts', t0: 4 });
  assert.throws(
    () => restarts.loadStateDict({ ...(restarts.stateDict() as object), tCur: 'x' }),
    /cosineWarmRestarts: state.tCur must be a number \(got "x"\)/,
  );
});
