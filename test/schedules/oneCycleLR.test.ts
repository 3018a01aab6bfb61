/**
 * OneCycleLR's own rules (its values against PyTorch are in registry.test.ts): a small cycle worked by
 * hand, β₁ cycled by replacing the betas array, and PyTorch's errors past the end and on an empty phase.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { oneCycleLR } from '../../src/schedules/oneCycleLR.js';
import { adamLike, makeOptimizer } from './fixtures.js';

const param = () => ({ data: new Float64Array(1), grad: new Float64Array(1) });

test('a linear cycle worked by hand', () => {
  // maxLr 1, divFactor 4 → initial 0.25; finalDivFactor 2 → min 0.125; 4 steps, pctStart 0.5:
  // phase 1 ends at step 0.5·4 − 1 = 1, phase 2 at 3. Step 2 is half-way down: (0.125 − 1)·0.5 + 1.
  // Step 4, past the end, is allowed and extrapolates: (0.125 − 1)·1.5 + 1 (PyTorch does the same).
  const optimizer = makeOptimizer({ name: 'sgd', lrs: [0.1] });
  const schedule = oneCycleLR(optimizer, {
    maxLr: 1,
    totalSteps: 4,
    pctStart: 0.5,
    annealStrategy: 'linear',
    divFactor: 4,
    finalDivFactor: 2,
    cycleMomentum: false,
  });
  const seen = [schedule.lastLr()[0]];
  for (let i = 0; i < 4; i++) {
    schedule.step(123); // a metric is ignored
    seen.push(schedule.lastLr()[0]);
  }
  assert.deepEqual(seen, [0.25, 1, 0.5625, 0.125, -0.3125]);
  assert.equal(optimizer.groups[0].options.momentum, 0.9, 'momentum untouched without cycleMomentum');
});

test("β₁ is cycled by replacing each group's betas array, keeping β₂", () => {
  const optimizer = adamLike([{ params: [param()] }, { params: [param()], betas: [0.8, 0.99] }], { lr: 0.01 });
  const defaultsBetas = [...optimizer.defaults.betas];
  const before = optimizer.groups.map((g) => g.options.betas);
  const schedule = oneCycleLR(optimizer, { maxLr: 0.1, totalSteps: 10, baseMomentum: 0.85, maxMomentum: 0.95 });
  const [a, b] = optimizer.groups.map((g) => g.options.betas);
  assert.notEqual(a, before[0]);
  assert.notEqual(a, b);
  assert.deepEqual(
    before,
    [
      [0.9, 0.999],
      [0.8, 0.99],
    ],
    'the old arrays are not written into',
  );
  assert.deepEqual(optimizer.defaults.betas, defaultsBetas);
  assert.equal(a[1], 0.999);
  assert.equal(b[1], 0.99);
  schedule.step();
  assert.notEqual(optimizer.groups[0].options.betas, a);
  assert.ok(optimizer.groups[0].options.betas[0] < a[0], 'β₁ falls while the lr rises');
});

test("stepping past totalSteps is an InputError, as PyTorch's ValueError, and changes nothing", () => {
  const optimizer = makeOptimizer({ name: 'sgd', lrs: [0.1] });
  const schedule = oneCycleLR(optimizer, { maxLr: 1, totalSteps: 3 });
  for (let i = 0; i < 3; i++) schedule.step();
  const lr = optimizer.groups[0].options.lr;
  const message =
    /^InputError: onecycle: tried to step 5 times, but totalSteps is 3 \(construction takes the first step; raise totalSteps/;
  assert.throws(() => schedule.step(), message);
  assert.throws(() => schedule.step(), message, 'the failed step was not counted');
  assert.equal(optimizer.groups[0].options.lr, lr);
});

test('an empty phase is an InputError where PyTorch divides by zero', () => {
  // pctStart·totalSteps = 1: phase 1 runs from step 0 to step 0.
  const optimizer = makeOptimizer({ name: 'sgd', lrs: [0.1] });
  assert.throws(
    () => oneCycleLR(optimizer, { maxLr: 1, totalSteps: 10, pctStart: 0.1 }),
    (e: Error) => {
      assert.ok(e instanceof InputError);
      assert.match(
        e.message,
        /^onecycle: phase 1 of the cycle is empty \(pctStart × totalSteps = 1\); change pctStart or totalSteps$/,
      );
      return true;
    },
  );
  assert.deepEqual(
    [optimizer.groups[0].options.lr, optimizer.groups[0].options.momentum],
    [0.1, 0.9],
    'the optimizer is untouched',
  );
});
