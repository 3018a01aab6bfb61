/**
 * `downhill train`: trains a model on Fashion-MNIST, a CSV file or a toy set, from flags or a --config
 * file with the same settings, and writes into --out:
 *
 *   metrics.jsonl                   one JSON object per epoch (losses, accuracies, lr, seconds)
 *   best.safetensors + best.json    the best model so far (lowest validation loss) and its training state
 *   last.safetensors + last.json    the latest checkpoint, which --resume continues bit for bit
 *   summary.json                    the final model's train/validation/test loss and accuracy, epochs, …
 *
 * Progress: a bar on a terminal, else one line per epoch on stderr (none with --quiet); the result on
 * stdout. Exit codes: 0 done, 2 a mistake in the input (one line on stderr), 3 training diverged (the
 * last good checkpoint is kept).
 */
import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import type { CsvPreprocessor } from '../data/csv.js';
import { subset, trainValidationSplit, yWidth, type Dataset } from '../data/dataset.js';
import { normalize } from '../data/fashionMnist.js';
import { dataSourceOf } from '../data/sources.js';
import { toyDataset } from '../data/toy.js';
import { InputError } from '../errors.js';
import { getKernels } from '../kernels/kernels.js';
import type { Module } from '../nn/module.js';
import { loadWeights } from '../nn/weights.js';
import { Random } from '../tensor/random.js';
import { checkpointRun, packCheckpoint } from '../train/checkpoint.js';
import { evaluate, type Evaluation } from '../train/evaluate.js';
import { fit, type CheckpointEvent, type FitEvent, type FitResult } from '../train/fit.js';
import { buildModel, parseModelSpec } from '../train/modelSpec.js';
import { formatEpoch, formatEvaluation, summarize } from '../train/report.js';
import { parseRunConfig, resumeConfig, savedConfig, toFitOptions, trainSettings, type RunConfig } from '../train/runConfig.js';
import { decodeSafetensors } from '../util/safetensors.js';
import type { TrainingState } from '../train/state.js';
import { checkpointPaths, readCheckpoint, readCheckpointState, writeCheckpoint } from './checkpoint.js';
import { threadsInUse, useThreads } from '../node/threads.js';
import { loadCsvFile, loadCsvTestFile, loadFashionMnist } from './data.js';
import { makeDirectory, readFileBytes, writeFileDurable } from './files.js';
import { addSettingFlags, readSettings } from './flags.js';
import { PREPROCESSOR_FILE } from './predict.js';

export const EXIT_DIVERGED = 3;

export function trainCommand(): Command {
  const command = new Command('train').description('train a model on Fashion-MNIST, a CSV file or a toy set, with checkpoints and metrics');
  return addSettingFlags(command, trainSettings, { config: 'a JSON file with these settings as keys (camelCase: "batchSize"); flags override it' }).action(
    (flags: Record<string, unknown>) => {
      process.exitCode = train(readSettings(trainSettings, flags));
    },
  );
}

/** Runs the training; returns the exit code. */
function train(given: Record<string, unknown>): number {
  const { config, stateText } = given.resume === true ? resumedConfig(given) : { config: parseRunConfig(given), stateText: undefined };
  if (config.threads !== undefined) useThreads(config.threads);
  const random = new Random(config.seed);
  const data = loadData(config, random);
  const model = createModel(config, data.train, random);
  makeDirectory(config.out);
  const { preprocessor, ...datasets } = data;
  if (preprocessor !== undefined) writeFileDurable(join(config.out, PREPROCESSOR_FILE), `${JSON.stringify(preprocessor, null, 1)}\n`);
  const resume = stateText === undefined ? undefined : readCheckpoint(model, config.out, stateText).state;
  const progress = new Progress(config, data.train.n);
  const result = fit(
    model,
    toFitOptions(config, {
      ...datasets,
      random,
      onCheckpoint: (checkpoint) => save(model, config, checkpoint),
      onEvent: (event) => progress.update(event),
      ...(resume === undefined ? {} : { resume }),
    }),
  );
  progress.stop();
  return report(config, model, data, result);
}

function resumedConfig(given: Record<string, unknown>): { config: RunConfig; stateText: string } {
  if (typeof given.out !== 'string') throw new InputError('--resume needs --out DIR, the directory of the run to continue');
  const stateText = readCheckpointState(given.out, 'last');
  const run = checkpointRun(stateText, checkpointPaths(given.out, 'last').state) as { config?: unknown } | null;
  return { config: resumeConfig(run?.config, given), stateText };
}

// ——— Data and model ———

interface RunData {
  train: Dataset;
  validation?: Dataset;
  test?: Dataset;
  /** A CSV run's column preprocessing, saved for `downhill predict` and `evaluate`. */
  preprocessor?: CsvPreprocessor;
}

function loadData(config: RunConfig, random: Random): RunData {
  const source = dataSourceOf(config.dataset);
  if (source === 'csv') return loadCsv(config, config.dataset.slice('csv:'.length), random);
  for (const key of ['target', 'task', 'test'] as const) {
    if (config[key] !== undefined) throw new InputError(`--${key} is for CSV datasets (--dataset csv:FILE), not '${config.dataset}'`);
  }
  if (source === 'fashionMnist') {
    const { train, test } = loadFashionMnist(config.data);
    normalize(test);
    return { ...split(normalize(first(train, config.limit)), config.validation, random), test };
  }
  return split(first(toyDataset(source, { random }), config.limit), config.validation, random);
}

function loadCsv(config: RunConfig, path: string, random: Random): RunData {
  if (config.target === undefined) throw new InputError(`--dataset csv:${path} needs --target COLUMN, the column to predict`);
  const { train, validation, preprocessor } = loadCsvFile(path, {
    target: config.target,
    ...(config.task === undefined ? {} : { task: config.task }),
    ...(config.validation > 0 ? { validationFraction: config.validation, random } : {}),
  });
  const test = config.test === undefined ? undefined : loadCsvTestFile(config.test, preprocessor);
  return { train: first(train, config.limit), ...(validation === undefined ? {} : { validation }), ...(test === undefined ? {} : { test }), preprocessor };
}

/** The first `limit` examples (a copy), or all of them. */
function first(ds: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || limit >= ds.n) return ds;
  return subset(ds, Array.from({ length: limit }, (_, i) => i));
}

function split(ds: Dataset, validation: number, random: Random): RunData {
  return validation > 0 ? trainValidationSplit(ds, validation, random) : { train: ds };
}

function createModel(config: RunConfig, train: Dataset, random: Random): Module {
  const outputs = train.task === 'regression' ? yWidth(train) : config.loss === 'bce' ? 1 : (train.classes as number);
  const model = buildModel(parseModelSpec(config.model), {
    inputs: train.features, outputs, task: train.task, activation: config.activation, dropout: config.dropout, batchNorm: config.batchNorm, random,
  });
  if (config.init !== undefined) {
    try {
      loadWeights(model, decodeSafetensors(readFileBytes(config.init), config.init));
    } catch (error) {
      if (error instanceof InputError && !error.message.startsWith(config.init)) throw new InputError(`--init ${config.init}: ${error.message}`);
      throw error;
    }
  }
  return model;
}

// ——— Output ———

/** Writes last.* (and best.* when the epoch was the best), then metrics.jsonl with the history so far. */
function save(model: Module, config: RunConfig, checkpoint: CheckpointEvent): void {
  const files = packCheckpoint(model, checkpoint.state, { config: savedConfig(config) });
  writeCheckpoint(config.out, 'last', files);
  if (checkpoint.improved) writeCheckpoint(config.out, 'best', files);
  if (checkpoint.kind === 'epoch') writeMetrics(config.out, checkpoint.state);
}

function writeMetrics(dir: string, state: TrainingState): void {
  writeFileDurable(`${dir}/metrics.jsonl`, state.history.map((m) => `${JSON.stringify(m)}\n`).join(''));
}

function report(config: RunConfig, model: Module, data: RunData, result: FitResult): number {
  const evaluations: { train: Evaluation; validation?: Evaluation; test?: Evaluation } = { train: evaluate(model, data.train, lossOption(config)) };
  if (data.validation !== undefined) evaluations.validation = evaluate(model, data.validation, lossOption(config));
  if (data.test !== undefined) evaluations.test = evaluate(model, data.test, lossOption(config));
  const parameters = model.parameters().reduce((n, p) => n + p.size, 0);
  const compute = { kernels: getKernels().name, threads: threadsInUse() };
  const summary = summarize({ dataset: config.dataset, model: config.model, parameters, ...compute }, result, evaluations);
  writeFileDurable(`${config.out}/summary.json`, `${JSON.stringify(summary, null, 2)}\n`);
  const lines = [
    `${result.stopped === 'early-stop' ? 'stopped early after' : 'trained'} ${result.epochsRun} epoch${result.epochsRun === 1 ? '' : 's'}` +
      (summary.bestEpoch === null ? '' : ` (best: epoch ${summary.bestEpoch})`) +
      (summary.secondsPerEpoch === null ? '' : `, ${summary.secondsPerEpoch.toFixed(1)} s per epoch`),
    ...Object.entries(evaluations).map(([name, evaluation]) => formatEvaluation(name, evaluation)),
    `wrote ${config.out}`,
  ];
  process.stdout.write(config.json ? `${JSON.stringify(summary, null, 2)}\n` : `${lines.join('\n')}\n`);
  if (result.diverged === undefined) return 0;
  const kept = result.state.epoch === 0 ? 'no epoch completed, so no checkpoint was written' : `kept the last good checkpoint (epoch ${result.state.epoch}) in ${config.out}`;
  process.stderr.write(`downhill: training diverged: ${result.diverged.reason}; ${kept}\n`);
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
    this.bar = config.quiet || !process.stderr.isTTY || process.env.TERM === 'dumb' ? null : new SingleBar({
      format: 'epoch {epoch}/{epochs} [{bar}] {value}/{total} steps, loss {loss}',
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    }, Presets.shades_classic);
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
      process.stderr.write(`early stop: no improvement for ${this.config.patience} epochs; keeping epoch ${event.bestEpoch}\n`);
    }
  }

  stop(): void {
    if (this.bar?.isActive) this.bar.stop();
  }
}
