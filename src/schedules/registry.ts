/**
 * The schedules by the names a config or the CLI uses: `{"name": "cosine", "tMax": 100}`. Names match
 * case-insensitively and ignore '_' and '-' (src/config/names.ts), and PyTorch's class names work too
 * (`StepLR`, `CosineAnnealingLR`, `CosineAnnealingWarmRestarts`, `OneCycleLR`, `ReduceLROnPlateau`, …).
 * The other keys of a spec are the schedule's options; a sequential spec lists its parts as specs under
 * `schedules` (or PyTorch's `schedulers`).
 */
import { InputError } from '../errors.js';
import { registry, type RegistryEntry } from '../config/registry.js';
import { spec } from '../config/settings.js';
import { show } from '../config/validate.js';
import { DEFAULTS as chainedDefaults, chainedScheduler, type ChainedSchedulerOptions } from './chainedScheduler.js';
import { DEFAULTS as constantLRDefaults, constantLR } from './constantLR.js';
import { DEFAULTS as cosineAnnealingLRDefaults, cosineAnnealingLR } from './cosineAnnealingLR.js';
import {
  DEFAULTS as cosineAnnealingWarmRestartsDefaults,
  cosineAnnealingWarmRestarts,
} from './cosineAnnealingWarmRestarts.js';
import { DEFAULTS as cyclicLRDefaults, cyclicLR } from './cyclicLR.js';
import { DEFAULTS as exponentialLRDefaults, exponentialLR } from './exponentialLR.js';
import { DEFAULTS as lambdaLRDefaults, lambdaLR } from './lambdaLR.js';
import { DEFAULTS as linearLRDefaults, linearLR } from './linearLR.js';
import { DEFAULTS as multiplicativeLRDefaults, multiplicativeLR } from './multiplicativeLR.js';
import { DEFAULTS as multiStepLRDefaults, multiStepLR } from './multiStepLR.js';
import { DEFAULTS as oneCycleLRDefaults, oneCycleLR } from './oneCycleLR.js';
import { DEFAULTS as polynomialLRDefaults, polynomialLR } from './polynomialLR.js';
import { DEFAULTS as reduceLROnPlateauDefaults, reduceLROnPlateau } from './reduceLROnPlateau.js';
import type { AnyOptimizer, Schedule, ScheduleSpec } from './schedule.js';
import { DEFAULTS as sequentialLRDefaults, sequentialLR, type SequentialLROptions } from './sequentialLR.js';
import { DEFAULTS as stepLRDefaults, stepLR } from './stepLR.js';
import { DEFAULTS as swaLRDefaults, swaLR } from './swaLR.js';
import { DEFAULTS as warmupDefaults, expandWarmup, type WarmupOptions } from './warmup.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Factory = (optimizer: AnyOptimizer, options?: any) => Schedule;

export interface ScheduleEntry extends RegistryEntry {
  readonly factory: Factory;
  /** Its options and their defaults, as the schedule declares them (NaN or absent: required). */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** PyTorch's lr_scheduler class, also accepted as the name. */
  readonly className: string;
}

const entry = (factory: Factory, defaults: object, className: string, summary: string): ScheduleEntry => ({
  factory,
  defaults: defaults as Record<string, unknown>,
  className,
  aliases: [className],
  summary,
});

/** Sequential names and makes the parts given as specs through this registry. */
function sequentialFromRegistry(optimizer: AnyOptimizer, options?: Partial<SequentialLROptions>): Schedule {
  return sequentialLR(optimizer, options, { canonicalName: canonicalScheduleName, create: createSchedule });
}

/** Chained makes its parts through this registry too. */
function chainedFromRegistry(optimizer: AnyOptimizer, options?: Partial<ChainedSchedulerOptions>): Schedule {
  return chainedScheduler(optimizer, options, { canonicalName: canonicalScheduleName, create: createSchedule });
}

/** Config name → factory and PyTorch's class name, in the order of PyTorch's documentation. */
export const schedules = registry<ScheduleEntry>('schedule', {
  step: entry(stepLR, stepLRDefaults, 'StepLR', 'multiply the lr by gamma every stepSize epochs'),
  multistep: entry(multiStepLR, multiStepLRDefaults, 'MultiStepLR', 'multiply the lr by gamma at each milestone'),
  lambda: entry(lambdaLR, lambdaLRDefaults, 'LambdaLR', 'the initial lr times a formula in epoch (lrLambda)'),
  multiplicative: entry(
    multiplicativeLR,
    multiplicativeLRDefaults,
    'MultiplicativeLR',
    'multiply the lr by a formula in epoch (lrLambda) every epoch',
  ),
  exponential: entry(exponentialLR, exponentialLRDefaults, 'ExponentialLR', 'multiply the lr by gamma every epoch'),
  cosine: entry(
    cosineAnnealingLR,
    cosineAnnealingLRDefaults,
    'CosineAnnealingLR',
    'cosine annealing from the lr to etaMin over tMax epochs',
  ),
  cosineWarmRestarts: entry(
    cosineAnnealingWarmRestarts,
    cosineAnnealingWarmRestartsDefaults,
    'CosineAnnealingWarmRestarts',
    'cosine annealing with warm restarts (SGDR)',
  ),
  onecycle: entry(oneCycleLR, oneCycleLRDefaults, 'OneCycleLR', 'the 1cycle policy: warm up to maxLr, then anneal'),
  cyclic: entry(cyclicLR, cyclicLRDefaults, 'CyclicLR', 'cyclical learning rates between baseLr and maxLr'),
  linear: entry(linearLR, linearLRDefaults, 'LinearLR', 'a linear ramp of the lr factor (warm-up)'),
  constant: entry(constantLR, constantLRDefaults, 'ConstantLR', 'a constant lr factor for totalIters epochs'),
  polynomial: entry(polynomialLR, polynomialLRDefaults, 'PolynomialLR', 'polynomial decay over totalIters epochs'),
  sequential: entry(
    sequentialFromRegistry,
    sequentialLRDefaults,
    'SequentialLR',
    'schedules one after another at milestones',
  ),
  chained: entry(
    chainedFromRegistry,
    chainedDefaults,
    'ChainedScheduler',
    'schedules stepped together, each on the lr the previous left',
  ),
  warmup: {
    factory: (optimizer, options?: Partial<WarmupOptions>) => createSchedule(optimizer, expandWarmup(options)),
    defaults: warmupDefaults as unknown as Record<string, unknown>,
    // The recipe has no class of its own: it is SequentialLR over LinearLR and `then` (src/schedules/warmup.ts).
    className: 'SequentialLR',
    aliases: [],
    summary: 'a linear warm-up over steps, then the schedule `then` (sequential: linear, then)',
  },
  swalr: entry(swaLR, swaLRDefaults, 'SWALR', 'anneal the lr to swaLr for stochastic weight averaging (swa_utils)'),
  reduceOnPlateau: entry(
    reduceLROnPlateau,
    reduceLROnPlateauDefaults,
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
