/**
 * SequentialLR's own rules (its values against PyTorch are in registry.test.ts): parts given as schedules
 * or as specs, PyTorch's hand-over at a milestone, and the checks on parts and milestones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { constantLR } from '../../src/schedules/constantLR.js';
import { cosineAnnealingLR } from '../../src/schedules/cosineAnnealingLR.js';
import { exponentialLR } from '../../src/schedules/exponentialLR.js';
import { linearLR } from '../../src/schedules/linearLR.js';
import { reduceLROnPlateau } from '../../src/schedules/reduceLROnPlateau.js';
import { createSchedule } from '../../src/schedules/registry.js';
import { lrSequence, makeOptimizer } from './fixtures.js';

const oneGroup = (lr = 1) => makeOptimizer({ name: 'sgd', lrs: [lr] });

const lrs = lrSequence;

test("PyTorch's example: the next part restarts at its milestone from its closed form", () => {
  // ConstantLR(factor 0.1, 2 steps) then ExponentialLR(0.9) from step 2; values as PyTorch 1.13 prints them.
  const optimizer = oneGroup();
  const schedule = createSchedule(optimizer, {
    name: 'sequential',
    schedules: [constantLR(optimizer, { factor: 0.1, totalIters: 2 }), exponentialLR(optimizer, { gamma: 0.9 })],
    milestones: [2],
  });
  assert.deepEqual(lrs(schedule, 5), [0.1, 0.1, 1.0, 0.9, 0.81, 0.7290000000000001]);
});

test('parts made on the optimizer and parts given as specs give the same schedule', () => {
  const fromSchedules = oneGroup(0.1);
  const made = createSchedule(fromSchedules, {
    name: 'sequential',
    schedules: [
      linearLR(fromSchedules, { startFactor: 0.1, totalIters: 5 }),
      cosineAnnealingLR(fromSchedules, { tMax: 20 }),
    ],
    milestones: [5],
  });
  const fromSpecs = oneGroup(0.1);
  const specified = createSchedule(fromSpecs, {
    name: 'sequential',
    schedules: [
      { name: 'linear', startFactor: 0.1, totalIters: 5 },
      { name: 'CosineAnnealingLR', tMax: 20 },
    ],
    milestones: [5],
  });
  assert.deepEqual(lrs(made, 30), lrs(specified, 30));
  assert.equal(fromSchedules.groups[0].options.lr, fromSpecs.groups[0].options.lr);
});

test('a part made on another optimizer is an InputError', () => {
  const optimizer = oneGroup();
  const elsewhere = linearLR(oneGroup());
  assert.throws(
    () =>
      createSchedule(optimizer, {
        name: 'sequential',
        schedules: [elsewhere, exponentialLR(optimizer, { gamma: 0.9 })],
        milestones: [3],
      }),
    /^InputError: sequential: schedules\[0\] was made on another optimizer; make every part on this one$/,
  );
});

test('reduceOnPlateau and sequential cannot be parts', () => {
  const optimizer = oneGroup();
  const linear = { name: 'linear' };
  const notParts: unknown[] = [
    { name: 'ReduceLROnPlateau' },
    reduceLROnPlateau(optimizer),
    { name: 'sequential', schedules: [linear], milestones: [] },
  ];
  for (const part of notParts) {
    assert.throws(
      () => createSchedule(oneGroup(), { name: 'sequential', schedules: [linear, part], milestones: [2] }),
      /^InputError: sequential: schedules\[1\] must be a schedule that counts steps, not (reduceOnPlateau|sequential) \(sequential and reduceOnPlateau cannot be parts\)$/,
    );
  }
  assert.throws(
    () => createSchedule(oneGroup(), { name: 'sequential', schedules: [linear, { name: 'warmpu' }], milestones: [2] }),
    /unknown schedule 'warmpu'/,
  );
  assert.throws(
    () => createSchedule(oneGroup(), { name: 'sequential', schedules: [linear, 7], milestones: [2] }),
    /sequential: schedules\[1\] must be a schedule or a spec .*\(got 7\)$/,
  );
});

test('parts and milestones are checked before any part is made', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [
      { milestones: [] },
      /^sequential: schedules is required \(the schedules in the order they take over: specs, or schedules made on the same optimizer\): a non-empty array of schedules or specs$/,
    ],
    [
      { schedules: [], milestones: [] },
      /^sequential: schedules must be a non-empty array of schedules or specs \(got \[\]\)$/,
    ],
    [
      { schedules: [{ name: 'linear' }] },
      /^sequential: milestones is required \(the steps at which the next schedule takes over: one fewer than the schedules\): a list of 0 or more items, each an integer >= 1$/,
    ],
    [
      { schedules: [{ name: 'linear' }, { name: 'constant' }], milestones: [] },
      /^sequential: milestones must be one fewer than the schedules \(1\) \(got \[\]\)$/,
    ],
    [
      { schedules: [{ name: 'linear' }, { name: 'constant' }, { name: 'linear' }], milestones: [8, 4] },
      /^sequential: milestones must be increasing \(got \[8,4\]\)$/,
    ],
    [
      { schedules: [{ name: 'linear' }, { name: 'constant' }], milestones: [0] },
      /^sequential: milestones\[0\] must be an integer >= 1 \(got 0\)$/,
    ],
  ];
  for (const [options, message] of cases) {
    const optimizer = oneGroup(0.5);
    assert.throws(
      () => createSchedule(optimizer, { name: 'sequential', ...options }),
      (e: Error) => e instanceof InputError && message.test(e.message),
      JSON.stringify(options),
    );
    assert.equal(optimizer.groups[0].options.lr, 0.5, 'no part was made');
  }
});
