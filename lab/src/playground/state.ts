/** The playground's state: one object, declared as a table so that it round-trips through the URL. */
import { parseFeatureList } from '../../../src/data/features';
import { MAX_TOY_CLASSES, toyDatasetNames } from '../../../src/data/toy';
import type { ActivationName } from '../../../src/nn/activations';
import { choice, integer, number, settingsTable, spec, text, type Setting } from '../../../src/config/settings';
import { InputError } from '../../../src/errors';
import { trainSettings } from '../../../src/train/runConfig';
import { optimizers } from '../../../src/optim/registry';
import type { LossName } from '../../../src/train/loss';
import type { StateOf } from '../state/url';
import { decodePoints, LINK_POINTS, POINTS_COLUMNS, POINTS_FILE, type Points } from './points';
import { CUSTOM, datasetSpec } from './dataSource';
import type { RunSettings } from './trainer';

/** The 2-D classification sets (noisyLine and gabor are regression data), and your own points. */
export const DATASETS = [...toyDatasetNames.filter((name) => name !== 'noisyLine' && name !== 'gabor'), CUSTOM];
/** Optimizers that step from gradients alone (the others re-evaluate the loss through a closure, or need a Hessian). */
export const PLAYGROUND_OPTIMIZERS = optimizers.names.filter((name) => optimizers.get(name).kind === 'elementwise');
export const PLAYGROUND_SCHEDULES = ['none', 'step', 'exponential', 'cosine'] as const;
export const LOSSES = ['bce', 'crossEntropy', 'mse'] as const satisfies readonly LossName[];
export const MAX_LAYERS = 6;
export const MAX_WIDTH = 8;

const train = trainSettings.rows;

/**
 * The playground's settings: the data set's own, and the training settings as `downhill train` declares
 * them (src/train/runConfig.ts), with the defaults of TensorFlow Playground's first view.
 */
export const playgroundSettings = settingsTable('playground', {
  dataset: choice(DATASETS, { default: 'circle', help: 'the 2-D data set, or your own points (custom)' }),
  classes: integer({ default: 2, min: 2, max: MAX_TOY_CLASSES, help: 'classes of gaussians and spiral' }),
  custom: text({
    default: '',
    help: `your points as x,y,label;x,y,label (up to ${LINK_POINTS} in a link)`,
    check: (value) => void decodePoints(value),
  }),
  brush: integer({ default: 0, min: 0, max: MAX_TOY_CLASSES - 1, help: 'the class a click on the map adds' }),
  features: { ...train.features, default: 'x1,x2' } as Setting<string, true>,
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
  loss: choice(LOSSES, {
    default: 'bce',
    help: 'binary cross-entropy on one output, cross-entropy on one per class, or the squared loss on one-hot labels',
  }),
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

/** `custom`: your points when the link cannot hold them (more than LINK_POINTS); else the state's. */
export function runSettings(state: PlaygroundState, custom: Points = decodePoints(state.custom)): RunSettings {
  const schedule = scheduleSpec(state.schedule);
  return {
    dataset: state.dataset,
    points: state.points,
    noise: state.noise,
    classes: state.classes,
    custom: state.dataset === CUSTOM ? custom : [],
    features: parseFeatureList(state.features),
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
 * The run as a `downhill train --config` file: the same data set (the toy set's spec, or your points as
 * POINTS_FILE, exported beside it), split, features, model, optimizer and seed, for `epochs` epochs: the same
 * data and numbers (to float32 rounding: the CLI's kernels may sum in another order).
 */
export function trainConfig(settings: RunSettings, epochs: number): Record<string, unknown> {
  const data =
    settings.dataset === CUSTOM
      ? { dataset: `csv:${POINTS_FILE}`, target: POINTS_COLUMNS[2], task: 'classification' }
      : { dataset: datasetSpec(settings) };
  return {
    ...data,
    features: settings.features.join(','),
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
