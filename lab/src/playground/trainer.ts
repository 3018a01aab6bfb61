/**
 * The playground's training run, in epochs that can be paused between: the library's own `fit`, resumed
 * from its saved TrainingState for each slice of epochs (bit for bit one uninterrupted fit, so the same
 * seed gives the same run and the CLI can reproduce it). The data, the split and the initial weights come
 * from one seeded Random, as `downhill train` makes them; rewinding restores the initial weights.
 */
import { trainValidationSplit, type Dataset } from '../../../src/data/dataset';
import { toyDataset } from '../../../src/data/toy';
import { mlp } from '../../../src/nn/models';
import type { ActivationName } from '../../../src/nn/activations';
import type { Sequential } from '../../../src/nn/sequential';
import { fit, type FitEvent } from '../../../src/train/fit';
import type { LossName } from '../../../src/train/loss';
import type { TrainingState } from '../../../src/train/state';
import { Random } from '../../../src/tensor/random';
import type { Spec } from '../../../src/config/spec';

export interface RunSettings {
  dataset: string;
  points: number;
  noise: number;
  /** The share of the points used for training; the rest is the test set. */
  ratio: number;
  hidden: number[];
  activation: ActivationName;
  loss: LossName;
  optimizer: Spec;
  schedule?: Spec;
  batchSize: number;
  l1: number;
  l2: number;
  dropout: number;
  batchNorm: boolean;
  seed: number;
}

export interface EpochPoint {
  epoch: number;
  trainLoss: number;
  testLoss: number;
}

export class PlaygroundRun {
  readonly train: Dataset;
  readonly test: Dataset;
  readonly model: Sequential;
  readonly history: EpochPoint[] = [];
  /** "step k" once a loss left the finite numbers; training stops there. */
  diverged: { step: number; epoch: number } | null = null;
  private state: TrainingState | undefined;
  private readonly random: Random;

  constructor(readonly settings: RunSettings) {
    const random = new Random(settings.seed);
    const data = toyDataset(settings.dataset, { random, n: settings.points, noise: settings.noise });
    const split = trainValidationSplit(data, 1 - settings.ratio, random);
    this.train = split.train;
    this.test = split.validation;
    this.model = mlp({
      inputs: 2,
      hidden: settings.hidden,
      outputs: settings.loss === 'crossEntropy' ? 2 : 1,
      activation: settings.activation,
      dropout: settings.dropout,
      batchNorm: settings.batchNorm,
      random,
    });
    this.random = random;
  }

  get epoch(): number {
    return this.history.length;
  }

  /** Trains `epochs` more epochs (fewer if it diverges). */
  advance(epochs: number): void {
    if (this.diverged) return;
    const target = this.epoch + epochs;
    const start = this.epoch;
    fit(this.model, {
      train: this.train,
      validation: this.test,
      loss: this.settings.loss,
      optimizer: this.settings.optimizer,
      ...(this.settings.schedule ? { schedule: this.settings.schedule } : {}),
      epochs: target,
      batchSize: this.settings.batchSize,
      random: this.random,
      l1: this.settings.l1,
      l2: this.settings.l2,
      restoreBest: false,
      // Only the last state is kept; the history lives here, so the resumed state carries none.
      ...(this.state ? { resume: { ...this.state, history: [] } } : {}),
      onCheckpoint: (checkpoint) => {
        if (checkpoint.kind === 'epoch') this.state = checkpoint.state;
      },
      onEvent: (event: FitEvent) => this.record(event, start),
    });
  }

  private record(event: FitEvent, start: number): void {
    if (event.type === 'epoch')
      this.history.push({ epoch: event.epoch, trainLoss: event.trainLoss, testLoss: event.validationLoss ?? NaN });
    if (event.type === 'diverged') this.diverged = { step: event.step, epoch: Math.max(start, event.epoch) };
  }

  /**
   * Back to epoch 0: the same seed rebuilds the same data and the same initial weights, and the run from
   * there repeats this one step for step.
   */
  rewind(): PlaygroundRun {
    return new PlaygroundRun(this.settings);
  }
}
