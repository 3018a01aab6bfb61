/**
 * The PyTorch reference runs of test/fixtures/schedules/cases.json and cases.torch2.json (made by generate.py
 * beside them under PyTorch 1.13 and 2.x; 1.13's specs carry `pytorch: '1.13'` where the schedule has it) and
 * the optimizers to replay them on: the project's SGD (momentum 0.9, as the fixtures' torch.optim.SGD) and
 * a stand-in for Adam that has Adam's options and never steps (a schedule only reads and writes `lr` and
 * `betas`, and adam.ts is written elsewhere).
 */
import { optionTable } from '../../src/config/options.js';
import { betas, eps, lr } from '../../src/optim/optionRows.js';
import { elementwise, type Param } from '../../src/optim/optimizer.js';
import { sgd } from '../../src/optim/sgd.js';
import { schedules } from '../../src/schedules/registry.js';
import { optionsFor, torchFixtures } from '../helpers/torchFixtures.js';
import type { AnyOptimizer, Schedule, ScheduleSpec } from '../../src/schedules/schedule.js';

export interface Fixture {
  id: string;
  optimizer: { name: 'sgd' | 'adam'; lrs: number[] };
  schedule: ScheduleSpec;
  steps: number;
  metrics?: number[];
  expected: Trajectory & { raises?: { atStep: number; error: string } };
}

/** Per row (after construction, then after each step), one value per group. */
export interface Trajectory {
  lr: number[][];
  /** null where PyTorch has no last lr yet (ReduceLROnPlateau before its first step). */
  lastLr: (number[] | null)[];
  /** The momentum (SGD) or betas[0] (Adam), for the schedules that cycle it. */
  momentum?: number[][];
}

/**
 * 1.13's cases that no option reproduces, with the reason: 2.x's form is downhill's, and the 2.x fixture
 * checks it.
 */
export const ONLY_1_13: Readonly<Record<string, string>> = {
  'cyclic-adam-momentum-error': "1.13's CyclicLR refused optimizers without momentum; 2.x cycles Adam's β₁",
};

export const releases = torchFixtures<{ cases: Fixture[] }>('schedules/cases.json').map(({ release, torch, data }) => ({
  release,
  torch,
  cases: data.cases
    .filter((c) => release === '2' || !(c.id in ONLY_1_13))
    .map((c) => ({ ...c, schedule: optionsFor(release, schedules.get(c.schedule.name).rows, c.schedule) })),
}));

/** PyTorch 2.x's cases: what the schedules do with their defaults. */
export const fixtures: Fixture[] = releases[1].cases;

interface AdamLikeOptions {
  lr: number;
  betas: [number, number];
  eps: number;
}

/** Adam's options without Adam: enough for a schedule that cycles betas[0]. */
export const adamLike = elementwise<AdamLikeOptions, object>({
  name: 'adamLike',
  ...optionTable<AdamLikeOptions>({ lr: lr(0.001), betas: betas([0.9, 0.999]), eps: eps(1e-8) }),
  init: () => ({}),
  update: () => {},
});

/** An optimizer with only an lr: neither momentum nor betas. */
export const lrOnly = elementwise<{ lr: number }, object>({
  name: 'lrOnly',
  ...optionTable({ lr: lr(0.01) }),
  init: () => ({}),
  update: () => {},
});

function dummyParam(): Param {
  return { data: new Float64Array(1), grad: new Float64Array(1) };
}

/** One dummy parameter per group, with the group lrs of the fixture, as generate.py makes them. */
export function makeOptimizer(spec: Fixture['optimizer']): AnyOptimizer {
  const groups = spec.lrs.map((lr) => ({ params: [dummyParam()], lr }));
  if (spec.name === 'sgd') return sgd(groups, { lr: spec.lrs[0], momentum: 0.9 });
  return adamLike(groups, { lr: spec.lrs[0], betas: [0.9, 0.999] });
}

/** Whether the fixture records momentum, i.e. its schedule cycles it. */
export function recordsMomentum(fixture: Fixture): boolean {
  return fixture.expected.momentum !== undefined;
}

export function momentumOf(optimizer: AnyOptimizer): number[] {
  return optimizer.groups.map(
    (g) => (g.options.betas !== undefined ? g.options.betas[0] : g.options.momentum) as number,
  );
}

/** Appends the row that PyTorch records after construction and after each step. */
export function record(into: Trajectory, optimizer: AnyOptimizer, schedule: Schedule, momentum: boolean): void {
  into.lr.push(optimizer.groups.map((g) => g.options.lr as number));
  into.lastLr.push(schedule.lastLr());
  if (momentum) into.momentum?.push(momentumOf(optimizer));
}

/** The metric the fixture gives for step `i` (1-based), or undefined for the schedules that take none. */
/**
 * The fixture's expectation as downhill defines it: where PyTorch 1.13 has no last lr yet (ReduceLROnPlateau
 * before its first step), `lastLr()` gives the groups' current lrs, as 2.x's does.
 */
export function expectedTrajectory(fixture: Fixture): Trajectory {
  const { lr, lastLr, momentum } = fixture.expected;
  return { lr, lastLr: lastLr.map((row, i) => row ?? lr[i]), ...(momentum ? { momentum } : {}) };
}

export function metricAt(fixture: Fixture, i: number): number | undefined {
  return fixture.metrics?.[i - 1];
}

/** Takes steps `from + 1` … `to` of the fixture (with its metrics), recording the row after each. */
export function runSteps(
  fixture: Fixture,
  optimizer: AnyOptimizer,
  schedule: Schedule,
  from: number,
  to: number,
  into: Trajectory,
): void {
  const momentum = recordsMomentum(fixture);
  for (let i = from + 1; i <= to; i++) {
    schedule.step(metricAt(fixture, i));
    record(into, optimizer, schedule, momentum);
  }
}

export function emptyTrajectory(momentum: boolean): Trajectory {
  return { lr: [], lastLr: [], ...(momentum ? { momentum: [] } : {}) };
}

/** The first group's lr before the first step and after each of `steps` steps. */
export function lrSequence(schedule: Schedule, steps: number): number[] {
  const out = [schedule.lastLr()[0]];
  for (let i = 0; i < steps; i++) {
    schedule.step();
    out.push(schedule.lastLr()[0]);
  }
  return out;
}
