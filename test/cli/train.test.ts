/**
 * `downhill train` as a user runs it, on toy data and a small CSV (each run a fraction of a second of
 * training): the files it writes and what they hold; --config giving the same run as flags; --resume
 * continuing an interrupted run to the same bytes as an uninterrupted one; divergence (exit 3, the last
 * good checkpoint kept, no NaN anywhere); and every bad input — an unknown config key, a missing,
 * truncated or mismatched checkpoint — as one line on stderr with exit code 2.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeSafetensors } from '../../src/util/safetensors.js';
import type { CliResult } from '../helpers/cli.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const HOUSES = fileURLToPath(new URL('../../examples/houses.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'downhill-train-'));

/** runDownhill (test/helpers/cli.ts), but asynchronous, so that independent runs overlap. */
function downhill(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

const out = (name: string) => join(dir, name);
const read = (run: string, file: string) => readFileSync(join(out(run), file), 'utf8');
const metrics = (run: string) =>
  read(run, 'metrics.jsonl')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
const withoutSeconds = <T extends { seconds?: unknown; secondsPerEpoch?: unknown }>(o: T) => ({
  ...o,
  seconds: 0,
  secondsPerEpoch: 0,
});

/** Shuffling, dropout, batch norm, momentum and a per-step schedule: every kind of state a resume must restore. */
const SETTINGS = {
  dataset: 'spiral',
  model: 'mlp:16,16',
  dropout: 0.1,
  batchNorm: true,
  optimizer: 'sgd:momentum=0.9',
  lr: 0.05,
  schedule: 'cosine:tMax=40',
  scheduleInterval: 'step',
  batchSize: 16,
  seed: 3,
  validation: 0.2,
};
const FLAGS = [
  '--dataset',
  'spiral',
  '--model',
  'mlp:16,16',
  '--dropout',
  '0.1',
  '--batch-norm',
  '--optimizer',
  'sgd:momentum=0.9',
  '--lr',
  '0.05',
  '--schedule',
  'cosine:tMax=40',
  '--schedule-interval',
  'step',
  '--batch-size',
  '16',
  '--seed',
  '3',
  '--validation',
  '0.2',
];

function configFile(name: string, config: object): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** One line on stderr, exit code 2, nothing on stdout. */
function assertInputError(result: CliResult, message: RegExp): void {
  assert.equal(result.status, 2, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^downhill: [^\n]+\n$/);
  assert.match(result.stderr, message);
}

// The independent runs start together; each test awaits the ones it reads.
const full = downhill(['train', ...FLAGS, '--epochs', '3', '--out', out('full')]);
const firstEpoch = downhill([
  'train',
  '--config',
  configFile('run.json', { ...SETTINGS, epochs: 1, out: out('resumed') }),
]);
const csv = downhill([
  'train',
  '--dataset',
  `csv:${HOUSES}`,
  '--target',
  'price_high',
  '--test',
  HOUSES,
  '--model',
  'mlp:8',
  '--lr',
  '0.01',
  '--epochs',
  '40',
  '--patience',
  '2',
  '--quiet',
  '--out',
  out('csv'),
]);
const diverging = downhill([
  'train',
  '--dataset',
  'moons',
  '--model',
  'mlp:16',
  '--optimizer',
  'sgd',
  '--lr',
  '0.01',
  '--schedule',
  'exponential:gamma=1e6',
  '--epochs',
  '8',
  '--out',
  out('diverged'),
]);
const unknownKey = downhill([
  'train',
  '--config',
  configFile('typo.json', { ...SETTINGS, out: out('typo'), batch_size: 8 }),
]);
const nothingToResume = downhill(['train', '--resume', '--out', out('empty')]);
const threeClasses = downhill([
  'train',
  '--dataset',
  'gaussians:classes=3,n=90',
  '--features',
  'x1,x2,x1Squared,x1x2',
  '--loss',
  'mse',
  '--model',
  'mlp:5',
  '--epochs',
  '2',
  '--quiet',
  '--out',
  out('three'),
]);
const badToyOption = downhill(['train', '--dataset', 'circle:classes=3', '--out', out('bad-toy')]);
const clipFull = downhill([
  'train',
  ...FLAGS,
  '--clip-grad-norm',
  '0.1',
  '--epochs',
  '3',
  '--quiet',
  '--out',
  out('clip-full'),
]);
const clipFirst = downhill([
  'train',
  '--config',
  configFile('clip.json', { ...SETTINGS, clipGradNorm: 0.1, epochs: 1, quiet: true, out: out('clip-resumed') }),
]);
// Then the runs that read what those wrote.
const resumed = firstEpoch.then(() =>
  downhill(['train', '--resume', '--out', out('resumed'), '--epochs', '3', '--quiet']),
);
/** The committed generation's copy of `file` in a run directory. */
const generationFile = (run: string, file: string) =>
  join(out(run), 'checkpoints', String(JSON.parse(read(run, 'checkpoint.json')).generation), file);
const clipResumed = clipFirst.then(() =>
  downhill(['train', '--resume', '--out', out('clip-resumed'), '--epochs', '3', '--quiet']),
);
const clipChanged = clipResumed.then(() =>
  downhill(['train', '--resume', '--out', out('clip-resumed'), '--epochs', '4', '--clip-grad-norm', '0.2']),
);
const truncated = full.then(() => {
  cpSync(out('full'), out('truncated'), { recursive: true });
  truncateSync(generationFile('truncated', 'last.safetensors'), 500);
  return downhill(['train', '--resume', '--out', out('truncated'), '--epochs', '4']);
});
const mismatched = Promise.all([full, csv]).then(() => {
  cpSync(out('full'), out('mismatched'), { recursive: true });
  // The CSV run's weights beside the spiral run's state: another model's tensors.
  cpSync(join(out('csv'), 'last.safetensors'), generationFile('mismatched', 'last.safetensors'));
  return downhill(['train', '--resume', '--out', out('mismatched'), '--epochs', '4']);
});

test('train writes metrics.jsonl, best and last checkpoints and summary.json, and prints one line per epoch', async () => {
  const { status, stdout, stderr } = await full;
  assert.equal(status, 0, stderr);
  assert.deepEqual(readdirSync(out('full')).sort(), [
    'best.safetensors',
    'checkpoint.json',
    'checkpoints',
    'last.safetensors',
    'metrics.jsonl',
    'run.json',
    'summary.json',
  ]);
  assert.deepEqual(readdirSync(join(out('full'), 'checkpoints', '3')).sort(), [
    'best.safetensors',
    'last.safetensors',
    'state.safetensors',
  ]);
  assert.match(
    stderr,
    /^epoch 1\/3: train loss \d\.\d{3}\d*, accuracy 0\.\d{4}; validation loss [\d.e+-]+, accuracy 0\.\d{4}; lr [\d.e-]+; \d+\.\d s\nepoch 2\/3: .*\nepoch 3\/3: .*\n$/,
  );
  const lines = metrics('full');
  assert.deepEqual(
    lines.map((m) => m.epoch),
    [1, 2, 3],
  );
  for (const m of lines)
    assert.deepEqual(Object.keys(m), [
      'epoch',
      'step',
      'trainLoss',
      'trainAccuracy',
      'validationLoss',
      'validationAccuracy',
      'lr',
      'seconds',
    ]);
  const summary = JSON.parse(read('full', 'summary.json'));
  assert.equal(summary.stopped, 'completed');
  assert.equal(summary.epochs, 3);
  assert.equal(summary.steps, 3 * Math.ceil(160 / 16));
  assert.equal(summary.parameters, 2 * 16 + 16 + 32 + 16 * 16 + 16 + 32 + 16 * 2 + 2);
  const bestEpoch = lines.reduce((best, m) => (m.validationLoss < best.validationLoss ? m : best)).epoch;
  assert.equal(summary.bestEpoch, bestEpoch);
  assert.equal(summary.validation.loss, lines[bestEpoch - 1].validationLoss, 'the summary evaluates the best model');
  assert.ok(summary.train.accuracy > 0 && summary.train.accuracy <= 1);
  assert.match(
    stdout,
    /^trained 3 epochs \(best: epoch \d\), \d+\.\d s per epoch\ntrain loss .*\nvalidation loss .*\nwrote .*full\n$/,
  );
  // PyTorch's state_dict names and shapes, BatchNorm's running statistics included.
  const weights = decodeSafetensors(readFileSync(join(out('full'), 'best.safetensors')));
  assert.deepEqual([...weights.tensors.keys()].sort(), [
    '0.bias',
    '0.weight',
    '1.bias',
    '1.running_mean',
    '1.running_var',
    '1.weight',
    '4.bias',
    '4.weight',
    '5.bias',
    '5.running_mean',
    '5.running_var',
    '5.weight',
    '8.bias',
    '8.weight',
  ]);
  assert.deepEqual(weights.tensors.get('0.weight')?.shape, [16, 2]);
});

test('--config run for 1 epoch, then --resume to 3, gives the bytes of the uninterrupted run from flags', async () => {
  const first = await firstEpoch;
  assert.equal(first.status, 0, first.stderr);
  assert.equal(metrics('resumed').length, 1);
  const { status, stderr } = await resumed;
  assert.equal(status, 0, stderr);
  assert.equal(stderr, '');
  await full;
  for (const file of ['last.safetensors', 'best.safetensors']) {
    assert.deepEqual(readFileSync(join(out('resumed'), file)), readFileSync(join(out('full'), file)), file);
  }
  assert.deepEqual(metrics('resumed').map(withoutSeconds), metrics('full').map(withoutSeconds));
  assert.deepEqual(
    withoutSeconds(JSON.parse(read('resumed', 'summary.json'))),
    withoutSeconds(JSON.parse(read('full', 'summary.json'))),
  );
});

test('--clip-grad-norm 0.1 changes the run; "clipGradNorm": 0.1 for 1 epoch, then --resume to 3, gives its bytes; another value is refused', async () => {
  for (const run of [await clipFull, await clipFirst, await clipResumed]) assert.equal(run.status, 0, run.stderr);
  await full;
  assert.notDeepEqual(
    readFileSync(join(out('clip-full'), 'last.safetensors')),
    readFileSync(join(out('full'), 'last.safetensors')),
  );
  for (const file of ['last.safetensors', 'best.safetensors']) {
    assert.deepEqual(readFileSync(join(out('clip-resumed'), file)), readFileSync(join(out('clip-full'), file)), file);
  }
  assert.deepEqual(metrics('clip-resumed').map(withoutSeconds), metrics('clip-full').map(withoutSeconds));
  assertInputError(await clipChanged, /^downhill: --resume: clipGradNorm is 0\.2 here but 0\.1 in the saved run; /);
});

test('a CSV dataset with a test file and early stopping reports test metrics', async () => {
  const { status, stdout, stderr } = await csv;
  assert.equal(status, 0, stderr);
  assert.equal(stderr, '', '--quiet');
  const summary = JSON.parse(read('csv', 'summary.json'));
  assert.equal(summary.stopped, 'early-stop');
  assert.ok(summary.epochs < 40);
  assert.ok(summary.test.accuracy > 0.8, `test accuracy ${summary.test.accuracy}`);
  assert.match(
    stdout,
    /^stopped early after \d+ epochs \(best: epoch \d+\), .*\ntrain loss .*\nvalidation loss .*\ntest loss [\d.]+, accuracy 0\.\d{4}\nwrote /,
  );
});

test('divergence exits 3 with the reason and step, keeps the last good checkpoint, and prints no NaN', async () => {
  const { status, stdout, stderr } = await diverging;
  assert.equal(status, 3, stderr);
  assert.match(
    stderr,
    /downhill: training diverged: the (training loss at epoch \d+, step \d+|validation loss after epoch \d+ \(step \d+\)) is not a finite number .*with learning rate [\d.e+]+: the weights diverged; try a smaller learning rate; kept the last good checkpoint \(epoch (\d+)\) in /,
  );
  const summary = JSON.parse(read('diverged', 'summary.json'));
  assert.equal(summary.stopped, 'diverged');
  assert.ok(summary.diverged.step >= 1);
  const last = JSON.parse(read('diverged', 'checkpoint.json'));
  assert.equal(last.epoch, summary.epochs, 'the checkpoint is the last completed epoch');
  assert.equal(metrics('diverged').length, summary.epochs);
  const weights = decodeSafetensors(readFileSync(join(out('diverged'), 'last.safetensors')));
  for (const t of weights.tensors.values()) assert.ok(t.data.every(Number.isFinite));
  for (const text of [
    stdout,
    stderr,
    read('diverged', 'summary.json'),
    read('diverged', 'metrics.jsonl'),
    read('diverged', 'checkpoint.json'),
  ]) {
    assert.doesNotMatch(text, /NaN|Infinity/);
  }
});

test('an unknown config key and a resume without a checkpoint are one-line errors (exit 2)', async () => {
  assertInputError(await unknownKey, /^downhill: train: unknown setting 'batch_size'; valid: dataset, data, /);
  assertInputError(await nothingToResume, /^downhill: no run to resume in .*empty: the directory does not exist\n$/);
});

test('a toy set with options, computed features and the squared loss on classes: 4 inputs, 3 outputs, accuracy reported', async () => {
  const { status, stderr } = await threeClasses;
  assert.equal(status, 0, stderr);
  const weights = decodeSafetensors(readFileSync(join(out('three'), 'last.safetensors')));
  assert.deepEqual(weights.tensors.get('0.weight')?.shape, [5, 4]);
  assert.deepEqual(weights.tensors.get('2.weight')?.shape, [3, 5]);
  const [first] = metrics('three');
  assert.ok(first.trainAccuracy >= 0 && first.validationAccuracy >= 0, JSON.stringify(first));
  assertInputError(
    await badToyOption,
    /^downhill: dataset circle: unknown option 'classes'; valid options: n, noise\n$/,
  );
});

test('a truncated or mismatched checkpoint is a one-line error (exit 2)', async () => {
  assertInputError(
    await truncated,
    /^downhill: .*truncated[\\/]checkpoints[\\/]3[\\/]last\.safetensors does not match its checksum in .*checkpoint\.json \(edited or corrupted\)\n$/,
  );
  assertInputError(
    await mismatched,
    /^downhill: .*mismatched[\\/]checkpoints[\\/]3[\\/]last\.safetensors does not match its checksum in /,
  );
});
