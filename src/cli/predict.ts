/**
 * `downhill predict` and `downhill evaluate`: a model saved by `downhill train --out DIR` applied to a data
 * set. The run directory holds what rebuilds the model — its settings (in best.json or last.json), its
 * weights (best.safetensors, last.safetensors, or averaged.safetensors of a run that averages its weights;
 * `--init FILE` takes weights from elsewhere, such as a model trained by PyTorch with the same layout) and,
 * for a CSV run, the column preprocessing fitted on the training rows (preprocessor.json).
 *
 *   predict    one row per example: the predicted class (its name where the data names classes) with
 *              the probability of each class, or the predicted values (regression); CSV or JSON
 *   evaluate   the loss and accuracy as JSON, as `train` reports them
 *
 * Data whose columns are not the model's is refused, naming the first difference.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { noGrad } from '../autograd/grad.js';
import type { CsvPreprocessor } from '../data/csv.js';
import { parseCsvTable, transform } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { normalize } from '../data/fashionMnist.js';
import { withFeatureList } from '../data/features.js';
import { dataSourceOf, toyDatasetFromSpec } from '../data/sources.js';
import { InputError } from '../errors.js';
import type { Module } from '../nn/module.js';
import { loadWeights } from '../nn/weights.js';
import { Random } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { evaluate } from '../train/evaluate.js';
import { buildModel, parseModelSpec } from '../train/modelSpec.js';
import { parseRunConfig, type RunConfig } from '../train/runConfig.js';
import { decodeSafetensors } from '../util/safetensors.js';
import { loadFashionMnist } from './data.js';
import { readFileBytes, readJsonFile, writeFileAtomic } from './files.js';
import { PREPROCESSOR_FILE, readRunRecord, RUN_FILE } from './runDirectory.js';

/** Where a CSV run keeps its fitted column preprocessing, beside its checkpoints. */

interface ModelFlags {
  run: string;
  dataset?: string;
  data?: string;
  seed?: string;
  weights: string;
  init?: string;
  out?: string;
}

function modelCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .requiredOption('--run <dir>', 'the --out directory of `downhill train`')
    .option('--dataset <name>', "csv:FILE, fashion-mnist (its test set) or a toy set (default: the run's data set)")
    .option('--data <dir>', 'the Fashion-MNIST directory (default /usr/share/datasets/fashion-mnist)')
    .option('--seed <n>', 'a toy set: the seed it is drawn with (default 1, a set the run did not train on)')
    .addOption(
      new Option('--weights <which>', 'the checkpoint whose weights to use (averaged: the SWA or EMA final model)')
        .choices(['best', 'last', 'averaged'])
        .default('best'),
    )
    .option(
      '--init <file>',
      "weights from this .safetensors file instead of the run's (same layout, e.g. from PyTorch)",
    );
}

export function predictCommand(): Command {
  return modelCommand('predict', "a saved model's predictions on a data set, as CSV or JSON")
    .option('--out <file>', 'write the predictions here (.csv or .json) instead of CSV on stdout')
    .action((flags: ModelFlags) => {
      const { model, dataset } = loadModelAndData(flags);
      const rows = predictions(model, dataset);
      const json = flags.out?.toLowerCase().endsWith('.json') === true;
      const text = json ? `${JSON.stringify(rows, null, 1)}\n` : predictionsCsv(rows);
      if (flags.out === undefined) process.stdout.write(text);
      else writeFileAtomic(flags.out, text);
    });
}

export function evaluateCommand(): Command {
  return modelCommand('evaluate', "a saved model's loss and accuracy on a data set, as JSON")
    .option('--out <file>', 'write the metrics JSON here instead of stdout')
    .action((flags: ModelFlags) => {
      const { model, dataset, config } = loadModelAndData(flags);
      const metrics = {
        dataset: flags.dataset ?? config.dataset,
        examples: dataset.n,
        ...evaluate(model, dataset, config.loss === undefined ? {} : { loss: config.loss }),
      };
      const text = `${JSON.stringify(metrics, null, 2)}\n`;
      if (flags.out === undefined) process.stdout.write(text);
      else writeFileAtomic(flags.out, text);
    });
}

// ——— The saved model and the data ———

function loadModelAndData(flags: ModelFlags): { model: Module; dataset: Dataset; config: RunConfig } {
  const config = savedRunConfig(flags.run);
  const dataset = withFeatureList(loadDataset(flags, config), config.features);
  const weightsPath = flags.init ?? join(flags.run, `${flags.weights}.safetensors`);
  const weights = decodeSafetensors(readFileBytes(weightsPath), weightsPath);
  const first = weights.tensors.get('0.weight');
  if (first !== undefined && first.shape.length === 2 && first.shape[1] !== dataset.features) {
    throw new InputError(
      `${flags.dataset ?? config.dataset} has ${dataset.features} input features; the model takes ${first.shape[1]}`,
    );
  }
  const outputs =
    dataset.task === 'regression' ? (dataset.targets ?? 1) : config.loss === 'bce' ? 1 : (dataset.classes as number);
  const model = buildModel(parseModelSpec(config.model), {
    inputs: dataset.features,
    outputs,
    task: dataset.task,
    activation: config.activation,
    dropout: config.dropout,
    batchNorm: config.batchNorm,
    random: new Random(0),
  });
  try {
    loadWeights(model, weights);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(`${weightsPath}: ${error.message}`);
    throw error;
  }
  return { model, dataset, config };
}

/** The run's settings, from its run.json (src/cli/runDirectory.ts). */
function savedRunConfig(dir: string): RunConfig {
  if (!existsSync(join(dir, RUN_FILE)))
    throw new InputError(
      `--run ${dir}: no ${join(dir, RUN_FILE)}; pass the --out directory of a \`downhill train\` run`,
    );
  const { config } = readRunRecord(dir);
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new InputError(`${join(dir, RUN_FILE)} holds no run settings`);
  return parseRunConfig({ ...config, out: dir });
}

function loadDataset(flags: ModelFlags, config: RunConfig): Dataset {
  const name = flags.dataset ?? config.dataset;
  const source = dataSourceOf(name);
  if (source === 'csv') return loadCsvRows(name.slice('csv:'.length), flags.run);
  if (source === 'fashionMnist') return normalize(loadFashionMnist(flags.data ?? config.data).test);
  const seed = flags.seed === undefined ? 1 : Number(flags.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new InputError(`--seed must be an integer >= 0 (got '${flags.seed}')`);
  return toyDatasetFromSpec(name, new Random(seed));
}

/**
 * A CSV file preprocessed as the run's training rows were. Its input columns must be the run's, in order
 * (the first difference is named); the target column may be left out (predict), and is then a placeholder
 * the model never sees.
 */
function loadCsvRows(path: string, run: string): Dataset {
  const preprocessorPath = join(run, PREPROCESSOR_FILE);
  if (!existsSync(preprocessorPath))
    throw new InputError(
      `--run ${run}: no ${preprocessorPath}, so the run's CSV preprocessing is unknown (was it trained on a CSV file?)`,
    );
  const preprocessor = readJsonFile(preprocessorPath) as CsvPreprocessor;
  const table = parseCsvTable(new TextDecoder().decode(readFileBytes(path)), { source: path });
  const inputs = preprocessor.columns.map((c) => c.name);
  const given = table.columns.filter((c) => c !== preprocessor.target);
  const at = inputs.findIndex((name, i) => given[i] !== name);
  if (at >= 0 || given.length !== inputs.length) {
    const i = at >= 0 ? at : inputs.length;
    const found = i < given.length ? `'${given[i]}'` : 'nothing';
    const expected = i < inputs.length ? `'${inputs[i]}'` : 'no more columns';
    throw new InputError(
      `${path}: input column ${i + 1} is ${found} but the model was trained on ${expected} (its inputs: ${inputs.join(', ')})`,
    );
  }
  if (!table.columns.includes(preprocessor.target)) {
    const placeholder = preprocessor.task === 'classification' ? (preprocessor.classNames ?? ['0'])[0] : '0';
    table.columns.push(preprocessor.target);
    for (const row of table.rows) row.push(placeholder);
  }
  return transform(preprocessor, table);
}

// ——— Predictions ———

export interface Prediction {
  row: number;
  /** The predicted class's name (or index) for classification; the predicted value(s) for regression. */
  prediction: string | number | number[];
  /** Classification: each class's probability (softmax of the outputs; the sigmoid for one output). */
  probabilities?: Record<string, number>;
}

function predictions(model: Module, dataset: Dataset): Prediction[] {
  model.eval();
  const output = noGrad(() => model.forward(new Tensor(dataset.x, [dataset.n, dataset.features])));
  const width = output.size / dataset.n;
  const rows: Prediction[] = [];
  for (let r = 0; r < dataset.n; r++) {
    const values = Array.from(output.data.subarray(r * width, (r + 1) * width));
    if (dataset.task === 'regression') {
      rows.push({ row: r + 1, prediction: values.length === 1 ? values[0] : values });
      continue;
    }
    const p = width === 1 ? [1 - sigmoid(values[0]), sigmoid(values[0])] : softmax(values);
    const names = p.map((_, k) => dataset.classNames?.[k] ?? String(k));
    const best = p.indexOf(Math.max(...p));
    rows.push({
      row: r + 1,
      prediction: names[best],
      probabilities: Object.fromEntries(names.map((name, k) => [name, p[k]])),
    });
  }
  return rows;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** softmax(z)_k = e^(z_k − max z) / Σ_j e^(z_j − max z) (shifted by the maximum, so no exponential overflows). */
function softmax(z: number[]): number[] {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function predictionsCsv(rows: Prediction[]): string {
  const classes = rows[0]?.probabilities === undefined ? [] : Object.keys(rows[0].probabilities);
  const header = ['row', 'prediction', ...classes.map((c) => `p_${c}`)];
  const cell = (v: string | number | number[]): string =>
    Array.isArray(v)
      ? v.join(' ')
      : typeof v === 'string' && /[",\n]/.test(v)
        ? `"${v.replace(/"/g, '""')}"`
        : String(v);
  const lines = rows.map((r) =>
    [r.row, r.prediction, ...classes.map((c) => r.probabilities?.[c] ?? '')].map((v) => cell(v)).join(','),
  );
  return `${[header.join(','), ...lines].join('\n')}\n`;
}
