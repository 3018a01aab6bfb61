/**
 * The playground's training run, in epochs that can be paused between: the library's own `fit`, resumed
 * from its saved TrainingState for each slice of epochs (bit for bit one uninterrupted fit, so the same
 * seed gives the same run and the CLI can reproduce it). The data, the split and the initial weights come
 * from one seeded Random, as `downhill train` makes them (a toy set by its spec, your points through the
 * CSV reader, the input features computed after the split); rewinding restores the initial weights.
 */
import { parseCsvDataset, type CsvPreprocessor } from '../../../src/data/csv';
import { trainValidationSplit, type Dataset } from '../../../src/data/dataset';
import { computeFeatures, withFeatures } from '../../../src/data/features';
import { toyDatasetFromSpec } from '../../../src/data/sources';
import { mlp } from '../../../src/nn/models';
import type { ActivationName } from '../../../src/nn/activations';
import type { Sequential } from '../../../src/nn/sequential';
import { fit, type FitEvent } from '../../../src/train/fit';
import type { LossName } from '../../../src/train/loss';
import type { TrainingState } from '../../../src/train/state';
import { Random } from '../../../src/tensor/random';
import type { Spec } from '../../../src/config/spec';
import { CUSTOM, datasetSpec } from './dataSource';
import { pointsCsv, POINTS_COLUMNS, type Points } from './points';

export interface RunSettings {
  /** A toy set's name, or CUSTOM. */
  dataset: string;
  points: number;
  noise: number;
  /** The toy set's classes, where it has a choice (gaussians, spiral). */
  classes: number;
  /** Your points (x, y, label each), when the dataset is CUSTOM. */
  custom: Points;
  /** The network's inputs, computed from (x1, x2) (src/data/features.ts). */
  features: string[];
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

/** The toy set or your points, split as `downhill train` splits them; raw: before the features. */
function splitData(settings: RunSettings, random: Random): { train: Dataset; test: Dataset; csv?: CsvPreprocessor } {
  if (settings.dataset !== CUSTOM) {
    const split = trainValidationSplit(toyDatasetFromSpec(datasetSpec(settings), random), 1 - settings.ratio, random);
    return { train: split.train, test: split.validation };
  }
  const { train, validation, preprocessor } = parseCsvDataset(pointsCsv(settings.custom), {
    target: POINTS_COLUMNS[2],
    task: 'classification',
    validationFraction: 1 - settings.ratio,
    random,
    source: 'your points',
  });
  return { train, test: validation as Dataset, csv: preprocessor };
}

export class PlaygroundRun {
  readonly train: Dataset;
  readonly test: Dataset;
  /** The training and test points where the map shows them: x, y and the class's colour index each. */
  readonly shown: { train: Float32Array; test: Float32Array };
  /** The colour index of each class the model tells apart (your points' labels, which may skip one). */
  readonly classColors: number[];
  readonly model: Sequential;
  readonly history: EpochPoint[] = [];
  /** "step k" once a loss left the finite numbers; training stops there. */
  diverged: { step: number; epoch: number } | null = null;
  private state: TrainingState | undefined;
  private readonly random: Random;
  /** Your points' standardisation (the CSV reader's: z = (v − mean) / scale), which the map's grid goes through too. */
  private readonly standardised: { mean: number; scale: number }[] | null;

  constructor(readonly settings: RunSettings) {
    const random = new Random(settings.seed);
    const raw = splitData(settings, random);
    this.standardised = raw.csv
      ? (raw.csv.columns as { mean: number; std: number }[]).map(({ mean, std }) => ({ mean, scale: std || 1 }))
      : null;
    this.train = withFeatures(raw.train, settings.features);
    this.test = withFeatures(raw.test, settings.features);
    this.classColors = raw.csv ? (raw.csv.classNames ?? []).map(Number) : [...Array(raw.train.classes).keys()];
    this.shown = { train: this.shownPoints(raw.train), test: this.shownPoints(raw.test) };
    this.model = mlp({
      inputs: settings.features.length,
      hidden: settings.hidden,
      outputs: settings.loss === 'bce' ? 1 : (raw.train.classes as number),
      activation: settings.activation,
      dropout: settings.dropout,
      batchNorm: settings.batchNorm,
      random,
    });
    this.random = random;
  }

  /** Points on the map (rows of x, y) as the network's inputs: standardised like your points, then the features. */
  modelInputs(grid: Float32Array): Float32Array {
    const columns = this.standardised;
    const xs = columns ? grid.map((v, k) => (v - columns[k % 2].mean) / columns[k % 2].scale) : grid;
    return computeFeatures(this.settings.features, xs, 2, new Float32Array((grid.length / 2) * this.train.features));
  }

  /** x, y, colour index per point, in the map's coordinates (your points' own, not standardised). */
  private shownPoints(set: Dataset): Float32Array {
    const out = new Float32Array(set.n * 3);
    for (let k = 0; k < set.n; k++) {
      for (let i = 0; i < 2; i++) {
        const column = this.standardised?.[i];
        const z = set.x[2 * k + i];
        out[3 * k + i] = column ? z * column.scale + column.mean : z;
      }
      out[3 * k + 2] = this.classColors[set.y[k]];
    }
    return out;
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
