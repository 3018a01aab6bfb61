/**
 * A training run as `downhill train` takes it, from flags or a JSON file with the same settings as keys
 * (camelCase, the flags without their dashes):
 *
 *   {"dataset": "fashion-mnist", "model": "mlp:256,128", "activation": "relu", "optimizer": "adam",
 *    "lr": 1e-3, "batchSize": 128, "epochs": 5, "seed": 1, "out": "runs/fmnist"}
 *
 * Every setting is one row of `trainSettings`: its flag, help text, default, valid range, whether a resumed
 * run may change it, and its control in the lab all come from that row. `optimizer` and `schedule` are
 * specs, written as on the command line ("adam:betas=[0.9,0.99]") or as objects ({"name": "adam", "betas":
 * [0.9, 0.99]}, PyTorch's snake_case option names allowed); `lr` sets the optimizer's learning rate.
 */
import { boolean, choice, integer, number, settingsTable, text, type SettingsValues } from '../config/settings.js';
import { chainable, mapOptimizer } from '../optim/chain.js';
import { inputFeatures, parseFeatureList } from '../data/features.js';
import { dataSourceOf } from '../data/sources.js';
import { InputError } from '../errors.js';
import { MAX_THREADS } from '../kernels/wasm/pool.js';
import { activationNames } from '../nn/activations.js';
import { show } from '../config/validate.js';
import { optimizerSpecRow } from '../optim/registry.js';
import { scheduleSpecRow } from '../schedules/registry.js';
import type { JsonValue } from '../util/serialize.js';
import { fitSettings, type FitOptions } from './fitOptions.js';
import { LOSS_NAMES } from './loss.js';
import { parseModelSpec } from './modelSpec.js';

export const trainSettings = settingsTable('train', {
  dataset: text({
    required: true,
    placeholder: 'name',
    help: 'fashion-mnist, csv:FILE, or a toy set with its options, e.g. spiral:classes=3,n=500 (downhill list datasets)',
    check: (name) => void dataSourceOf(name),
  }),
  data: text({
    resumable: true,
    placeholder: 'dir',
    help: 'the Fashion-MNIST directory (default /usr/share/datasets/fashion-mnist)',
  }),
  target: text({ placeholder: 'column', help: 'CSV: the column to predict' }),
  task: choice(['classification', 'regression'], {
    placeholder: 'task',
    help: 'CSV: classification or regression (default: guessed from the target)',
  }),
  test: text({ resumable: true, placeholder: 'file', help: 'CSV: a test file, preprocessed like the training rows' }),
  limit: integer({ min: 1, help: 'use only the first n training examples (quick runs)' }),
  features: text({
    placeholder: 'list',
    help: `inputs computed from two (x1, x2): ${inputFeatures.names.join(', ')} (default: the inputs as they are)`,
    check: (list) => void parseFeatureList(list),
  }),
  validation: number({
    default: 0.1,
    min: 0,
    max: 1,
    maxOpen: true,
    note: '(0: no validation set)',
    placeholder: 'fraction',
    help: 'the share of training examples held out for validation; 0 for none',
  }),
  model: text({
    default: 'mlp:64',
    placeholder: 'spec',
    help: 'mlp:W1,W2,… (hidden widths), linear or logistic',
    check: (spec) => void parseModelSpec(spec),
  }),
  activation: choice(activationNames, { default: 'relu', help: "the hidden layers' activation" }),
  dropout: number({
    default: 0,
    min: 0,
    max: 1,
    maxOpen: true,
    placeholder: 'p',
    help: 'dropout probability after each hidden layer',
  }),
  batchNorm: boolean({ default: false, help: 'BatchNorm1d after each hidden Linear layer' }),
  init: text({ placeholder: 'file', help: 'start from the weights in this .safetensors file' }),
  loss: choice(LOSS_NAMES, { help: 'the loss (default: crossEntropy for classes, mse for regression)' }),
  l1: fitSettings.rows.l1,
  l2: fitSettings.rows.l2,
  optimizer: chainable(
    optimizerSpecRow({
      default: { name: 'adam' },
      help: 'e.g. adam or sgd:momentum=0.9,nesterov=true (downhill list optimizers), or a chain {"chain": [{"clipGradNorm": 1}, …, spec]}',
    }),
  ),
  lr: number({ min: 0, scale: 'log', placeholder: 'rate', help: "the optimizer's learning rate" }),
  clipGradNorm: fitSettings.rows.clipGradNorm,
  schedule: scheduleSpecRow({ help: 'e.g. cosine:tMax=10 or onecycle:maxLr=0.01 (downhill list schedules)' }),
  scheduleInterval: choice(['step', 'epoch'], {
    default: 'epoch',
    placeholder: 'when',
    help: 'step the schedule every step or every epoch',
  }),
  swaStart: fitSettings.rows.swaStart,
  swaLr: fitSettings.rows.swaLr,
  swaAnnealEpochs: fitSettings.rows.swaAnnealEpochs,
  emaDecay: fitSettings.rows.emaDecay,
  svrg: fitSettings.rows.svrg,
  batchSize: integer({ default: 32, min: 1, help: 'examples per step' }),
  epochs: integer({ default: 10, min: 1, resumable: true, help: 'epochs to train' }),
  seed: integer({ default: 0, min: 0, max: 0xffffffff, help: 'seed of every random choice' }),
  patience: integer({ min: 0, help: 'stop after this many epochs without a better validation loss' }),
  minDelta: number({ default: 0, min: 0, help: 'the improvement that counts for early stopping' }),
  shuffle: fitSettings.rows.shuffle,
  checkpointEvery: integer({
    min: 1,
    resumable: true,
    placeholder: 'steps',
    help: 'also save last.* every this many steps',
  }),
  out: text({
    required: true,
    resumable: true,
    placeholder: 'dir',
    help: 'where to write metrics, checkpoints and the summary',
  }),
  resume: boolean({ default: false, resumable: true, help: 'continue the run saved in --out (its settings are kept)' }),
  quiet: boolean({ default: false, resumable: true, help: 'print no progress' }),
  json: boolean({ default: false, resumable: true, help: 'print the summary (summary.json) on stdout as JSON' }),
  threads: integer({
    min: 1,
    max: MAX_THREADS,
    resumable: true,
    help: 'threads for the wasm float32 matmul (default: DOWNHILL_THREADS, else all cores)',
  }),
});

export type RunConfig = SettingsValues<typeof trainSettings>;

/** The keys a resumed run may change: where and how it reports, how long it runs, where the data lives. */
export const RESUMABLE_CHANGES = trainSettings.keys.filter((key) => trainSettings.rows[key].resumable);

export function parseRunConfig(raw: unknown): RunConfig {
  const config = trainSettings.parse(raw);
  if (config.lr !== undefined)
    config.optimizer = mapOptimizer(config.optimizer, (spec) => ({ ...spec, lr: config.lr }));
  return config;
}

/** What a run brings besides its settings: the data, the source of randomness, the callbacks, a saved state. */
export type RunContext = Pick<FitOptions, 'train' | 'validation' | 'random' | 'onCheckpoint' | 'onEvent' | 'resume'> & {
  test?: unknown;
};

/** The run's settings as fit's options: the rows they share by name, the schedule's interval and early stopping as fit groups them. */
export function toFitOptions(config: RunConfig, context: RunContext): FitOptions {
  const { test: _test, ...run } = context;
  const { loss, schedule, patience } = config;
  return {
    ...run,
    ...(loss === undefined ? {} : { loss }),
    optimizer: config.optimizer,
    ...(config.clipGradNorm === undefined ? {} : { clipGradNorm: config.clipGradNorm }),
    ...(schedule === undefined ? {} : { schedule: { ...schedule, interval: config.scheduleInterval } }),
    epochs: config.epochs,
    batchSize: config.batchSize,
    shuffle: config.shuffle,
    ...(patience === undefined ? {} : { earlyStopping: { patience, minDelta: config.minDelta } }),
    l1: config.l1,
    l2: config.l2,
    ...(config.checkpointEvery === undefined ? {} : { checkpointEvery: config.checkpointEvery }),
    ...given(config, ['swaStart', 'swaLr', 'emaDecay', 'svrg']),
    // Its default applies only with swaStart (fit refuses it alone).
    ...(config.swaStart === undefined ? {} : { swaAnnealEpochs: config.swaAnnealEpochs }),
  };
}

/** The settings among `keys` that the config gives, under the same names. */
function given<K extends keyof RunConfig>(config: RunConfig, keys: readonly K[]): Partial<Pick<RunConfig, K>> {
  return Object.fromEntries(
    keys.filter((key) => config[key] !== undefined).map((key) => [key, config[key]]),
  ) as Partial<Pick<RunConfig, K>>;
}

/**
 * The config of a resumed run: the saved one, with the settings given now on top; a given setting that
 * would change the run itself (anything not resumable) is an error, since the run would not be the one
 * that was saved.
 */
export function resumeConfig(saved: unknown, given: Record<string, unknown>): RunConfig {
  if (typeof saved !== 'object' || saved === null || Array.isArray(saved))
    throw new InputError('the checkpoint holds no run config to resume');
  const before = parseRunConfig({ ...saved, out: given.out ?? (saved as RunConfig).out });
  const after = parseRunConfig({ ...saved, ...given });
  for (const key of trainSettings.keys) {
    if (RESUMABLE_CHANGES.includes(key) || show(before[key]) === show(after[key])) continue;
    throw new InputError(
      `--resume: ${key} is ${show(after[key])} here but ${show(before[key])} in the saved run; a resumed run keeps its settings (only ${RESUMABLE_CHANGES.join(', ')} may change)`,
    );
  }
  return after;
}

/** The settings that define the run, as saved in its checkpoints (not where or how it reports, nor its thread count). */
export function savedConfig(config: RunConfig): { [key: string]: JsonValue } {
  const { out: _out, resume: _resume, quiet: _quiet, json: _json, threads: _threads, ...rest } = config;
  return JSON.parse(JSON.stringify(rest)) as { [key: string]: JsonValue };
}
