/**
 * ReduceLROnPlateau's own rules (its values against PyTorch are in registry.test.ts): a run worked by
 * hand, the floor at minLr, and the metric that step() needs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reduceLROnPlateau } from '../../src/schedules/reduceLROnPlateau.js';
import { makeOptimizer } from './fixtures.js';

function run(options: Parameters<typeof reduceLROnPlateau>[1], metrics: number[]): number[] {
  const schedule = reduceLROnPlateau(makeOptimizer({ name: 'sgd', lrs: [1] }), options);
  return metrics.map((m) => {
    schedule.step(m);
    return schedule.lastLr()[0];
  });
}

test('a run worked by hand: patience 1 halves the lr after the second step without improvement', () => {
  // step 1: 1 < ∞ improves (best 1); steps 2, 3: no better than 1·(1 − 1e-4) → 2 bad steps > patience 1 → lr 0.5.
  // step 4: 0.5 improves; steps 5, 6 are bad → lr 0.25.
  assert.deepEqual(run({ factor: 0.5, patience: 1 }, [1, 1, 1, 0.5, 0.5, 0.5]), [1, 1, 0.5, 0.5, 0.5, 0.25]);
  // minLr 0.3 stops the second cut at 0.3; max mode watches for a rise instead.
  assert.deepEqual(run({ factor: 0.5, patience: 1, minLr: 0.3 }, [1, 1, 1, 0.5, 0.5, 0.5]), [1, 1, 0.5, 0.5, 0.5, 0.3]);
  assert.deepEqual(run({ mode: 'max', factor: 0.5, patience: 1 }, [1, 1, 1, 2, 2, 2]), [1, 1, 0.5, 0.5, 0.5, 0.25]);
});

test('construction leaves the lr alone and lastLr() gives it before the first step', () => {
  const optimizer = makeOptimizer({ name: 'sgd', lrs: [0.1, 0.02] });
  const schedule = reduceLROnPlateau(optimizer);
  assert.deepEqual(schedule.lastLr(), [0.1, 0.02]);
  assert.deepEqual(
    optimizer.groups.map((g) => g.options.lr),
    [0.1, 0.02],
  );
});

test('step() without the metric is an InputError', () => {
  const schedule = reduceLROnPlateau(makeOptimizer({ name: 'sgd', lrs: [0.1] }));
  assert.throws(
    () => schedule.step(),
    /^InputError: reduceOnPlateau: step needs the metric it watches, e\.g\. step\(validationLoss\) \(got undefined\)$/,
  );
});
