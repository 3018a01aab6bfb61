/**
 * The settings of `downhill train` as data: defaults, specs written either way, every bad key or value
 * one InputError naming it; a resumed run takes its saved settings and refuses changes to the run
 * itself; --model specs build the models they name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { Random } from '../../src/tensor/random.js';
import { buildModel, parseModelSpec } from '../../src/train/modelSpec.js';
import { parseRunConfig, resumeConfig, savedConfig, trainSettings } from '../../src/train/runConfig.js';

const ISSUE = {
  dataset: 'fashion-mnist',
  model: 'mlp:256,128',
  activation: 'relu',
  optimizer: 'adam',
  lr: 1e-3,
  batchSize: 128,
  epochs: 5,
  seed: 1,
  out: 'runs/fmnist',
};

function expectError(raw: unknown, message: RegExp): void {
  assert.throws(
    () => parseRunConfig(raw),
    (e: unknown) => e instanceof InputError && message.test(e.message),
    String(message),
  );
}

test("the issue's run: its settings, the defaults for the rest, lr merged into the optimizer spec", () => {
  const config = parseRunConfig(ISSUE);
  assert.deepEqual(config.optimizer, { name: 'adam', lr: 1e-3 });
  assert.equal(config.validation, 0.1);
  assert.equal(config.shuffle, true);
  assert.equal(config.scheduleInterval, 'epoch');
  assert.equal(config.batchSize, 128);
  assert.equal(config.schedule, undefined);
});

test('specs as command-line text or as objects with PyTorch option names are the same', () => {
  const text = parseRunConfig({
    ...ISSUE,
    optimizer: 'adamw:weightDecay=0.1,betas=[0.9,0.99]',
    schedule: 'cosine:tMax=5',
  });
  const object = parseRunConfig({
    ...ISSUE,
    optimizer: { name: 'adamw', weight_decay: 0.1, betas: [0.9, 0.99] },
    schedule: { name: 'cosine', T_max: 5 },
  });
  assert.deepEqual(text.optimizer, object.optimizer);
  assert.deepEqual(text.schedule, object.schedule);
  assert.deepEqual(text.optimizer, { name: 'adamw', weightDecay: 0.1, betas: [0.9, 0.99], lr: 1e-3 });
});

test('clipGradNorm, and an optimizer chain whose named optimizer gets lr and camelCased options', () => {
  assert.equal(parseRunConfig({ ...ISSUE, clipGradNorm: 1 }).clipGradNorm, 1);
  const chained = parseRunConfig({
    ...ISSUE,
    optimizer: { chain: [{ clip_grad_value: 0.5 }, { name: 'adamw', weight_decay: 0.1 }] },
  });
  assert.deepEqual(chained.optimizer, {
    chain: [{ clip_grad_value: 0.5 }, { name: 'adamw', weightDecay: 0.1, lr: 1e-3 }],
  });
  const row = trainSettings.rows.optimizer;
  assert.deepEqual(
    row.parseText(row.format(chained.optimizer), '--optimizer'),
    chained.optimizer,
    'a chain round-trips through its text (flags, URLs)',
  );
  expectError({ ...ISSUE, clipGradNorm: -1 }, /^train: clipGradNorm must be >= 0 \(got -1\)$/);
  expectError(
    { ...ISSUE, optimizer: { chain: [{ clipGradNorms: 1 }, { name: 'adam' }] } },
    /^unknown gradient transform 'clipGradNorms'; valid: clipGradNorm, /,
  );
  expectError(
    { ...ISSUE, optimizer: { chain: [{ name: 'adam' }, { clipGradNorm: 1 }] } },
    /^optimizer chain must be \{"chain": \[transforms…, \{"name": optimizer, …options\}\]\}/,
  );
});

test('unknown keys, wrong types, out-of-range values and missing required keys are one-line InputErrors', () => {
  expectError({ ...ISSUE, learningRate: 1 }, /^train: unknown setting 'learningRate'; valid: dataset, data, target, /);
  // A config is data: keys that every object inherits are unknown settings, not silently ignored.
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    expectError(
      JSON.parse(`{"dataset": "spiral", "out": "x", "${key}": 1}`),
      new RegExp(`^train: unknown setting '${key}'`),
    );
  }
  expectError({ ...ISSUE, epochs: '5' }, /^train: epochs must be an integer >= 1 \(got "5"\)$/);
  expectError({ ...ISSUE, epochs: 0 }, /^train: epochs must be an integer >= 1 \(got 0\)$/);
  expectError(
    { ...ISSUE, validation: 1 },
    /^train: validation must be in \[0, 1\) \(0: no validation set\) \(got 1\)$/,
  );
  expectError({ ...ISSUE, batchNorm: 'yes' }, /^train: batchNorm must be true or false \(got "yes"\)$/);
  expectError(
    { ...ISSUE, scheduleInterval: 'batch' },
    /^train: scheduleInterval must be 'step' or 'epoch' \(got "batch"\)$/,
  );
  expectError(
    { ...ISSUE, optimizer: 42 },
    /^train: optimizer must be a spec like "name:key=value" or \{"name": …\} \(got 42\)$/,
  );
  expectError({ ...ISSUE, optimizer: 'adamm' }, /^unknown optimizer 'adamm'; valid: sgd, adam, /);
  expectError({ ...ISSUE, dataset: 'spirals' }, /^unknown dataset 'spirals'; valid: fashion-mnist, csv:FILE, circle, /);
  expectError(
    { ...ISSUE, dataset: 'fashion-mnist:n=3' },
    /^dataset 'fashion-mnist' takes no options \(got 'fashion-mnist:n=3'\)$/,
  );
  expectError(
    { ...ISSUE, dataset: 'spiral:classes=three' },
    /^dataset spiral: classes must be a number \(got "three"\)$/,
  );
  expectError({ ...ISSUE, features: 'x1,x3' }, /^unknown feature 'x3'; valid: x1, x2, x1Squared, /);
  expectError(
    { ...ISSUE, out: undefined },
    /^train: 'out' is required \(--out <dir>: where to write metrics, checkpoints and the summary\)$/,
  );
  expectError([1], /^train: the settings must be a JSON object \(got \[1\]\)$/);
});

test('a resumed run keeps the saved settings; only how long and where it reports may change', () => {
  const saved = savedConfig(parseRunConfig({ ...ISSUE, dropout: 0.2 }));
  assert.equal('out' in saved, false);
  const resumed = resumeConfig(saved, { out: 'runs/fmnist', resume: true, epochs: 8, quiet: true });
  assert.equal(resumed.epochs, 8);
  assert.equal(resumed.dropout, 0.2);
  assert.equal(resumed.quiet, true);
  assert.throws(
    () => resumeConfig(saved, { out: 'runs/fmnist', resume: true, lr: 0.1 }),
    /^InputError: --resume: optimizer is \{"name":"adam","lr":0.1\} here but \{"name":"adam","lr":0.001\} in the saved run; a resumed run keeps its settings/,
  );
  assert.throws(
    () => resumeConfig(saved, { out: 'runs/fmnist', batchSize: 64 }),
    /--resume: batchSize is 64 here but 128 in the saved run/,
  );
  assert.throws(() => resumeConfig(null, { out: 'x' }), /the checkpoint holds no run config to resume/);
});

test('--model specs: mlp widths, linear and logistic; anything else is an InputError', () => {
  assert.deepEqual(parseModelSpec('mlp:256,128'), { kind: 'mlp', hidden: [256, 128] });
  assert.deepEqual(parseModelSpec('linear'), { kind: 'linear' });
  assert.deepEqual(parseModelSpec('logistic'), { kind: 'logistic' });
  for (const bad of ['mlp', 'mlp:', 'mlp:0', 'mlp:3.5', 'mlp:4:4', 'cnn', 'linear:3']) {
    assert.throws(
      () => parseModelSpec(bad),
      /^InputError: model must be mlp:W1,W2,… \(hidden layer widths, integers >= 1\), linear or logistic/,
      bad,
    );
  }
  const shape = {
    inputs: 4,
    outputs: 3,
    task: 'classification' as const,
    activation: 'tanh',
    dropout: 0.5,
    batchNorm: true,
    random: new Random(1),
  };
  const model = buildModel(parseModelSpec('mlp:8'), shape);
  assert.deepEqual(
    model.namedParameters().map(([name, t]) => `${name}:${t.shape}`),
    ['0.weight:8,4', '0.bias:8', '1.weight:8', '1.bias:8', '4.weight:3,8', '4.bias:3'],
  );
  assert.deepEqual(
    buildModel(parseModelSpec('logistic'), { ...shape, dropout: 0, batchNorm: false })
      .namedParameters()
      .map(([n]) => n),
    ['0.weight', '0.bias'],
  );
  assert.throws(
    () => buildModel(parseModelSpec('linear'), shape),
    /model 'linear' has no hidden layers for dropout or batch norm/,
  );
  assert.throws(
    () => buildModel(parseModelSpec('logistic'), { ...shape, dropout: 0, batchNorm: false, task: 'regression' }),
    /model 'logistic' needs a classification task/,
  );
});
