/**
 * fit's options: what each one means, its default, and the checks that turn a mistake into one
 * InputError naming the option and its valid range (an unknown option is an error, never ignored).
 */
import { prependTransforms, splitChain, type OptimizerSpec } from '../optim/chain.js';
import { checkDataset, type Dataset } from '../data/dataset.js';
import { InputError } from '../errors.js';
import { check, checkInteger, show } from '../optim/options.js';
import { canonicalScheduleName } from '../schedules/registry.js';
import type { ScheduleSpec } from '../schedules/schedule.js';
import { Random } from '../tensor/random.js';
import { checkLoss, defaultLoss, type LossName } from './loss.js';
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
}

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
}

const OPTION_NAMES = [
  'train', 'validation', 'loss', 'optimizer', 'clipGradNorm', 'schedule', 'epochs', 'batchSize', 'shuffle', 'dropLast', 'random',
  'earlyStopping', 'l1', 'l2', 'restoreBest', 'evaluationBatchSize', 'checkpointEvery', 'onCheckpoint', 'onEvent', 'resume',
];

export function resolveFitOptions(options: FitOptions): ResolvedFitOptions {
  if (typeof options !== 'object' || options === null) throw new InputError(`fit: options must be an object (got ${show(options)})`);
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) throw new InputError(`fit: unknown option '${key}'; valid options: ${OPTION_NAMES.join(', ')}`);
  }
  const { train, validation } = checkData(options);
  const loss = options.loss ?? defaultLoss(train);
  checkLoss(loss, train);
  checkInteger('fit', 'epochs', options.epochs, 1);
  checkInteger('fit', 'batchSize', options.batchSize, 1);
  const { shuffle = true, dropLast = false, l1 = 0, l2 = 0, restoreBest = true, evaluationBatchSize = 1000 } = options;
  check(typeof shuffle === 'boolean', 'fit', 'shuffle', 'true or false', shuffle);
  check(typeof dropLast === 'boolean', 'fit', 'dropLast', 'true or false', dropLast);
  check(typeof restoreBest === 'boolean', 'fit', 'restoreBest', 'true or false', restoreBest);
  check(options.random instanceof Random, 'fit', 'random', 'a Random (src/tensor/random.ts)', options.random);
  check(Number.isFinite(l1) && l1 >= 0, 'fit', 'l1', 'a finite number >= 0', l1);
  check(Number.isFinite(l2) && l2 >= 0, 'fit', 'l2', 'a finite number >= 0', l2);
  checkInteger('fit', 'evaluationBatchSize', evaluationBatchSize, 1);
  if (options.checkpointEvery !== undefined) checkInteger('fit', 'checkpointEvery', options.checkpointEvery, 1);
  for (const key of ['onCheckpoint', 'onEvent'] as const) {
    if (options[key] !== undefined) check(typeof options[key] === 'function', 'fit', key, 'a function', options[key]);
  }
  const { schedule, interval } = resolveSchedule(options.schedule);
  return {
    train,
    validation,
    loss,
    optimizer: resolveOptimizer(options.optimizer, options.clipGradNorm),
    schedule,
    interval,
    epochs: options.epochs,
    batchSize: options.batchSize,
    shuffle,
    dropLast,
    random: options.random,
    ...resolveEarlyStopping(options.earlyStopping),
    l1,
    l2,
    restoreBest,
    evaluationBatchSize,
    checkpointEvery: options.checkpointEvery,
    onCheckpoint: options.onCheckpoint,
    onEvent: options.onEvent,
    resume: options.resume,
  };
}

function checkData(options: FitOptions): { train: Dataset; validation: Dataset | undefined } {
  const { train, validation } = options;
  if (typeof train !== 'object' || train === null) throw new InputError('fit: train must be a Dataset');
  checkDataset(train);
  if (train.n === 0) throw new InputError('fit: the training set has no examples');
  if (validation === undefined) return { train, validation };
  if (typeof validation !== 'object' || validation === null) throw new InputError('fit: validation must be a Dataset');
  checkDataset(validation);
  if (validation.n === 0) throw new InputError('fit: the validation set has no examples');
  if (validation.features !== train.features || validation.task !== train.task) {
    throw new InputError(`fit: the validation set has ${validation.features} features for ${validation.task}; the training set ${train.features} for ${train.task}`);
  }
  return { train, validation };
}

function resolveOptimizer(optimizer: OptimizerSpec | string, clipGradNorm: number | undefined): OptimizerSpec {
  if (clipGradNorm !== undefined) check(Number.isFinite(clipGradNorm) && clipGradNorm >= 0, 'fit', 'clipGradNorm', 'a finite number >= 0', clipGradNorm);
  const clip = clipGradNorm === undefined ? [] : [{ clipGradNorm }];
  if (typeof optimizer === 'string') return prependTransforms({ name: optimizer }, clip);
  const named = typeof optimizer === 'object' && optimizer !== null && ('chain' in optimizer || typeof optimizer.name === 'string');
  if (!named) throw new InputError(`fit: optimizer must be a name, a spec {name, …options} or a chain {chain: [transforms…, spec]} (got ${show(optimizer)})`);
  splitChain(optimizer);
  return prependTransforms(optimizer, clip);
}

function resolveSchedule(spec: FitScheduleSpec | undefined): { schedule: ScheduleSpec | undefined; interval: 'step' | 'epoch' } {
  if (spec === undefined) return { schedule: undefined, interval: 'epoch' };
  if (typeof spec !== 'object' || spec === null) throw new InputError(`fit: schedule must be a spec {name, …options} (got ${show(spec)})`);
  const { interval = 'epoch', ...schedule } = spec;
  check(interval === 'step' || interval === 'epoch', 'fit', 'schedule.interval', "'step' or 'epoch'", interval);
  if (canonicalScheduleName(schedule.name) === 'reduceOnPlateau' && interval === 'step') {
    throw new InputError("fit: reduceOnPlateau watches the validation loss once per epoch; its interval must be 'epoch'");
  }
  return { schedule, interval };
}

function resolveEarlyStopping(options: EarlyStoppingOptions | undefined): { patience: number | undefined; minDelta: number } {
  if (options === undefined) return { patience: undefined, minDelta: 0 };
  if (typeof options !== 'object' || options === null) throw new InputError(`fit: earlyStopping must be {patience, minDelta} (got ${show(options)})`);
  for (const key of Object.keys(options)) {
    if (key !== 'patience' && key !== 'minDelta') throw new InputError(`fit: earlyStopping: unknown option '${key}'; valid options: patience, minDelta`);
  }
  const { patience, minDelta = 0 } = options;
  checkInteger('fit', 'earlyStopping.patience', patience, 0);
  check(Number.isFinite(minDelta) && minDelta >= 0, 'fit', 'earlyStopping.minDelta', 'a finite number >= 0', minDelta);
  return { patience, minDelta };
}

/** The schedule a run uses: OneCycleLR without a length gets the run's length (its steps or its epochs). */
export function scheduleForRun(schedule: ScheduleSpec, interval: 'step' | 'epoch', epochs: number, batchesPerEpoch: number): ScheduleSpec {
  const given = ['totalSteps', 'epochs', 'stepsPerEpoch'].some((key) => schedule[key] !== undefined);
  if (canonicalScheduleName(schedule.name) !== 'onecycle' || given) return schedule;
  return { ...schedule, totalSteps: interval === 'step' ? epochs * batchesPerEpoch : epochs };
}

