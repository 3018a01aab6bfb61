/**
 * Option checks of every schedule, made through the registry as a config would: defaults as PyTorch's,
 * unknown options rejected, and each out-of-range value an InputError whose one line names the schedule,
 * the option, the valid range and the value given.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { createSchedule } from '../../src/schedules/registry.js';
import type { ScheduleSpec } from '../../src/schedules/schedule.js';
import { adamLike, lrOnly, makeOptimizer } from './fixtures.js';

const twoGroups = () => makeOptimizer({ name: 'sgd', lrs: [0.1, 0.02] });

const invalid: [ScheduleSpec, RegExp][] = [
  [{ name: 'step' }, /^step: stepSize is required \(the period of the decay in steps\): an integer >= 1$/],
  [{ name: 'step', stepSize: 0 }, /^step: stepSize must be an integer >= 1 \(got 0\)$/],
  [{ name: 'step', stepSize: 2.5 }, /^step: stepSize must be an integer >= 1 \(got 2.5\)$/],
  [{ name: 'step', stepSize: 3, gamma: -0.1 }, /^step: gamma must be >= 0 \(got -0.1\)$/],
  [{ name: 'step', stepSize: 3, step_size: 3 }, /^step: unknown option 'step_size'; valid options: stepSize, gamma$/],
  [{ name: 'step', stepSize: '3' }, /^step: stepSize must be an integer >= 1 \(got "3"\)$/],
  [
    { name: 'multistep' },
    /^multistep: milestones is required \(the steps at which the lr decays\): a list of 0 or more items, each an integer >= 0$/,
  ],
  [{ name: 'multistep', milestones: [10, 2.5] }, /^multistep: milestones\[1\] must be an integer >= 0 \(got 2\.5\)$/],
  [{ name: 'exponential' }, /^exponential: gamma is required \(the factor of the decay per step\): a number >= 0$/],
  [
    { name: 'cosine' },
    /^cosine: tMax is required \(the steps from the base lr down to η_min, half a period\): an integer >= 1$/,
  ],
  [{ name: 'cosine', tMax: 0 }, /^cosine: tMax must be an integer >= 1 \(got 0\)$/],
  [{ name: 'cosine', tMax: 10, etaMin: -1 }, /^cosine: etaMin must be >= 0 \(got -1\)$/],
  [{ name: 'cosineWarmRestarts', t0: 0 }, /^cosineWarmRestarts: t0 must be an integer >= 1 \(got 0\)$/],
  [{ name: 'cosineWarmRestarts', t0: 1.5 }, /^cosineWarmRestarts: t0 must be an integer >= 1 \(got 1.5\)$/],
  [{ name: 'cosineWarmRestarts', t0: 5, tMult: 0 }, /^cosineWarmRestarts: tMult must be an integer >= 1 \(got 0\)$/],
  [
    { name: 'cosineWarmRestarts', t0: 5, tMult: 1.5 },
    /^cosineWarmRestarts: tMult must be an integer >= 1 \(got 1.5\)$/,
  ],
  [{ name: 'onecycle', maxLr: 0.1 }, /^onecycle: totalSteps is required, or epochs and stepsPerEpoch$/],
  [{ name: 'onecycle', maxLr: 0.1, totalSteps: 0 }, /^onecycle: totalSteps must be an integer >= 1 \(got 0\)$/],
  [{ name: 'onecycle', maxLr: 0.1, epochs: 3 }, /^onecycle: stepsPerEpoch is required with epochs$/],
  [
    { name: 'onecycle', maxLr: 0.1, epochs: 0, stepsPerEpoch: 5 },
    /^onecycle: epochs must be an integer >= 1 \(got 0\)$/,
  ],
  [
    { name: 'onecycle', totalSteps: 10 },
    /^onecycle: maxLr is required \(the peak lr\): a number >= 0, or one per parameter group$/,
  ],
  [
    { name: 'onecycle', maxLr: [0.1, 0.2, 0.3], totalSteps: 10 },
    /^onecycle: maxLr must be one value or an array of 2 \(one per parameter group\) \(got \[0\.1,0\.2,0\.3\]\)$/,
  ],
  [{ name: 'onecycle', maxLr: [0.1, -0.2], totalSteps: 10 }, /^onecycle: maxLr\[1\] must be >= 0 \(got -0.2\)$/],
  [
    { name: 'onecycle', maxLr: 0.1, totalSteps: 10, pctStart: 1.5 },
    /^onecycle: pctStart must be in \[0, 1\] \(got 1.5\)$/,
  ],
  [
    { name: 'onecycle', maxLr: 0.1, totalSteps: 10, annealStrategy: 'exp' },
    /^onecycle: annealStrategy must be 'cos' or 'linear' \(got "exp"\)$/,
  ],
  [{ name: 'onecycle', maxLr: 0.1, totalSteps: 10, divFactor: 0 }, /^onecycle: divFactor must be > 0 \(got 0\)$/],
  [
    { name: 'onecycle', maxLr: 0.1, totalSteps: 10, finalDivFactor: -1 },
    /^onecycle: finalDivFactor must be > 0 \(got -1\)$/,
  ],
  [
    { name: 'onecycle', maxLr: 0.1, totalSteps: 10, baseMomentum: -0.5 },
    /^onecycle: baseMomentum must be >= 0 \(got -0.5\)$/,
  ],
  [
    { name: 'cyclic', maxLr: 0.1 },
    /^cyclic: baseLr is required \(the lower lr of the cycle\): a number >= 0, or one per parameter group$/,
  ],
  [
    { name: 'cyclic', baseLr: 0.01 },
    /^cyclic: maxLr is required \(the upper lr of the cycle\): a number >= 0, or one per parameter group$/,
  ],
  [{ name: 'cyclic', baseLr: 0.01, maxLr: 0.1, stepSizeUp: 0 }, /^cyclic: stepSizeUp must be > 0 \(got 0\)$/],
  [{ name: 'cyclic', baseLr: 0.01, maxLr: 0.1, stepSizeDown: -2 }, /^cyclic: stepSizeDown must be >= 0 \(got -2\)$/],
  [
    { name: 'cyclic', baseLr: 0.01, maxLr: 0.1, mode: 'sawtooth' },
    /^cyclic: mode must be one of 'triangular', 'triangular2', 'exp_range' \(got "sawtooth"\)$/,
  ],
  [
    { name: 'cyclic', baseLr: 0.01, maxLr: 0.1, scaleMode: 'epoch' },
    /^cyclic: scaleMode must be 'cycle' or 'iterations' \(got "epoch"\)$/,
  ],
  [{ name: 'cyclic', baseLr: 0.01, maxLr: 0.1, gamma: 0 }, /^cyclic: gamma must be > 0 \(got 0\)$/],
  [{ name: 'cyclic', baseLr: 0.01, maxLr: 0.1, scaleFn: 'x' }, /^cyclic: unknown option 'scaleFn'/],
  [{ name: 'linear', startFactor: 0 }, /^linear: startFactor must be in \(0, 1\] \(got 0\)$/],
  [{ name: 'linear', startFactor: 1.5 }, /^linear: startFactor must be in \(0, 1\] \(got 1.5\)$/],
  [{ name: 'linear', endFactor: 2 }, /^linear: endFactor must be in \[0, 1\] \(got 2\)$/],
  [{ name: 'linear', totalIters: 0 }, /^linear: totalIters must be an integer >= 1 \(got 0\)$/],
  [{ name: 'constant', factor: 0 }, /^constant: factor must be in \(0, 1\] \(got 0\)$/],
  [{ name: 'constant', factor: 1.5 }, /^constant: factor must be in \(0, 1\] \(got 1.5\)$/],
  [{ name: 'constant', totalIters: 2.5 }, /^constant: totalIters must be an integer >= 1 \(got 2.5\)$/],
  [{ name: 'polynomial', power: -1 }, /^polynomial: power must be >= 0 \(got -1\)$/],
  [{ name: 'polynomial', totalIters: 0 }, /^polynomial: totalIters must be an integer >= 1 \(got 0\)$/],
  [{ name: 'reduceOnPlateau', factor: 1 }, /^reduceOnPlateau: factor must be in \[0, 1\) \(got 1\)$/],
  [{ name: 'reduceOnPlateau', mode: 'avg' }, /^reduceOnPlateau: mode must be 'min' or 'max' \(got "avg"\)$/],
  [
    { name: 'reduceOnPlateau', thresholdMode: 'pct' },
    /^reduceOnPlateau: thresholdMode must be 'rel' or 'abs' \(got "pct"\)$/,
  ],
  [{ name: 'reduceOnPlateau', patience: -1 }, /^reduceOnPlateau: patience must be an integer >= 0 \(got -1\)$/],
  [{ name: 'reduceOnPlateau', cooldown: 0.5 }, /^reduceOnPlateau: cooldown must be an integer >= 0 \(got 0.5\)$/],
  [{ name: 'reduceOnPlateau', threshold: -1e-4 }, /^reduceOnPlateau: threshold must be >= 0 \(got -0.0001\)$/],
  [{ name: 'reduceOnPlateau', eps: 0 }, /^reduceOnPlateau: eps must be > 0 \(got 0\)$/],
  [
    { name: 'reduceOnPlateau', minLr: [0.1] },
    /^reduceOnPlateau: minLr must be one value or an array of 2 \(one per parameter group\) \(got \[0\.1\]\)$/,
  ],
  [{ name: 'reduceOnPlateau', verbose: true }, /^reduceOnPlateau: unknown option 'verbose'/],
];

for (const [spec, message] of invalid) {
  test(`${JSON.stringify(spec)} is an InputError`, () => {
    assert.throws(
      () => createSchedule(twoGroups(), spec),
      (e: Error) => {
        assert.ok(e instanceof InputError, `${e.name}: ${e.message}`);
        assert.match(e.message, message);
        return true;
      },
    );
  });
}

test('cycling momentum needs an optimizer that has momentum or betas (β₁ must stay below 1)', () => {
  const adam = adamLike([{ data: new Float64Array(1), grad: new Float64Array(1) }], { lr: 0.01 });
  const plain = lrOnly([{ data: new Float64Array(1), grad: new Float64Array(1) }]);
  for (const spec of [
    { name: 'cyclic', baseLr: 0.01, maxLr: 0.1 },
    { name: 'onecycle', maxLr: 0.01, totalSteps: 10 },
  ]) {
    assert.doesNotThrow(() => createSchedule(adam, spec));
    assert.throws(
      () => createSchedule(plain, spec),
      new RegExp(
        `^InputError: ${spec.name}: cycleMomentum needs an optimizer with momentum or betas .*set cycleMomentum: false$`,
      ),
    );
    assert.doesNotThrow(() => createSchedule(plain, { ...spec, cycleMomentum: false }));
    assert.throws(
      () => createSchedule(adam, { ...spec, maxMomentum: 1 }),
      new RegExp(
        `^InputError: ${spec.name}: maxMomentum must be in \\[0, 1\\) \\(it becomes betas\\[0\\]\\) \\(got 1\\)$`,
      ),
    );
  }
});

test('a schedule that rejects its options leaves the optimizer as it was', () => {
  const optimizer = twoGroups();
  const before = JSON.stringify(optimizer.stateDict());
  assert.throws(
    () => createSchedule(optimizer, { name: 'cyclic', baseLr: 0.001, maxLr: 0.1, mode: 'wrong' }),
    InputError,
  );
  assert.throws(
    () => createSchedule(optimizer, { name: 'onecycle', maxLr: 0.1, totalSteps: 10, annealStrategy: 'x' }),
    InputError,
  );
  assert.equal(JSON.stringify(optimizer.stateDict()), before);
});

test("defaults are PyTorch's", () => {
  // StepLR γ = 0.1; LinearLR 1/3 → 1 over 5 steps; ConstantLR 1/3 for 5 steps; PolynomialLR 5 steps, power 1.
  const lrAfter = (spec: ScheduleSpec, steps: number) => {
    const schedule = createSchedule(makeOptimizer({ name: 'sgd', lrs: [1] }), spec);
    for (let i = 0; i < steps; i++) schedule.step();
    return schedule.lastLr()[0];
  };
  assert.equal(lrAfter({ name: 'step', stepSize: 1 }, 1), 0.1);
  assert.equal(lrAfter({ name: 'linear' }, 0), 1 / 3);
  assert.equal(lrAfter({ name: 'linear' }, 5), 1.0000000000000002); // PyTorch's rounding too
  assert.equal(lrAfter({ name: 'constant' }, 4), 1 / 3);
  assert.equal(lrAfter({ name: 'constant' }, 5), 1);
  assert.equal(lrAfter({ name: 'polynomial' }, 5), 0);
  // OneCycleLR: initial lr = maxLr/25, momentum from 0.95; CyclicLR: momentum from 0.9, lr from baseLr.
  const optimizer = makeOptimizer({ name: 'sgd', lrs: [1] });
  createSchedule(optimizer, { name: 'onecycle', maxLr: 1, totalSteps: 100 });
  // Step 0 is the cosine anneal at pct 0, end + (start − end)/2·2, which rounds as in PyTorch.
  assert.equal(optimizer.groups[0].options.lr, 1 + ((1 / 25 - 1) / 2) * 2);
  assert.equal(optimizer.groups[0].options.momentum, 0.85 + ((0.95 - 0.85) / 2) * 2);
  const cyclicOptimizer = makeOptimizer({ name: 'sgd', lrs: [1] });
  createSchedule(cyclicOptimizer, { name: 'cyclic', baseLr: 0.001, maxLr: 0.1 });
  assert.equal(cyclicOptimizer.groups[0].options.lr, 0.001);
  assert.equal(cyclicOptimizer.groups[0].options.momentum, 0.9);
});
