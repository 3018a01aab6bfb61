/**
 * fit's options: what each one means, its default, and the checks that turn a mistake into one
 * InputError naming the option and its valid range (an unknown option is an error, never ignored).
 */
import { chainable, prependTransforms, type OptimizerSpec } from '../optim/chain.js';
import { checkDataset, type Dataset } from '../data/dataset.js';
import { InputError } from '../errors.js';
import { boolean, choice, integer, number, object, settingsTable, spec } from '../config/settings.js';
import { check, checkInteger, show } from '../config/validate.js';
import { canonicalScheduleName } from '../schedules/registry.js';
import type { ScheduleSpec } from '../schedules/schedule.js';
import { Random } from '../tensor/random.js';
import { checkLoss, defaultLoss, LOSS_NAMES, type LossName } from './loss.js';
import type { EpochMetrics, TrainingState } from './state.js';

/** A schedule spec plus when it steps: after every optimizer step, or after every epoch (the default). */
export interface FitScheduleSpec extends ScheduleSpec {
  interval?: 'step' | 'epoch';
}

export interface EarlyStoppingOptions {
  /** Epochs without improvement after which training stops (0: stop at the first one). */
  patience: number;
  /** An epoch improves only if its validation loss is below the best by more than this; default 0. */
  minDelta?: number;
}

export type FitEvent =
  | { type: 'step'; epoch: number; step: number; loss: number }
  | ({ type: 'epoch' } & EpochMetrics)
  | { type: 'diverged'; epoch: number; step: number; reason: string }
  | { type: 'early-stop'; epoch: number; bestEpoch: number; bestLoss: number };

/** A moment to save: the end of an epoch, or every `checkpointEvery` steps within one. */
export interface CheckpointEvent {
  kind: 'epoch' | 'step';
  state: TrainingState;
  /** This epoch's model is the best so far (the state's weights are the best weights). */
  improved: boolean;
}

export interface FitOptions {
  train: Dataset;
  /**
   * Evaluated after every epoch; its loss chooses the best model and drives early stopping and
   * reduceOnPlateau. Without one, the epoch's mean training loss does.
   */
  validation?: Dataset;
  /** Default: crossEntropy for classification, mse for regression. */
  loss?: LossName;
  /**
   * As createOptimizer takes it: { name: 'adam', lr: 1e-3, … } (or just the name), or a chain of gradient
   * transforms in front of one: { chain: [{ clipGradNorm: 1 }, { name: 'adam', lr: 1e-3 }] }.
   */
  optimizer: OptimizerSpec | string;
  /**
   * Clip the gradients' total 2-norm to this before every step (PyTorch's clip_grad_norm_): the same as a
   * chain starting with { clipGradNorm: maxNorm }.
   */
  clipGradNorm?: number;
  schedule?: FitScheduleSpec;
  epochs: number;
  batchSize: number;
  /** A new order of the training examples every epoch; default true. */
  shuffle?: boolean;
  /** Skip each epoch's last, smaller batch; default false. */
  dropLast?: boolean;
  /**
   * The source of every random choice: the shuffles, and the dropout masks when the model was built with
   * the same Random. (A model built with its own Random works too: its state is saved along.)
   */
  random: Random;
  earlyStopping?: EarlyStoppingOptions;
  /** λ of an L1 penalty λ·Σ|w| on the weight matrices (parameters of rank ≥ 2, not biases); default 0. */
  l1?: number;
  /** λ of an L2 penalty λ·Σw² on the weight matrices; default 0. */
  l2?: number;
  /** End with the best model's weights (lowest validation loss, or training loss without validation); default true. */
  restoreBest?: boolean;
  /** Examples per forward pass when evaluating; default 1000. */
  evaluationBatchSize?: number;
  /** Also hand out a checkpoint every this many steps (besides every epoch). */
  checkpointEvery?: number;
  onCheckpoint?: (checkpoint: CheckpointEvent) => void;
  onEvent?: (event: FitEvent) => void;
  /** A state from an earlier run with the same settings: training continues from it. */
  resume?: TrainingState;
  /**
   * Stochastic weight averaging: from the end of this epoch (1-based) on, the running mean of the weights at
   * the end of every epoch (PyTorch's AveragedModel). The final model is the average, with its batch-norm
   * statistics recomputed over the training data (update_bn).
   */
  swaStart?: number;
  /** With swaStart: from then on the lr follows SWALR towards this value, instead of the run's schedule. */
  swaLr?: number;
  /** SWALR's annealing epochs (default 10, PyTorch's). */
  swaAnnealEpochs?: number;
  /**
   * An exponential moving average of the weights, updated after every step with this decay
   * (AveragedModel with get_ema_multi_avg_fn); the final model is the average, batch-norm statistics
   * recomputed as for SWA.
   */
  emaDecay?: number;
  /** Stochastic variance-reduced gradient: a full-gradient snapshot over the training set every this many steps. */
  svrg?: number;
}

/** How fit averages the weights, if it does (src/train/weightAverage.ts). */
export type WeightAveraging =
  { mode: 'swa'; start: number; swaLr: number | undefined; annealEpochs: number } | { mode: 'ema'; decay: number };

export interface ResolvedFitOptions {
  train: Dataset;
  validation: Dataset | undefined;
  loss: LossName;
  /** With fit's clipGradNorm in front. */
  optimizer: OptimizerSpec;
  schedule: ScheduleSpec | undefined;
  interval: 'step' | 'epoch';
  epochs: number;
  batchSize: number;
  shuffle: boolean;
  dropLast: boolean;
  random: Random;
  patience: number | undefined;
  minDelta: number;
  l1: number;
  l2: number;
  restoreBest: boolean;
  evaluationBatchSize: number;
  checkpointEvery: number | undefined;
  onCheckpoint: ((checkpoint: CheckpointEvent) => void) | undefined;
  onEvent: ((event: FitEvent) => void) | undefined;
  resume: TrainingState | undefined;
  averaging: WeightAveraging | undefined;
  svrg: number | undefined;
}

const isFunction = (value: unknown): boolean => typeof value === 'function';
const isObject = (value: unknown): boolean => typeof value === 'object' && value !== null;

/** fit's options, one row each: the checks, defaults and errors of `resolveFitOptions`. */
export const fitSettings = settingsTable(
  'fit',
  {
    train: object({
      required: true,
      describe: 'a Dataset',
      is: isObject,
      help: 'the training examples',
      check: checkExamples,
    }),
    validation: object({
      describe: 'a Dataset',
      is: isObject,
      help: 'evaluated after every epoch',
      check: checkExamples,
    }),
    loss: choice(LOSS_NAMES, { help: 'the loss (default: crossEntropy for classes, mse for regression)' }),
    optimizer: chainable(
      spec({
        kind: 'optimizer',
        required: true,
        help: 'a name, a spec {name, …options} or a chain {chain: [transforms…, spec]}',
      }),
    ),
    clipGradNorm: number({
      min: 0,
      placeholder: 'max',
      help: "clip the gradients' total 2-norm to max before every step",
    }),
    schedule: spec({ kind: 'schedule', help: 'a spec {name, interval, …options}' }),
    epochs: integer({ required: true, min: 1, help: 'epochs to train' }),
    batchSize: integer({ required: true, min: 1, help: 'examples per step' }),
    shuffle: boolean({ default: true, help: 'a new order of the training examples every epoch' }),
    dropLast: boolean({ default: false, help: "skip each epoch's last, smaller batch" }),
    random: object({
      required: true,
      describe: 'a Random (src/tensor/random.ts)',
      is: (v) => v instanceof Random,
      help: 'the source of every random choice',
    }),
    earlyStopping: object({
      describe: 'an object {patience, minDelta}',
      is: isObject,
      help: 'stop when the validation loss stops improving',
    }),
    l1: number({ default: 0, min: 0, help: 'L1 penalty λ·Σ|w| on the weight matrices' }),
    l2: number({ default: 0, min: 0, help: 'L2 penalty λ·Σw² on the weight matrices' }),
    restoreBest: boolean({ default: true, help: "end with the best model's weights" }),
    evaluationBatchSize: integer({ default: 1000, min: 1, help: 'examples per forward pass when evaluating' }),
    checkpointEvery: integer({ min: 1, help: 'also hand out a checkpoint every this many steps' }),
    onCheckpoint: object({ describe: 'a function', is: isFunction, help: 'called with each checkpoint' }),
    onEvent: object({ describe: 'a function', is: isFunction, help: 'called with each step, epoch and stop' }),
    resume: object({
      describe: 'a TrainingState',
      is: isObject,
      help: 'a state from an earlier run with the same settings',
    }),
    swaStart: integer({
      min: 1,
      placeholder: 'epoch',
      help: 'average the weights of every epoch from this one (SWA); the average is the final model',
    }),
    swaLr: number({ min: 0, scale: 'log', placeholder: 'rate', help: 'with swaStart: anneal the lr to this (SWALR)' }),
    swaAnnealEpochs: integer({ default: 10, min: 0, placeholder: 'epochs', help: "SWALR's annealing epochs" }),
    emaDecay: number({
      min: 0,
      max: 1,
      maxOpen: true,
      placeholder: 'd',
      help: 'an exponential moving average of the weights after every step; the average is the final model',
    }),
    svrg: integer({
      min: 1,
      placeholder: 'm',
      help: 'SVRG: a full-gradient snapshot over the training set every m steps corrects each batch gradient',
    }),
  },
  { noun: 'option' },
);

export function resolveFitOptions(options: FitOptions): ResolvedFitOptions {
  if (typeof options !== 'object' || options === null)
    throw new InputError(`fit: options must be an object (got ${show(options)})`);
  const o = fitSettings.parse(options);
  const train = o.train as Dataset;
  const validation = o.validation as Dataset | undefined;
  if (validation !== undefined && (validation.features !== train.features || validation.task !== train.task)) {
    throw new InputError(
      `fit: the validation set has ${validation.features} features for ${validation.task}; the training set ${train.features} for ${train.task}`,
    );
  }
  const loss = o.loss ?? defaultLoss(train);
  checkLoss(loss, train);
  const { schedule, interval } = resolveSchedule(o.schedule as FitScheduleSpec | undefined);
  const { earlyStopping, clipGradNorm, swaStart, swaLr, swaAnnealEpochs, emaDecay, ...rest } = o;
  return {
    ...rest,
    train,
    validation,
    loss,
    optimizer: prependTransforms(o.optimizer, clipGradNorm === undefined ? [] : [{ clipGradNorm }]),
    schedule,
    interval,
    random: o.random as Random,
    ...resolveEarlyStopping(earlyStopping as EarlyStoppingOptions | undefined),
    checkpointEvery: o.checkpointEvery,
    onCheckpoint: o.onCheckpoint as ResolvedFitOptions['onCheckpoint'],
    onEvent: o.onEvent as ResolvedFitOptions['onEvent'],
    resume: o.resume as TrainingState | undefined,
    averaging: resolveAveraging(o.epochs, swaStart, swaLr, swaAnnealEpochs, emaDecay, options),
    svrg: o.svrg,
  };
}

function resolveAveraging(
  epochs: number,
  swaStart: number | undefined,
  swaLr: number | undefined,
  annealEpochs: number,
  emaDecay: number | undefined,
  given: FitOptions,
): WeightAveraging | undefined {
  if (swaStart !== undefined && emaDecay !== undefined)
    throw new InputError('fit: swaStart and emaDecay are two ways to average the weights; give one');
  if (swaStart === undefined) {
    const orphan = (['swaLr', 'swaAnnealEpochs'] as const).find((key) => given[key] !== undefined);
    if (orphan !== undefined) throw new InputError(`fit: ${orphan} needs swaStart (the epoch averaging starts)`);
    return emaDecay === undefined ? undefined : { mode: 'ema', decay: emaDecay };
  }
  if (swaStart > epochs)
    throw new InputError(`fit: swaStart must be an integer in [1, epochs = ${epochs}] (got ${swaStart})`);
  return { mode: 'swa', start: swaStart, swaLr, annealEpochs };
}

/** A data set fit can use: well-formed, with examples. */
function checkExamples(value: unknown, where: string): void {
  checkDataset(value as Dataset);
  if ((value as Dataset).n === 0) throw new InputError(`${where}: the set has no examples`);
}

function resolveSchedule(spec: FitScheduleSpec | undefined): {
  schedule: ScheduleSpec | undefined;
  interval: 'step' | 'epoch';
} {
  if (spec === undefined) return { schedule: undefined, interval: 'epoch' };
  const { interval = 'epoch', ...schedule } = spec;
  check(interval === 'step' || interval === 'epoch', 'fit', 'schedule.interval', "'step' or 'epoch'", interval);
  if (canonicalScheduleName(schedule.name) === 'reduceOnPlateau' && interval === 'step') {
    throw new InputError(
      "fit: reduceOnPlateau watches the validation loss once per epoch; its interval must be 'epoch'",
    );
  }
  return { schedule, interval };
}

function resolveEarlyStopping(options: EarlyStoppingOptions | undefined): {
  patience: number | undefined;
  minDelta: number;
} {
  if (options === undefined) return { patience: undefined, minDelta: 0 };
  if (typeof options !== 'object' || options === null)
    throw new InputError(`fit: earlyStopping must be {patience, minDelta} (got ${show(options)})`);
  for (const key of Object.keys(options)) {
    if (key !== 'patience' && key !== 'minDelta')
      throw new InputError(`fit: earlyStopping: unknown option '${key}'; valid options: patience, minDelta`);
  }
  const { patience, minDelta = 0 } = options;
  checkInteger('fit', 'earlyStopping.patience', patience, 0);
  check(Number.isFinite(minDelta) && minDelta >= 0, 'fit', 'earlyStopping.minDelta', 'a finite number >= 0', minDelta);
  return { patience, minDelta };
}

/** The schedule a run uses: OneCycleLR without a length gets the run's length (its steps or its epochs). */
export function scheduleForRun(
  schedule: ScheduleSpec,
  interval: 'step' | 'epoch',
  epochs: number,
  batchesPerEpoch: number,
): ScheduleSpec {
  const given = ['totalSteps', 'epochs', 'stepsPerEpoch'].some((key) => schedule[key] !== undefined);
  if (canonicalScheduleName(schedule.name) !== 'onecycle' || given) return schedule;
  return { ...schedule, totalSteps: interval === 'step' ? epochs * batchesPerEpoch : epochs };
}
