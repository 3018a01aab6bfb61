/**
 * The schedules by the names a config or the CLI uses: `{"name": "cosine", "tMax": 100}`. Names match
 * case-insensitively and ignore '_' and '-' (src/config/names.ts), and PyTorch's class names work too
 * (`StepLR`, `CosineAnnealingLR`, `CosineAnnealingWarmRestarts`, `OneCycleLR`, `ReduceLROnPlateau`, …).
 * The other keys of a spec are the schedule's options; a sequential spec lists its parts as specs under
 * `schedules` (or PyTorch's `schedulers`).
 */
import { InputError } from '../errors.js';
import { normalizeName } from '../config/names.js';
import { show } from '../optim/options.js';
import { chainedScheduler } from './chainedScheduler.js';
import { constantLR } from './constantLR.js';
import { cosineAnnealingLR } from './cosineAnnealingLR.js';
import { cosineAnnealingWarmRestarts } from './cosineAnnealingWarmRestarts.js';
import { cyclicLR } from './cyclicLR.js';
import { exponentialLR } from './exponentialLR.js';
import { lambdaLR } from './lambdaLR.js';
import { linearLR } from './linearLR.js';
import { multiplicativeLR } from './multiplicativeLR.js';
import { multiStepLR } from './multiStepLR.js';
import { oneCycleLR } from './oneCycleLR.js';
import { polynomialLR } from './polynomialLR.js';
import { reduceLROnPlateau } from './reduceLROnPlateau.js';
import type { AnyOptimizer, Schedule, ScheduleSpec } from './schedule.js';
import { sequentialLR } from './sequentialLR.js';
import { stepLR } from './stepLR.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Factory = (optimizer: AnyOptimizer, options?: any) => Schedule;

/** Config name → factory and PyTorch's class name. */
const schedules: Record<string, { factory: Factory; className: string }> = {
  step: { factory: stepLR, className: 'StepLR' },
  multistep: { factory: multiStepLR, className: 'MultiStepLR' },
  lambda: { factory: lambdaLR, className: 'LambdaLR' },
  multiplicative: { factory: multiplicativeLR, className: 'MultiplicativeLR' },
  exponential: { factory: exponentialLR, className: 'ExponentialLR' },
  cosine: { factory: cosineAnnealingLR, className: 'CosineAnnealingLR' },
  cosineWarmRestarts: { factory: cosineAnnealingWarmRestarts, className: 'CosineAnnealingWarmRestarts' },
  onecycle: { factory: oneCycleLR, className: 'OneCycleLR' },
  cyclic: { factory: cyclicLR, className: 'CyclicLR' },
  linear: { factory: linearLR, className: 'LinearLR' },
  constant: { factory: constantLR, className: 'ConstantLR' },
  polynomial: { factory: polynomialLR, className: 'PolynomialLR' },
  sequential: { factory: sequentialLR, className: 'SequentialLR' },
  chained: { factory: chainedScheduler, className: 'ChainedScheduler' },
  reduceOnPlateau: { factory: reduceLROnPlateau, className: 'ReduceLROnPlateau' },
};

/** The config names. */
export const scheduleNames: readonly string[] = Object.keys(schedules);

/** The config name that `name` (a config name or PyTorch class name, in any case) stands for. */
export function canonicalScheduleName(name: unknown): string {
  if (typeof name !== 'string') throw new InputError(`schedule name must be a string (got ${show(name)})`);
  const wanted = normalizeName(name);
  const found = scheduleNames.find((key) => normalizeName(key) === wanted || normalizeName(schedules[key].className) === wanted);
  if (found === undefined) {
    throw new InputError(
      `unknown schedule '${name}'; valid: ${scheduleNames.join(', ')} ` +
        `(or PyTorch's class names: ${scheduleNames.map((key) => schedules[key].className).join(', ')})`,
    );
  }
  return found;
}

/** Makes the schedule a spec names on `optimizer`; the spec's other keys are its options. */
export function createSchedule(optimizer: AnyOptimizer, spec: ScheduleSpec): Schedule {
  if (typeof spec !== 'object' || spec === null) {
    throw new InputError(`a schedule spec must be an object with a "name" (got ${show(spec)})`);
  }
  const { name, ...options } = spec;
  const canonical = canonicalScheduleName(name);
  if ((canonical === 'sequential' || canonical === 'chained') && 'schedulers' in options) {
    if ('schedules' in options) throw new InputError(`${canonical}: give the parts once, as 'schedules' or as 'schedulers'`);
    const { schedulers, ...rest } = options;
    return schedules[canonical].factory(optimizer, { ...rest, schedules: schedulers as ScheduleSpec[] });
  }
  return schedules[canonical].factory(optimizer, options);
}
