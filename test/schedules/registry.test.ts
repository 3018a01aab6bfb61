/**
 * The schedule registry: names (config names, PyTorch class names, any case, '_' and '-' ignored), and
 * every schedule made through it against PyTorch 1.13 and 2.x: each case of test/fixtures/schedules/cases.json
 * and cases.torch2.json must give the lr of every group (and the cycled momentum or β₁) after construction and after every step
 * to 1e-12 relative, and raise where PyTorch raises.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { canonicalScheduleName, createSchedule, scheduleNames } from '../../src/schedules/registry.js';
import { assertClose, maxRelativeError } from '../helpers/close.js';
import { torchFixtures } from '../helpers/torchFixtures.js';
import {
  emptyTrajectory,
  expectedTrajectory,
  makeOptimizer,
  ONLY_1_13,
  releases,
  metricAt,
  record,
  recordsMomentum,
  runSteps,
  type Fixture,
  type Trajectory,
} from './fixtures.js';

const RTOL = 1e-12;

test('scheduleNames lists the seventeen config names', () => {
  assert.deepEqual(scheduleNames, [
    'step',
    'multistep',
    'lambda',
    'multiplicative',
    'exponential',
    'cosine',
    'cosineWarmRestarts',
    'onecycle',
    'cyclic',
    'linear',
    'constant',
    'polynomial',
    'sequential',
    'chained',
    'warmup',
    'swalr',
    'reduceOnPlateau',
  ]);
});

test('names match case-insensitively, ignoring _ and -, and PyTorch class names work', () => {
  const cases: [string, string][] = [
    ['StepLR', 'step'],
    ['MULTI_STEP', 'multistep'],
    ['MultiStepLR', 'multistep'],
    ['ExponentialLR', 'exponential'],
    ['CosineAnnealingLR', 'cosine'],
    ['cosine_warm_restarts', 'cosineWarmRestarts'],
    ['CosineAnnealingWarmRestarts', 'cosineWarmRestarts'],
    ['one-cycle', 'onecycle'],
    ['OneCycleLR', 'onecycle'],
    ['CyclicLR', 'cyclic'],
    ['LinearLR', 'linear'],
    ['ConstantLR', 'constant'],
    ['PolynomialLR', 'polynomial'],
    ['SequentialLR', 'sequential'],
    ['ReduceLROnPlateau', 'reduceOnPlateau'],
    ['reduce_on_plateau', 'reduceOnPlateau'],
  ];
  for (const [given, canonical] of cases) assert.equal(canonicalScheduleName(given), canonical, given);
});

test('an unknown name is an InputError listing the valid names', () => {
  const optimizer = makeOptimizer({ name: 'sgd', lrs: [0.1] });
  assert.throws(
    () => createSchedule(optimizer, { name: 'cosinus', tMax: 10 }),
    (e: Error) => {
      assert.ok(e instanceof InputError);
      assert.match(
        e.message,
        /unknown schedule 'cosinus'; valid: step, multistep, .*reduceOnPlateau .*CosineAnnealingLR/,
      );
      return true;
    },
  );
  assert.throws(() => createSchedule(optimizer, { name: 3 } as never), /schedule name must be a string \(got 3\)/);
});

test('a sequential spec takes its parts as schedules or as schedulers, not both', () => {
  const make = (spec: Record<string, unknown>) =>
    createSchedule(makeOptimizer({ name: 'sgd', lrs: [0.1] }), { name: 'sequential', milestones: [2], ...spec });
  const parts = [
    { name: 'constant', factor: 0.5, totalIters: 2 },
    { name: 'exponential', gamma: 0.5 },
  ];
  const a = make({ schedules: parts });
  const b = make({ schedulers: parts });
  for (let i = 0; i < 4; i++) [a, b].forEach((s) => s.step());
  assert.deepEqual(a.lastLr(), b.lastLr());
  assert.deepEqual(a.lastLr(), [0.1 * 0.5 ** 2]);
  assert.throws(() => make({ schedules: parts, schedulers: parts }), /give the parts once/);
});

/** Replays a fixture; returns what happened up to where PyTorch raised (if it did). */
function replay(fixture: Fixture): Trajectory {
  const optimizer = makeOptimizer(fixture.optimizer);
  const raisesAt = fixture.expected.raises?.atStep;
  const out = emptyTrajectory(recordsMomentum(fixture));
  if (raisesAt === 0) {
    assert.throws(() => createSchedule(optimizer, fixture.schedule), InputError);
    return out;
  }
  const schedule = createSchedule(optimizer, fixture.schedule);
  record(out, optimizer, schedule, recordsMomentum(fixture));
  const last = raisesAt === undefined ? fixture.steps : raisesAt - 1;
  runSteps(fixture, optimizer, schedule, 0, last, out);
  if (raisesAt !== undefined) {
    const before = schedule.lastLr();
    assert.throws(() => schedule.step(metricAt(fixture, raisesAt)), InputError);
    assert.deepEqual(schedule.lastLr(), before, 'a step that throws changes nothing');
  }
  return out;
}

let worst = 0;
for (const { torch, cases } of releases) {
  for (const fixture of cases) {
    test(`${fixture.id} matches PyTorch ${torch}`, () => {
      const actual = replay(fixture);
      const expected = expectedTrajectory(fixture);
      assertClose(actual.lr, expected.lr, RTOL, 0, 'lr');
      assertClose(actual.lastLr, expected.lastLr, RTOL, 0, 'lastLr');
      assertClose(actual.momentum, expected.momentum, RTOL, 0, 'momentum');
      worst = Math.max(
        worst,
        maxRelativeError(actual.lr, expected.lr),
        maxRelativeError(actual.momentum ?? [], expected.momentum ?? []),
      );
    });
  }
}

test("1.13's cases that 2.x's form replaces are 2.x's cases, and the releases differ there", () => {
  const [old, current] = torchFixtures<{ cases: Fixture[] }>('schedules/cases.json').map((r) => r.data.cases);
  for (const id of Object.keys(ONLY_1_13)) {
    const before = old.find((c) => c.id === id);
    const now = current.find((c) => c.id === id);
    assert.ok(before?.expected.raises !== undefined && now !== undefined && now.expected.raises === undefined, id);
  }
});

test('the fixtures cover every schedule, an error case, and the largest error is reported', (t) => {
  const fixtures = releases[1].cases;
  const names = new Set(
    fixtures.flatMap((f) => [
      f.schedule.name,
      ...((f.schedule.schedules as { name: string }[] | undefined) ?? []).map((s) => s.name),
    ]),
  );
  for (const name of scheduleNames) assert.ok(names.has(name), name);
  assert.ok(fixtures.some((f) => f.expected.raises !== undefined));
  t.diagnostic(`largest relative difference from PyTorch over all fixtures: ${worst.toExponential(2)}`);
});
