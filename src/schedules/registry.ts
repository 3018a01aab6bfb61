/**
 * The schedules by the names a config or the CLI uses: `{"name": "cosine", "tMax": 100}`. Names match
 * case-insensitively and ignore '_' and '-' (src/config/names.ts), and PyTorch's class names work too
 * (`StepLR`, `CosineAnnealingLR`, `CosineAnnealingWarmRestarts`, `OneCycleLR`, `ReduceLROnPlateau`, …).
 * The other keys of a spec are the schedule's options; a sequential spec lists its parts as specs under
 * `schedules` (or PyTorch's `schedulers`).
 */
import { InputError } from '../errors.js';
import type { OptionRows, OptionTable } from '../config/options.js';
import { registry, type RegistryEntry } from '../config/registry.js';
import { spec } from '../config/settings.js';
import { show } from '../config/validate.js';
import { OPTIONS as chainedOptions, chainedScheduler, type ChainedSchedulerOptions } from './chainedScheduler.js';
import { OPTIONS as constantLROptions, constantLR } from './constantLR.js';
import { OPTIONS as cosineAnnealingLROptions, cosineAnnealingLR } from './cosineAnnealingLR.js';
import {
  OPTIONS as cosineAnnealingWarmRestartsOptions,
  cosineAnnealingWarmRestarts,
} from './cosineAnnealingWarmRestarts.js';
import { OPTIONS as cyclicLROptions, cyclicLR } from './cyclicLR.js';
import { OPTIONS as exponentialLROptions, exponentialLR } from './exponentialLR.js';
import { OPTIONS as lambdaLROptions, lambdaLR } from './lambdaLR.js';
import { OPTIONS as linearLROptions, linearLR } from './linearLR.js';
import { multiplicativeLR } from './multiplicativeLR.js';
import { OPTIONS as multiStepLROptions, multiStepLR } from './multiStepLR.js';
import { OPTIONS as oneCycleLROptions, oneCycleLR } from './oneCycleLR.js';
import { OPTIONS as polynomialLROptions, polynomialLR } from './polynomialLR.js';
import { OPTIONS as reduceLROnPlateauOptions, reduceLROnPlateau } from './reduceLROnPlateau.js';
import type { AnyOptimizer, Schedule, ScheduleSpec } from './schedule.js';
import { OPTIONS as sequentialLROptions, sequentialLR, type SequentialLROptions } from './sequentialLR.js';
import { OPTIONS as stepLROptions, stepLR } from './stepLR.js';
import { OPTIONS as swaLROptions, swaLR } from './swaLR.js';
import { OPTIONS as warmupOptions, expandWarmup, type WarmupOptions } from './warmup.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Factory = (optimizer: AnyOptimizer, options?: any) => Schedule;

export interface ScheduleEntry extends RegistryEntry {
  readonly factory: Factory;
  /** Its options and their defaults (NaN: required; undefined: may be left out). */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** Its options as settings rows (ranges, help, controls). */
  readonly rows: OptionRows;
  /** PyTorch's lr_scheduler class, also accepted as the name. */
  readonly className: string;
}

const entry = (factory: Factory, options: OptionTable<object>, className: string, summary: string): ScheduleEntry => ({
  factory,
  defaults: options.defaults as Record<string, unknown>,
  rows: options.rows,
  className,
  aliases: [className],
  summary,
});

/** Sequential names and makes the parts given as specs through this registry. */
function sequentialFromRegistry(optimizer: AnyOptimizer, options?: Partial<SequentialLROptions>): Schedule {
  return sequentialLR(optimizer, options, { canonicalName: canonicalScheduleName, create: createSchedule });
}

/** The warmup recipe: the sequential (or linear) schedule it expands to, made through this registry. */
export function warmup(optimizer: AnyOptimizer, options?: Partial<WarmupOptions>): Schedule {
  return createSchedule(optimizer, expandWarmup(options));
}

/** Chained makes its parts through this registry too. */
function chainedFromRegistry(optimizer: AnyOptimizer, options?: Partial<ChainedSchedulerOptions>): Schedule {
  return chainedScheduler(optimizer, options, { canonicalName: canonicalScheduleName, create: createSchedule });
}

/** Config name → factory and PyTorch's class name, in the order of PyTorch's documentation. */
export const schedules = registry<ScheduleEntry>('schedule', {
  step: entry(stepLR, stepLROptions, 'StepLR', 'multiply the lr by gamma every stepSize epochs'),
  multistep: entry(multiStepLR, multiStepLROptions, 'MultiStepLR', 'multiply the lr by gamma at each milestone'),
  lambda: entry(lambdaLR, lambdaLROptions, 'LambdaLR', 'the initial lr times a formula in epoch (lrLambda)'),
  multiplicative: entry(
    multiplicativeLR,
    lambdaLROptions,
    'MultiplicativeLR',
    'multiply the lr by a formula in epoch (lrLambda) every epoch',
  ),
  exponential: entry(exponentialLR, exponentialLROptions, 'ExponentialLR', 'multiply the lr by gamma every epoch'),
  cosine: entry(
    cosineAnnealingLR,
    cosineAnnealingLROptions,
    'CosineAnnealingLR',
    'cosine annealing from the lr to etaMin over tMax epochs',
  ),
  cosineWarmRestarts: entry(
    cosineAnnealingWarmRestarts,
    cosineAnnealingWarmRestartsOptions,
    'CosineAnnealingWarmRestarts',
    'cosine annealing with warm restarts (SGDR)',
  ),
  onecycle: entry(oneCycleLR, oneCycleLROptions, 'OneCycleLR', 'the 1cycle policy: warm up to maxLr, then anneal'),
  cyclic: entry(cyclicLR, cyclicLROptions, 'CyclicLR', 'cyclical learning rates between baseLr and maxLr'),
  linear: entry(linearLR, linearLROptions, 'LinearLR', 'a linear ramp of the lr factor (warm-up)'),
  constant: entry(constantLR, constantLROptions, 'ConstantLR', 'a constant lr factor for totalIters epochs'),
  polynomial: entry(polynomialLR, polynomialLROptions, 'PolynomialLR', 'polynomial decay over totalIters epochs'),
  sequential: entry(
    sequentialFromRegistry,
    sequentialLROptions,
    'SequentialLR',
    'schedules one after another at milestones',
  ),
  chained: entry(
    chainedFromRegistry,
    chainedOptions,
    'ChainedScheduler',
    'schedules stepped together, each on the lr the previous left',
  ),
  warmup: {
    factory: warmup,
    defaults: warmupOptions.defaults as Record<string, unknown>,
    rows: warmupOptions.rows,
    // The recipe has no class of its own: it is SequentialLR over LinearLR and `then` (src/schedules/warmup.ts).
    className: 'SequentialLR',
    aliases: [],
    summary: 'a linear warm-up over steps, then the schedule `then` (sequential: linear, then)',
  },
  swalr: entry(swaLR, swaLROptions, 'SWALR', 'anneal the lr to swaLr for stochastic weight averaging (swa_utils)'),
  reduceOnPlateau: entry(
    reduceLROnPlateau,
    reduceLROnPlateauOptions,
    'ReduceLROnPlateau',
    'reduce the lr when the monitored loss stops improving',
  ),
});

/** The config names, in the order of PyTorch's documentation. */
export const scheduleNames: readonly string[] = schedules.names;

/** A settings row holding a schedule spec whose name must be registered (options are checked when it is made). */
export function scheduleSpecRow<const C extends { help: string }>(options: C) {
  return spec({ kind: 'schedule', ...options, check: (s) => void schedules.canonical(s.name) });
}

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
  if ((canonical === 'sequential' || canonical === 'chained') && 'schedulers' in options) {
    if ('schedules' in options)
      throw new InputError(`${canonical}: give the parts once, as 'schedules' or as 'schedulers'`);
    const { schedulers, ...rest } = options;
    return schedules.get(canonical).factory(optimizer, { ...rest, schedules: schedulers as ScheduleSpec[] });
  }
  return schedules.get(canonical).factory(optimizer, options);
}
