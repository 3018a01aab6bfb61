/**
 * TrainingState: everything a run needs to continue bit for bit as if it had never stopped — the weights
 * (parameters and BatchNorm buffers), the optimizer's and the schedule's state dicts, the state of every
 * random number generator it draws from, where the DataLoader stands within its epochs, the epoch and
 * step counters, the running sums of an unfinished epoch, the history of epoch metrics, and the best
 * model so far with the early-stopping count. fit hands one out at every checkpoint and takes one back
 * as `resume`; checkpoint.ts turns it into a .safetensors file and JSON.
 *
 * A state is plain data and owns its arrays: nothing in it is shared with a running fit.
 */
import type { DataLoaderState } from '../data/dataLoader.js';
import type { OptimizerStateDict } from '../optim/optimizer.js';
import type { RandomState } from '../tensor/random.js';
import type { Storage } from '../tensor/storage.js';
import type { JsonValue } from '../util/serialize.js';
import type { LossName } from './loss.js';

/** The metrics of one epoch, as fit reports them and metrics.jsonl stores them. */
export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  /** Optimizer steps taken so far, over all epochs. */
  step: number;
  /** Mean training loss over the epoch's batches (measured in training mode, as each batch was trained on). */
  trainLoss: number;
  trainAccuracy?: number;
  validationLoss?: number;
  validationAccuracy?: number;
  /** The learning rate of the epoch's last step (of the first parameter group). */
  lr: number;
  /** Wall-clock seconds for the epoch, training and validation. */
  seconds: number;
}

/** The best model so far: lowest validation loss (training loss without a validation set). */
export interface BestModel {
  epoch: number;
  step: number;
  loss: number;
  weights: Storage;
}

/** The running sums of an epoch interrupted by a step checkpoint. */
export interface PartialEpoch {
  /** Σ batch mean loss × batch size. */
  lossSum: number;
  correct: number;
  count: number;
  seconds: number;
}

/** The settings a resumed run must share with the run that saved the state. */
export interface TrainingSettings {
  trainSize: number;
  batchSize: number;
  shuffle: boolean;
  dropLast: boolean;
  loss: LossName;
  optimizer: string;
  schedule: string | null;
  /** fit's weight averaging (swaStart or emaDecay) as JSON, or null. */
  averaging: string | null;
  /** SVRG's steps between snapshots, or null. */
  svrg: number | null;
}

export interface TrainingState {
  /** Epochs completed. */
  epoch: number;
  /** Optimizer steps taken. */
  step: number;
  /** The weights now, as a snapshot (src/train/snapshot.ts). */
  weights: Storage;
  optimizer: OptimizerStateDict;
  schedule: JsonValue | null;
  /** fit's Random first, then any other the model's layers hold (src/train/randoms.ts). */
  randoms: RandomState[];
  loader: DataLoaderState;
  /** Non-null when the state was saved in the middle of an epoch. */
  partial: PartialEpoch | null;
  history: EpochMetrics[];
  best: BestModel | null;
  /** Epochs since the best one (early stopping's counter). */
  wait: number;
  /** Set when early stopping ended the run: resuming it trains no further. */
  finished: 'early-stop' | null;
  settings: TrainingSettings;
  /** With weight averaging: the average (src/train/weightAverage.ts) and SWALR's state, if it runs. */
  averaging: { average: JsonValue; schedule: JsonValue | null } | null;
  /** With SVRG: its snapshot and full gradient (src/train/svrg.ts). */
  svrg: JsonValue | null;
}
