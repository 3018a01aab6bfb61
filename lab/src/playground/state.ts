/** The playground's state: one object, declared as a table so that it round-trips through the URL. */
import { toyDatasetNames } from '../../../src/data/toy';
import { activationNames, type ActivationName } from '../../../src/nn/activations';
import { parseSpec } from '../../../src/config/spec';
import type { LossName } from '../../../src/train/loss';
import type { StateOf } from '../state/url';
import type { RunSettings } from './trainer';

/** The 2-D classification sets (noisyLine and gabor are regression data). */
export const DATASETS = toyDatasetNames.filter((name) => name !== 'noisyLine' && name !== 'gabor');
/** Optimizers that step from gradients alone (the others need a closure over the whole data or a Hessian). */
export const PLAYGROUND_OPTIMIZERS = ['sgd', 'adam', 'adamw', 'adagrad', 'rmsprop', 'adadelta', 'adamax', 'nadam', 'radam', 'yogi', 'amsgrad', 'normalizedGd'];
export const PLAYGROUND_SCHEDULES = ['none', 'step', 'exponential', 'cosine'];
export const LOSSES: readonly LossName[] = ['bce', 'crossEntropy'];
export const MAX_LAYERS = 6;
export const MAX_WIDTH = 8;

export const PLAYGROUND_TABLE = {
  dataset: { kind: 'choice', default: 'circle', choices: DATASETS },
  points: { kind: 'integer', default: 500, min: 20, max: 2000 },
  noise: { kind: 'number', default: 0, min: 0, max: 0.5 },
  ratio: { kind: 'number', default: 0.5, min: 0.1, max: 0.9 },
  hidden: { kind: 'string', default: '8,8' },
  activation: { kind: 'choice', default: 'tanh', choices: activationNames },
  loss: { kind: 'choice', default: 'bce', choices: LOSSES },
  opt: { kind: 'string', default: 'adam:lr=0.03' },
  schedule: { kind: 'choice', default: 'none', choices: PLAYGROUND_SCHEDULES },
  batch: { kind: 'integer', default: 10, min: 1, max: 500 },
  l1: { kind: 'number', default: 0, min: 0, max: 0.1 },
  l2: { kind: 'number', default: 0, min: 0, max: 0.1 },
  dropout: { kind: 'number', default: 0, min: 0, max: 0.9 },
  batchNorm: { kind: 'boolean', default: false },
  seed: { kind: 'integer', default: 1, min: 0, max: 0xffffffff },
} as const;

export type PlaygroundState = StateOf<typeof PLAYGROUND_TABLE>;

/** "8,8" → [8, 8]; an empty text is no hidden layer. A bad list is one line naming the valid form. */
export function parseHidden(text: string): number[] {
  const parts = text.trim() === '' ? [] : text.split(',').map((s) => Number(s.trim()));
  const ok = parts.length <= MAX_LAYERS && parts.every((w) => Number.isInteger(w) && w >= 1 && w <= MAX_WIDTH);
  if (!ok) throw new Error(`hidden: "${text}" is not up to ${MAX_LAYERS} comma-separated widths in [1, ${MAX_WIDTH}]`);
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
    optimizer: parseSpec('optimizer', state.opt),
    ...(schedule ? { schedule } : {}),
    batchSize: state.batch,
    l1: state.l1,
    l2: state.l2,
    dropout: state.dropout,
    batchNorm: state.batchNorm,
    seed: state.seed,
  };
}

/**
 * The run as a `downhill train --config` file: the same data set, split, model, optimizer and seed, for
 * `epochs` epochs. (The CLI's toy sets have their default size and noise; see the README.)
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
