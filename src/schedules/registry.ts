/**
 * The schedules by the names a config or the CLI uses: `{"name": "cosine", "tMax": 100}`. Names match
 * case-insensitively and ignore '_' and '-' (src/config/names.ts), and PyTorch's class names work too
 * (`StepLR`, `CosineAnnealingLR`, `CosineAnnealingWarmRestarts`, `OneCycleLR`, `ReduceLROnPlateau`, …).
 * The other keys of a spec are the schedule's options; a sequential spec lists its parts as specs under
 * `schedules` (or PyTorch's `schedulers`).
 */
import { InputError } from '../errors.js';
import { registry, type RegistryEntry } from '../config/registry.js';
import { show } from '../optim/options.js';
import { constantLR } from './constantLR.js';
import { cosineAnnealingLR } from './cosineAnnealingLR.js';
import { cosineAnnealingWarmRestarts } from './cosineAnnealingWarmRestarts.js';
import { cyclicLR } from './cyclicLR.js';
import { exponentialLR } from './exponentialLR.js';
import { linearLR } from './linearLR.js';
import { multiStepLR } from './multiStepLR.js';
import { oneCycleLR } from './oneCycleLR.js';
import { polynomialLR } from './polynomialLR.js';
import { reduceLROnPlateau } from './reduceLROnPlateau.js';
import type { AnyOptimizer, Schedule, ScheduleSpec } from './schedule.js';
import { sequentialLR } from './sequentialLR.js';
import { stepLR } from './stepLR.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Factory = (optimizer: AnyOptimizer, options?: any) => Schedule;

export interface ScheduleEntry extends RegistryEntry {
  readonly factory: Factory;
  /** PyTorch's lr_scheduler class, also accepted as the name. */
  readonly className: string;
}

const entry = (factory: Factory, className: string, summary: string): ScheduleEntry => ({ factory, className, aliases: [className], summary });

/** Config name → factory and PyTorch's class name, in the order of PyTorch's documentation. */
export const schedules = registry<ScheduleEntry>('schedule', {
  step: entry(stepLR, 'StepLR', 'multiply the lr by gamma every stepSize epochs'),
  multistep: entry(multiStepLR, 'MultiStepLR', 'multiply the lr by gamma at each milestone'),
  exponential: entry(exponentialLR, 'ExponentialLR', 'multiply the lr by gamma every epoch'),
  cosine: entry(cosineAnnealingLR, 'CosineAnnealingLR', 'cosine annealing from the lr to etaMin over tMax epochs'),
  cosineWarmRestarts: entry(cosineAnnealingWarmRestarts, 'CosineAnnealingWarmRestarts', 'cosine annealing with warm restarts (SGDR)'),
  onecycle: entry(oneCycleLR, 'OneCycleLR', 'the 1cycle policy: warm up to maxLr, then anneal'),
  cyclic: entry(cyclicLR, 'CyclicLR', 'cyclical learning rates between baseLr and maxLr'),
  linear: entry(linearLR, 'LinearLR', 'a linear ramp of the lr factor (warm-up)'),
  constant: entry(constantLR, 'ConstantLR', 'a constant lr factor for totalIters epochs'),
  polynomial: entry(polynomialLR, 'PolynomialLR', 'polynomial decay over totalIters epochs'),
  sequential: entry(sequentialLR, 'SequentialLR', 'schedules one after another at milestones'),
  reduceOnPlateau: entry(reduceLROnPlateau, 'ReduceLROnPlateau', 'reduce the lr when the monitored loss stops improving'),
});

/** The config names, in the order of PyTorch's documentation. */
export const scheduleNames: readonly string[] = schedules.names;

/** The config name that `name` (a config name or PyTorch class name, in any case) stands for. */
export function canonicalScheduleName(name: unknown): string {
  return schedules.canonical(name);
}

/** Makes the schedule a spec names on `optimizer`; the spec's other keys are its options. */
export function createSchedule(optimizer: AnyOptimizer, spec: ScheduleSpec): Schedule {
  if (typeof spec !== 'object' || spec === null) {
    throw new InputError(`a schedule spec must be an object with a "name" (got ${show(spec)})`);
  }
  const { name, ...options } = spec;
  const canonical = canonicalScheduleName(name);
  if (canonical === 'sequential' && 'schedulers' in options) {
    if ('schedules' in options) throw new InputError(`sequential: give the parts once, as 'schedules' or as 'schedulers'`);
    const { schedulers, ...rest } = options;
    return sequentialLR(optimizer, { ...rest, schedules: schedulers as ScheduleSpec[] });
  }
  return schedules.get(canonical).factory(optimizer, options);
}
