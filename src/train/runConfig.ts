/**
 * A training run as `downhill train` takes it, from flags or a JSON file with the same settings as keys
 * (camelCase, the flags without their dashes):
 *
 *   {"dataset": "fashion-mnist", "model": "mlp:256,128", "activation": "relu", "optimizer": "adam",
 *    "lr": 1e-3, "batchSize": 128, "epochs": 5, "seed": 1, "out": "runs/fmnist"}
 *
 * `optimizer` and `schedule` are specs, written as on the command line ("adam:betas=[0.9,0.99]") or as
 * objects ({"name": "adam", "betas": [0.9, 0.99]}, PyTorch's snake_case option names allowed); `lr`
 * sets the optimizer's learning rate. An unknown key, a value of the wrong type or out of range is one
 * InputError naming the key.
 */
import { camelCaseKeys } from '../config/names.js';
import { MAX_THREADS } from '../kernels/wasm/pool.js';
import { parseSpec, type Spec } from '../config/spec.js';
import { mapOptimizer, type ChainSpec, type OptimizerSpec } from '../optim/chain.js';
import type { Task } from '../data/dataset.js';
import { InputError } from '../errors.js';
import { check, show } from '../optim/options.js';
import type { JsonValue } from '../util/serialize.js';
import { LOSS_NAMES, type LossName } from './loss.js';

export interface RunConfig {
  /** fashion-mnist, csv:FILE, or a toy set (circle, xor, gaussians, spiral, moons, noisyLine, gabor). */
  dataset: string;
  /** The Fashion-MNIST directory; default /usr/share/datasets/fashion-mnist. */
  data?: string;
  /** CSV: the column to predict, and optionally the task and a test file preprocessed like the training rows. */
  target?: string;
  task?: Task;
  test?: string;
  /** Use only the first N training examples. */
  limit?: number;
  /** The share of the training examples held out for validation; 0 for none. */
  validation: number;
  /** mlp:W1,W2,… (hidden widths), linear or logistic. */
  model: string;
  activation: string;
  dropout: number;
  batchNorm: boolean;
  /** A .safetensors file of initial weights. */
  init?: string;
  loss?: LossName;
  l1: number;
  l2: number;
  /** A spec, or a chain of gradient transforms in front of one (src/optim/chain.ts). */
  optimizer: OptimizerSpec;
  lr?: number;
  /** Clip the gradients' total 2-norm to this before every step. */
  clipGradNorm?: number;
  schedule?: Spec;
  scheduleInterval: 'step' | 'epoch';
  batchSize: number;
  epochs: number;
  seed: number;
  /** Early stopping after this many epochs without improvement. */
  patience?: number;
  minDelta: number;
  shuffle: boolean;
  /** Also save last.* every this many steps. */
  checkpointEvery?: number;
  out: string;
  resume: boolean;
  quiet: boolean;
  /** Threads for the WebAssembly float32 matmul (Node); results are bit for bit the same for any count. */
  threads?: number;
}


type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'spec';

/** Every key and the type of its value; the flags are these names in kebab-case. */
export const RUN_CONFIG_KEYS: Readonly<Record<keyof RunConfig, Kind>> = {
  dataset: 'string', data: 'string', target: 'string', task: 'string', test: 'string', limit: 'integer', validation: 'number',
  model: 'string', activation: 'string', dropout: 'number', batchNorm: 'boolean', init: 'string',
  loss: 'string', l1: 'number', l2: 'number', optimizer: 'spec', lr: 'number', clipGradNorm: 'number', schedule: 'spec', scheduleInterval: 'string',
  batchSize: 'integer', epochs: 'integer', seed: 'integer', patience: 'integer', minDelta: 'number', shuffle: 'boolean',
  checkpointEvery: 'integer', out: 'string', resume: 'boolean', quiet: 'boolean', threads: 'integer',
};

/** The keys a resumed run may change: where and how it reports, how long it runs, where the data lives. */
export const RESUMABLE_CHANGES: readonly (keyof RunConfig)[] = ['epochs', 'checkpointEvery', 'out', 'resume', 'quiet', 'data', 'test', 'threads'];

const DEFAULTS = {
  validation: 0.1, model: 'mlp:64', activation: 'relu', dropout: 0, batchNorm: false, l1: 0, l2: 0, scheduleInterval: 'epoch',
  batchSize: 32, epochs: 10, seed: 0, minDelta: 0, shuffle: true, resume: false, quiet: false,
} as const;

export function parseRunConfig(raw: unknown): RunConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(`a training config must be a JSON object (got ${show(raw)})`);
  const given: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in RUN_CONFIG_KEYS)) throw new InputError(`unknown config key '${key}'; valid keys: ${Object.keys(RUN_CONFIG_KEYS).join(', ')}`);
    if (value !== undefined && value !== null) given[key] = checkKind(key, RUN_CONFIG_KEYS[key as keyof RunConfig], value);
  }
  for (const key of ['dataset', 'out']) if (given[key] === undefined) throw new InputError(`train: '${key}' is required (--${key})`);
  const config = { ...DEFAULTS, optimizer: { name: 'adam' }, ...given } as RunConfig;
  checkRanges(config);
  if (config.lr !== undefined) config.optimizer = mapOptimizer(config.optimizer, (spec) => ({ ...spec, lr: config.lr }));
  return config;
}

function checkKind(key: string, kind: Kind, value: unknown): unknown {
  switch (kind) {
    case 'string':
      check(typeof value === 'string' && value !== '', 'train', key, 'a non-empty string', value);
      return value;
    case 'number':
      check(typeof value === 'number' && Number.isFinite(value), 'train', key, 'a finite number', value);
      return value;
    case 'integer':
      check(Number.isInteger(value), 'train', key, 'an integer', value);
      return value;
    case 'boolean':
      check(typeof value === 'boolean', 'train', key, 'true or false', value);
      return value;
    case 'spec':
      return toSpec(key, value);
  }
}

/** A spec written as on the command line, or as an object with a name (option names camelCased), or a chain. */
function toSpec(key: string, value: unknown): Spec | ChainSpec {
  if (typeof value === 'string') return parseSpec(key, value);
  if (typeof value === 'object' && value !== null && 'chain' in value) return mapOptimizer(value as ChainSpec, (spec) => toSpec(key, spec) as Spec);
  const ok = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as Spec).name === 'string';
  if (!ok) throw new InputError(`train: ${key} must be a spec like "adam:lr=0.01" or {"name": "adam", "lr": 0.01} (got ${show(value)})`);
  const spec = camelCaseKeys((value as Spec).name, value as Spec) as Spec;
  for (const listKey of ['schedules', 'schedulers']) {
    const list = spec[listKey];
    if (Array.isArray(list)) spec[listKey] = list.map((inner) => toSpec(`${key}.${listKey}`, inner) as Spec);
  }
  return spec;
}

function checkRanges(c: RunConfig): void {
  check(c.validation >= 0 && c.validation < 1, 'train', 'validation', 'in [0, 1) (0: no validation set)', c.validation);
  if (c.limit !== undefined) check(c.limit >= 1, 'train', 'limit', 'an integer >= 1', c.limit);
  check(c.dropout >= 0 && c.dropout < 1, 'train', 'dropout', 'in [0, 1)', c.dropout);
  check(c.l1 >= 0, 'train', 'l1', '>= 0', c.l1);
  check(c.l2 >= 0, 'train', 'l2', '>= 0', c.l2);
  if (c.clipGradNorm !== undefined) check(c.clipGradNorm >= 0, 'train', 'clipGradNorm', '>= 0', c.clipGradNorm);
  check(c.batchSize >= 1, 'train', 'batchSize', 'an integer >= 1', c.batchSize);
  check(c.epochs >= 1, 'train', 'epochs', 'an integer >= 1', c.epochs);
  check(c.seed >= 0 && c.seed <= 0xffffffff, 'train', 'seed', 'an integer in [0, 4294967295]', c.seed);
  if (c.patience !== undefined) check(c.patience >= 0, 'train', 'patience', 'an integer >= 0', c.patience);
  check(c.minDelta >= 0, 'train', 'minDelta', '>= 0', c.minDelta);
  if (c.threads !== undefined) check(c.threads >= 1 && c.threads <= MAX_THREADS, 'train', 'threads', `an integer in [1, ${MAX_THREADS}]`, c.threads);
  if (c.checkpointEvery !== undefined) check(c.checkpointEvery >= 1, 'train', 'checkpointEvery', 'an integer >= 1', c.checkpointEvery);
  check(c.scheduleInterval === 'step' || c.scheduleInterval === 'epoch', 'train', 'scheduleInterval', "'step' or 'epoch'", c.scheduleInterval);
  if (c.task !== undefined) check(c.task === 'classification' || c.task === 'regression', 'train', 'task', "'classification' or 'regression'", c.task);
  if (c.loss !== undefined) check(LOSS_NAMES.includes(c.loss), 'train', 'loss', `one of ${LOSS_NAMES.join(', ')}`, c.loss);
}

/**
 * The config of a resumed run: the saved one, with the settings given now on top; a given setting that
 * would change the run itself (anything but RESUMABLE_CHANGES) is an error, since the run would not be
 * the one that was saved.
 */
export function resumeConfig(saved: unknown, given: Record<string, unknown>): RunConfig {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) throw new InputError('the checkpoint holds no run config to resume');
  const before = parseRunConfig({ ...saved, out: given.out ?? (saved as RunConfig).out });
  const after = parseRunConfig({ ...saved, ...given });
  for (const key of Object.keys(RUN_CONFIG_KEYS) as (keyof RunConfig)[]) {
    if (RESUMABLE_CHANGES.includes(key) || show(before[key]) === show(after[key])) continue;
    throw new InputError(`--resume: ${key} is ${show(after[key])} here but ${show(before[key])} in the saved run; a resumed run keeps its settings (only ${RESUMABLE_CHANGES.join(', ')} may change)`);
  }
  return after;
}

/** The settings that define the run, as saved in its checkpoints (not where or how it reports, nor its thread count). */
export function savedConfig(config: RunConfig): { [key: string]: JsonValue } {
  const { out: _out, resume: _resume, quiet: _quiet, threads: _threads, ...rest } = config;
  return JSON.parse(JSON.stringify(rest)) as { [key: string]: JsonValue };
}
