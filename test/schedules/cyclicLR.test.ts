/**
 * CyclicLR's own rules (its values against PyTorch are in registry.test.ts): a triangle worked by hand,
 * and PyTorch's initial step, which runs from the groups' initial lrs rather than from baseLr.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cyclicLR } from '../../src/schedules/cyclicLR.js';
import { stepLR } from '../../src/schedules/stepLR.js';
import { makeOptimizer } from './fixtures.js';

function lrs(optimizer: ReturnType<typeof makeOptimizer>, step: () => void, steps: number): number[] {
  const out = [optimizer.groups[0].options.lr];
  for (let i = 0; i < steps; i++) {
    step();
    out.push(optimizer.groups[0].options.lr);
  }
  return out;
}

test('a triangle worked by hand', () => {
  // 4 steps up from 0.01 to 0.1, 4 down: step t ≤ 4 is 0.01 + 0.09·t/4 (to PyTorch's rounding), then back.
  const optimizer = makeOptimizer({ name: 'sgd', lrs: [0.1] });
  const schedule = cyclicLR(optimizer, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 });
  assert.deepEqual(
    lrs(optimizer, () => schedule.step(), 8),
    [0.01, 0.0325, 0.05500000000000001, 0.0775, 0.1, 0.0775, 0.05500000000000001, 0.0325, 0.01],
  );
  // Momentum runs the other way, from maxMomentum 0.9 at the bottom to baseMomentum 0.8 at the top.
  assert.equal(optimizer.groups[0].options.momentum, 0.9);
});

test("made after another schedule, it starts where PyTorch's does: at the group's initial lr", () => {
  // PyTorch's initial step uses base_lrs = the groups' initial_lr (here 0.1, recorded by StepLR), and
  // only then sets base_lrs to base_lr; from step 1 on the cycle is the same.
  const optimizer = makeOptimizer({ name: 'sgd', lrs: [0.1] });
  stepLR(optimizer, { stepSize: 5 });
  const schedule = cyclicLR(optimizer, { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 });
  assert.deepEqual(
    lrs(optimizer, () => schedule.step(), 3),
    [0.1, 0.0325, 0.05500000000000001, 0.0775],
  );
  assert.equal(optimizer.groups[0].options.momentum, 0.8250000000000001);
});
