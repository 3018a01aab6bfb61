/**
 * The warmup recipe: step for step the same lrs as the sequential schedule it stands for (linear ramp,
 * then `then`), from a one-line spec as the CLI parses it; the ramp's values by hand; its errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpec } from '../../src/config/spec.js';
import { createSchedule } from '../../src/schedules/registry.js';
import type { ScheduleSpec } from '../../src/schedules/schedule.js';
import { assertClose } from '../helpers/close.js';
import { lrSequence, makeOptimizer } from './fixtures.js';

/** The lr of each step, from a one-group SGD at lr 0.1. */
const lrs = (spec: ScheduleSpec, steps: number): number[] =>
  lrSequence(createSchedule(makeOptimizer({ name: 'sgd', lrs: [0.1] }), spec), steps);

test('warmup:steps=5,startFactor=0.1,then=cosine:tMax=10 equals its sequential form step for step', () => {
  const recipe = lrs(parseSpec('schedule', 'warmup:steps=5,startFactor=0.1,then=cosine:tMax=10'), 30);
  const sequential = lrs(
    {
      name: 'sequential',
      milestones: [5],
      schedules: [
        { name: 'linear', startFactor: 0.1, endFactor: 1, totalIters: 5 },
        { name: 'cosine', tMax: 10 },
      ],
    },
    30,
  );
  assert.deepEqual(recipe, sequential);
  // The ramp by hand: η·(s + (1 − s)·t/T) = 0.1·(0.1 + 0.9·t/5): 0.01, 0.028, 0.046, 0.064, 0.082, then 0.1.
  assertClose(recipe.slice(0, 6), [0.01, 0.028, 0.046, 0.064, 0.082, 0.1], 1e-14);
  // Then cosine from η = 0.1 over tMax = 10: at 5 steps past the milestone, η/2.
  assertClose(recipe[10], 0.05, 1e-14);
});

test('then as a spec object; without then the ramp alone (the lr stays η after it)', () => {
  const spec = { name: 'exponential', gamma: 0.5 };
  assert.deepEqual(
    lrs({ name: 'warmup', steps: 3, then: spec }, 8),
    lrs({ name: 'sequential', milestones: [3], schedules: [{ name: 'linear', endFactor: 1, totalIters: 3 }, spec] }, 8),
  );
  const ramp = lrs({ name: 'warmup', steps: 3 }, 6);
  assert.deepEqual(ramp, lrs({ name: 'linear', endFactor: 1, totalIters: 3 }, 6));
  assert.equal(ramp[6], 0.1);
});

test('warmup errors: one line naming the option', () => {
  assert.throws(
    () => lrs({ name: 'warmup' }, 1),
    /warmup: steps is required \(the steps of the linear ramp\): an integer >= 1/,
  );
  assert.throws(() => lrs({ name: 'warmup', steps: 2.5 }, 1), /warmup: steps must be an integer >= 1 \(got 2\.5\)/);
  assert.throws(() => lrs({ name: 'warmup', steps: 2, then: 7 }, 1), /warmup: then must be a schedule name or spec/);
  assert.throws(() => lrs({ name: 'warmup', steps: 2, warm: 1 }, 1), /warmup: unknown option 'warm'/);
  assert.throws(() => lrs({ name: 'warmup', steps: 2, then: 'cosin' }, 1), /unknown schedule 'cosin'/);
});
