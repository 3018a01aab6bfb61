/**
 * `downhill train`: trains a model on Fashion-MNIST, a CSV file or a toy set, from flags or a --config
 * file with the same settings, and writes into --out:
 *
 *   run.json           the settings and the data's fingerprint, before the first step (runDirectory.ts)
 *   metrics.jsonl      one JSON object per epoch (losses, accuracies, lr, seconds), appended
 *   checkpoint.json    the committed checkpoint, under checkpoints/ (checkpoint.ts), which --resume
 *                      continues bit for bit; last.safetensors and best.safetensors beside it
 *   summary.json       the final model's train/validation/test loss and accuracy, epochs, …
 *   averaged.safetensors  with --swa-start or --ema-decay: the final model, the average of the weights
 *                      (its batch-norm statistics recomputed), which summary.json evaluates
 *
 * Progress: a bar on a terminal, else one line per epoch on stderr (none with --quiet); the result on
 * stdout. Exit codes: 0 done, 2 a mistake in the input (one line on stderr), 3 training diverged (the
 * last good checkpoint is kept), 4 a numerical failure (a model too large for memory).
 */
import { Presets, SingleBar } from 'cli-progress';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { CsvPreprocessor } from '../data/csv.js';
import { subset, trainValidationSplit, yWidth, type Dataset } from '../data/dataset.js';
import { normalize } from '../data/fashionMnist.js';
import { withFeatureList } from '../data/features.js';
import { dataSourceOf, toyDatasetFromSpec } from '../data/sources.js';
import { InputError, NumericalError } from '../errors.js';
import { getKernels } from '../kernels/kernels.js';
import type { Module } from '../nn/module.js';
import { loadWeights } from '../nn/weights.js';
import { Random } from '../tensor/random.js';
import { packCheckpoint } from '../train/checkpoint.js';
import { evaluate, type Evaluation } from '../train/evaluate.js';
import { fit, type FitEvent, type FitResult } from '../train/fit.js';
import { buildModel, modelSize, parseModelSpec } from '../train/modelSpec.js';
import { formatEpoch, formatEvaluation, summarize } from '../train/report.js';
import { captureWeights, snapshotTensors, weightLayout } from '../train/snapshot.js';
import {
  parseRunConfig,
  resumeConfig,
  savedConfig,
  toFitOptions,
  trainSettings,
  type RunConfig,
} from '../train/runConfig.js';
import { decodeSafetensors, encodeSafetensors } from '../util/safetensors.js';
import { CheckpointStore } from './checkpoint.js';
import { threadsInUse, useThreads } from '../node/threads.js';
import { loadCsvFile, loadCsvTestFile, loadFashionMnist } from './data.js';
import { readFileBytes, writeFileDurable } from './files.js';
import { addSettingFlags, readSettings } from './flags.js';
import { say } from './run.js';
import { AVERAGED_FILE, PREPROCESSOR_FILE, RUN_FILE, RunDirectory } from './runDirectory.js';
import { show } from '../config/validate.js';

export const EXIT_DIVERGED = 3;

export function trainCommand(): Command {
  const command = new Command('train').description(
    'train a model on Fashion-MNIST, a CSV file or a toy set, with checkpoints and metrics',
  );
  return addSettingFlags(command, trainSettings, {
    config: 'a JSON file with these settings as keys (camelCase: "batchSize"); flags override it',
  })
    .option('--force', 'replace the run already in --out (its checkpoints, metrics and summary)')
    .action((flags: Record<string, unknown>) => {
      process.exitCode = train(readSettings(trainSettings, flags), flags.force === true);
    });
}

/** Runs the training; returns the exit code. */
function train(given: Record<string, unknown>, force: boolean): number {
  if (given.resume === true) return resumeRun(given);
  return newRun(given, force);
}

function newRun(given: Record<string, unknown>, force: boolean): number {
  const config = parseRunConfig(given);
  const prepared = prepare(config);
  const directory = RunDirectory.claim(config.out, { resume: false, force });
  return runIn(directory, config, prepared, () =>
    directory.record({ config: savedConfig(config), data: prepared.fingerprint }),
  );
}

/**
 * Continues the run in --out from its last checkpoint, or from its recorded settings when it has none.
 * Where no run was recorded yet (killed before it wrote run.json) but the settings are given, the run
 * starts: retrying a killed command with --resume always finishes it.
 */
function resumeRun(given: Record<string, unknown>): number {
  if (typeof given.out !== 'string')
    throw new InputError('--resume needs --out DIR, the directory of the run to continue');
  if (given.dataset !== undefined && !existsSync(join(given.out, RUN_FILE))) return newRun(given, false);
  const directory = RunDirectory.claim(given.out, { resume: true, force: false });
  let prepared: { config: RunConfig; run: Prepared; checksum: string };
  try {
    const record = directory.recorded();
    const config = resumeConfig(record.config, given);
    const run = prepare(config);
    if (run.fingerprint !== record.data) {
      throw new InputError(
        `--resume: the data of ${show(config.dataset)} have changed since the run in ${config.out} began (content ${run.fingerprint.slice(0, 19)}…, recorded ${record.data.slice(0, 19)}…)`,
      );
    }
    prepared = { config, run, checksum: record.checksum };
  } catch (error) {
    directory.release();
    throw error;
  }
  return runIn(directory, prepared.config, prepared.run, () => prepared.checksum);
}

interface Prepared {
  random: Random;
  data: RunData;
  model: Module;
  /** SHA-256 of every example the run trains, validates and tests on. */
  fingerprint: string;
}

function prepare(config: RunConfig): Prepared {
  if (config.threads !== undefined) useThreads(config.threads);
  const random = new Random(config.seed);
  const data = loadData(config, random);
  const model = createModel(config, data.train, random);
  return { random, data, model, fingerprint: fingerprint(data) };
}

/**
 * Trains in the claimed directory; `record` writes or checks run.json before the first step and gives its
 * checksum. A run that fails before its first checkpoint leaves nothing behind (the directory too, if it
 * made it); the lock is released in every case.
 */
function runIn(
  directory: RunDirectory,
  config: RunConfig,
  { random, data, model }: Prepared,
  record: () => string,
): number {
  let store: CheckpointStore | undefined;
  try {
    store = new CheckpointStore(config.out, record());
    const resume = store.committed ? store.read(model) : undefined;
    const progress = new Progress(config, data.train.n);
    const checkpoints = store;
    const { preprocessor, ...datasets } = data;
    if (preprocessor !== undefined)
      writeFileDurable(join(config.out, PREPROCESSOR_FILE), `${JSON.stringify(preprocessor, null, 1)}\n`);
    const result = fit(
      model,
      toFitOptions(config, {
        ...datasets,
        random,
        onCheckpoint: ({ state, improved }) =>
          checkpoints.save(packCheckpoint(model, state), improved, state.history, state),
        onEvent: (event) => progress.update(event),
        ...(resume === undefined ? {} : { resume }),
      }),
    );
    progress.stop();
    const code = report(config, model, data, result);
    directory.release();
    return code;
  } catch (error) {
    if (store?.committed === true || config.resume) directory.release();
    else directory.abandon();
    throw error;
  }
}

/** SHA-256 over the examples (features and targets) of each split, with their sizes: what the run learns from. */
function fingerprint(data: RunData): string {
  const hash = createHash('sha256');
  for (const name of ['train', 'validation', 'test'] as const) {
    const ds = data[name];
    if (ds === undefined) continue;
    hash.update(`${name}:${ds.n}x${ds.features}:${ds.task}:${ds.classes ?? ds.targets ?? ''}\n`);
    hash.update(new Uint8Array(ds.x.buffer, ds.x.byteOffset, ds.x.byteLength));
    hash.update(new Uint8Array(ds.y.buffer, ds.y.byteOffset, ds.y.byteLength));
  }
  return `sha256:${hash.digest('hex')}`;
}

// ——— Data and model ———

interface RunData {
  train: Dataset;
  validation?: Dataset;
  test?: Dataset;
  /** A CSV run's column preprocessing, saved for `downhill predict` and `evaluate`. */
  preprocessor?: CsvPreprocessor;
}

/** The run's data, with its --features computed from the two inputs when given. */
function loadData(config: RunConfig, random: Random): RunData {
  const data = loadSource(config, random);
  const mapped: RunData = { ...data, train: withFeatureList(data.train, config.features) };
  if (data.validation !== undefined) mapped.validation = withFeatureList(data.validation, config.features);
  if (data.test !== undefined) mapped.test = withFeatureList(data.test, config.features);
  return mapped;
}

function loadSource(config: RunConfig, random: Random): RunData {
  const source = dataSourceOf(config.dataset);
  if (source === 'csv') return loadCsv(config, config.dataset.slice('csv:'.length), random);
  for (const key of ['target', 'task', 'test'] as const) {
    if (config[key] !== undefined)
      throw new InputError(`--${key} is for CSV datasets (--dataset csv:FILE), not '${config.dataset}'`);
  }
  if (source === 'fashionMnist') {
    const { train, test } = loadFashionMnist(config.data);
    normalize(test);
    return { ...split(normalize(first(train, config.limit)), config.validation, random), test };
  }
  return split(first(toyDatasetFromSpec(config.dataset, random), config.limit), config.validation, random);
}

function loadCsv(config: RunConfig, path: string, random: Random): RunData {
  if (config.target === undefined)
    throw new InputError(`--dataset csv:${path} needs --target COLUMN, the column to predict`);
  const { train, validation, preprocessor } = loadCsvFile(path, {
    target: config.target,
    ...(config.task === undefined ? {} : { task: config.task }),
    ...(config.validation > 0 ? { validationFraction: config.validation, random } : {}),
  });
  const test = config.test === undefined ? undefined : loadCsvTestFile(config.test, preprocessor);
  return {
    train: first(train, config.limit),
    ...(validation === undefined ? {} : { validation }),
    ...(test === undefined ? {} : { test }),
    preprocessor,
  };
}

/** The first `limit` examples (a copy), or all of them. */
function first(ds: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || limit >= ds.n) return ds;
  return subset(
    ds,
    Array.from({ length: limit }, (_, i) => i),
  );
}

function split(ds: Dataset, validation: number, random: Random): RunData {
  return validation > 0 ? trainValidationSplit(ds, validation, random) : { train: ds };
}

function createModel(config: RunConfig, train: Dataset, random: Random): Module {
  const outputs = train.task === 'regression' ? yWidth(train) : config.loss === 'bce' ? 1 : (train.classes as number);
  const spec = parseModelSpec(config.model);
  checkMemory(config.model, modelSize(spec, { inputs: train.features, outputs, batchNorm: config.batchNorm }));
  const model = buildModel(spec, {
    inputs: train.features,
    outputs,
    task: train.task,
    activation: config.activation,
    dropout: config.dropout,
    batchNorm: config.batchNorm,
    random,
  });
  if (config.init !== undefined) {
    try {
      loadWeights(model, decodeSafetensors(readFileBytes(config.init), config.init));
    } catch (error) {
      if (error instanceof InputError && !error.message.startsWith(config.init))
        throw new InputError(`--init ${config.init}: ${error.message}`);
      throw error;
    }
  }
  return model;
}

/**
 * Copies of the model's size that a run holds at once: the weights, their gradients, up to two optimizer
 * moments, the best and the last good weights, and a checkpoint being written.
 */
const COPIES_PER_RUN = 7;
/** Length limit of a JavaScript typed array (V8: 2³² − 1 elements, less on 32-bit systems). */
const MAX_ARRAY = 2 ** 32 - 1;

/** Refuses, before allocating anything, a model that cannot fit in this machine's memory. */
function checkMemory(model: string, size: number): void {
  const bytes = size * Float32Array.BYTES_PER_ELEMENT * COPIES_PER_RUN;
  if (size <= MAX_ARRAY && bytes <= totalmem()) return;
  const gb = (n: number) => `${(n / 1e9).toPrecision(3)} GB`;
  throw new NumericalError(
    `--model ${model} has ${size.toExponential(2)} parameters and would need about ${gb(bytes)} of memory; this machine has ${gb(totalmem())}`,
  );
}

// ——— Output ———

function report(config: RunConfig, model: Module, data: RunData, result: FitResult): number {
  const evaluations: { train: Evaluation; validation?: Evaluation; test?: Evaluation } = {
    train: evaluate(model, data.train, lossOption(config)),
  };
  if (data.validation !== undefined) evaluations.validation = evaluate(model, data.validation, lossOption(config));
  if (data.test !== undefined) evaluations.test = evaluate(model, data.test, lossOption(config));
  const parameters = model.parameters().reduce((n, p) => n + p.size, 0);
  const compute = { kernels: getKernels().name, threads: threadsInUse() };
  const summary = summarize(
    { dataset: config.dataset, model: config.model, parameters, ...compute },
    result,
    evaluations,
  );
  writeFileDurable(`${config.out}/summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
  if (result.averaged !== undefined) {
    const layout = weightLayout(model);
    writeFileDurable(
      join(config.out, AVERAGED_FILE),
      encodeSafetensors(snapshotTensors(layout, captureWeights(layout))),
    );
  }
  const averaged =
    result.averaged === undefined
      ? []
      : [
          `final model: the ${result.averaged.mode.toUpperCase()} average of ${result.averaged.count} weights (${AVERAGED_FILE})`,
        ];
  const lines = [
    `${result.stopped === 'early-stop' ? 'stopped early after' : 'trained'} ${result.epochsRun} epoch${result.epochsRun === 1 ? '' : 's'}` +
      (summary.bestEpoch === null ? '' : ` (best: epoch ${summary.bestEpoch})`) +
      (summary.secondsPerEpoch === null ? '' : `, ${summary.secondsPerEpoch.toFixed(1)} s per epoch`),
    ...averaged,
    ...Object.entries(evaluations).map(([name, evaluation]) => formatEvaluation(name, evaluation)),
    `wrote ${config.out}`,
  ];
  process.stdout.write(config.json ? `${JSON.stringify(summary, null, 2)}\n` : `${lines.join('\n')}\n`);
  if (result.diverged === undefined) return 0;
  const kept =
    result.state.epoch === 0
      ? 'no epoch completed, so no checkpoint was written'
      : `kept the last good checkpoint (epoch ${result.state.epoch}) in ${config.out}`;
  say(`training diverged: ${result.diverged.reason}; ${kept}`);
  return EXIT_DIVERGED;
}

function lossOption(config: RunConfig): { loss?: RunConfig['loss'] } {
  return config.loss === undefined ? {} : { loss: config.loss };
}

/** A progress bar per epoch on a terminal; otherwise a line per epoch; nothing when quiet. */
class Progress {
  private readonly bar: SingleBar | null;
  private readonly stepsPerEpoch: number;

  constructor(
    private readonly config: RunConfig,
    trainSize: number,
  ) {
    this.stepsPerEpoch = Math.ceil(trainSize / config.batchSize);
    // A bar redraws with cursor escapes: only on a terminal that shows them (not TERM=dumb, not a pipe).
    this.bar =
      config.quiet || !process.stderr.isTTY || process.env.TERM === 'dumb'
        ? null
        : new SingleBar(
            {
              format: 'epoch {epoch}/{epochs} [{bar}] {value}/{total} steps, loss {loss}',
              stream: process.stderr,
              clearOnComplete: true,
              hideCursor: true,
            },
            Presets.shades_classic,
          );
  }

  update(event: FitEvent): void {
    if (this.config.quiet) return;
    if (event.type === 'step' && this.bar !== null) {
      const value = event.step - (event.epoch - 1) * this.stepsPerEpoch;
      const payload = { epoch: event.epoch, epochs: this.config.epochs, loss: event.loss.toFixed(4) };
      if (value === 1 || !this.bar.isActive) this.bar.start(this.stepsPerEpoch, value, payload);
      else this.bar.update(value, payload);
    } else if (event.type === 'epoch') {
      this.stop();
      process.stderr.write(`${formatEpoch(event, this.config.epochs)}\n`);
    } else if (event.type === 'early-stop') {
      process.stderr.write(
        `early stop: no improvement for ${this.config.patience} epochs; keeping epoch ${event.bestEpoch}\n`,
      );
    }
  }

  stop(): void {
    if (this.bar?.isActive) this.bar.stop();
  }
}
