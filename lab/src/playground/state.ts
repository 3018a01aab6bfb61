/** The playground's state: one object, declared as a table so that it round-trips through the URL. */
import { toyDatasetNames, toyDatasets } from '../../../src/data/toy';
import type { ActivationName } from '../../../src/nn/activations';
import { choice, integer, number, settingsTable, spec, text } from '../../../src/config/settings';
import { InputError } from '../../../src/errors';
import { trainSettings } from '../../../src/train/runConfig';
import { optimizers } from '../../../src/optim/registry';
import type { LossName } from '../../../src/train/loss';
import type { StateOf } from '../state/url';
import type { RunSettings } from './trainer';

/** The 2-D classification sets (noisyLine and gabor are regression data). */
export const DATASETS = toyDatasetNames.filter((name) => name !== 'noisyLine' && name !== 'gabor');
/** Optimizers that step from gradients alone (the others re-evaluate the loss through a closure, or need a Hessian). */
export const PLAYGROUND_OPTIMIZERS = optimizers.names.filter((name) => optimizers.get(name).kind === 'elementwise');
export const PLAYGROUND_SCHEDULES = ['none', 'step', 'exponential', 'cosine'] as const;
export const LOSSES = ['bce', 'crossEntropy'] as const satisfies readonly LossName[];
export const MAX_LAYERS = 6;
export const MAX_WIDTH = 8;

const train = trainSettings.rows;

/**
 * The playground's settings: the data set's own, and the training settings as `downhill train` declares
 * them (src/train/runConfig.ts), with the defaults of TensorFlow Playground's first view.
 */
export const playgroundSettings = settingsTable('playground', {
  dataset: choice(DATASETS, { default: 'circle', help: 'the 2-D data set' }),
  points: integer({ default: 500, min: 20, max: 2000, help: 'points in the data set' }),
  noise: number({ default: 0, min: 0, max: 0.5, help: 'noise added to the points' }),
  ratio: number({
    default: 0.5,
    min: 0.1,
    max: 0.9,
    help: 'the share of the points used for training; the rest is the test set',
  }),
  hidden: text({
    default: '8,8',
    help: `hidden layer widths, up to ${MAX_LAYERS} layers of 1 to ${MAX_WIDTH}`,
    check: (value) => void parseHidden(value),
  }),
  activation: { ...train.activation, default: 'tanh' },
  loss: choice(LOSSES, { default: 'bce', help: 'binary cross-entropy on one output, or cross-entropy on two' }),
  optimizer: spec({
    kind: 'optimizer',
    default: { name: 'adam', lr: 0.03 },
    help: 'the optimizer and its options',
    check: (s) => void optimizers.canonical(s.name),
  }),
  schedule: choice(PLAYGROUND_SCHEDULES, { default: 'none', help: 'a learning-rate schedule over the epochs' }),
  batchSize: { ...train.batchSize, default: 10 },
  l1: train.l1,
  l2: train.l2,
  dropout: train.dropout,
  batchNorm: train.batchNorm,
  seed: { ...train.seed, default: 1 },
  stopEpoch: integer({ default: 0, min: 0, max: 1_000_000, help: 'stop training at this epoch (0: never)' }),
  targetLoss: number({ default: 0, min: 0, help: 'stop once the test loss is at or below this (0: never)' }),
});

export type PlaygroundState = StateOf<typeof playgroundSettings>;

/** "8,8" → [8, 8]; "0" is no hidden layer. A bad list is one line naming the valid form. */
export function parseHidden(text: string): number[] {
  const parts = text.trim() === '0' ? [] : text.split(',').map((s) => Number(s.trim()));
  const ok = parts.length <= MAX_LAYERS && parts.every((w) => Number.isInteger(w) && w >= 1 && w <= MAX_WIDTH);
  if (!ok)
    throw new InputError(`hidden: "${text}" is not up to ${MAX_LAYERS} comma-separated widths in [1, ${MAX_WIDTH}]`);
  return parts;
}

/** Epoch-based schedules over 100 epochs (the playground has no fixed length). */
function scheduleSpec(preset: string) {
  if (preset === 'step') return { name: 'step', stepSize: 25, gamma: 0.5 };
  if (preset === 'exponential') return { name: 'exponential', gamma: 0.98 };
  if (preset === 'cosine') return { name: 'cosine', tMax: 100 };
  return undefined;
}

export function runSettings(state: PlaygroundState): RunSettings {
  const schedule = scheduleSpec(state.schedule);
  return {
    dataset: state.dataset,
    points: state.points,
    noise: state.noise,
    ratio: state.ratio,
    hidden: parseHidden(state.hidden),
    activation: state.activation as ActivationName,
    loss: state.loss as LossName,
    optimizer: state.optimizer,
    ...(schedule ? { schedule } : {}),
    batchSize: state.batchSize,
    l1: state.l1,
    l2: state.l2,
    dropout: state.dropout,
    batchNorm: state.batchNorm,
    seed: state.seed,
  };
}

/**
 * Where the data differs from what `downhill train` generates for this toy set (its own size and noise): the
 * CLI's values, which the page names beside the config export; null when the config reproduces the data.
 */
export function cliDataDiffers(settings: RunSettings): { n: number; noise: number } | null {
  const entry = toyDatasets.get(settings.dataset);
  return settings.points === entry.n && settings.noise === entry.noise ? null : { n: entry.n, noise: entry.noise };
}

/**
 * The run as a `downhill train --config` file: the same data set, split, model, optimizer and seed, for
 * `epochs` epochs: the same data and numbers when cliDataDiffers is null (to float32 rounding: the CLI's
 * kernels may sum in another order).
 */
export function trainConfig(settings: RunSettings, epochs: number): Record<string, unknown> {
  return {
    dataset: settings.dataset,
    validation: Number((1 - settings.ratio).toFixed(6)),
    model: `mlp:${settings.hidden.join(',')}`,
    activation: settings.activation,
    loss: settings.loss,
    dropout: settings.dropout,
    batchNorm: settings.batchNorm,
    l1: settings.l1,
    l2: settings.l2,
    optimizer: settings.optimizer,
    ...(settings.schedule ? { schedule: settings.schedule } : {}),
    batchSize: settings.batchSize,
    epochs: Math.max(1, epochs),
    seed: settings.seed,
    out: 'runs/playground',
  };
}
