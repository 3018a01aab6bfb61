/**
 * fit end to end on toy data: it learns; a run interrupted (at an epoch boundary or in the middle of an
 * epoch) and resumed equals the uninterrupted run bit for bit, with shuffling, dropout, batch norm and a
 * per-step schedule on; early stopping returns the best epoch's model; a learning rate that is far too
 * large ends in a clear divergence, with finite weights; bad options are one-line InputErrors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainValidationSplit, type Dataset } from '../../src/data/dataset.js';
import { toyDataset } from '../../src/data/toy.js';
import { InputError } from '../../src/errors.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/models.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Dropout } from '../../src/nn/dropout.js';
import { ReLU } from '../../src/nn/activations.js';
import { Random } from '../../src/tensor/random.js';
import { packCheckpoint, unpackCheckpoint } from '../../src/train/checkpoint.js';
import { evaluate } from '../../src/train/evaluate.js';
import { encodeSafetensors } from '../../src/util/safetensors.js';
import { snapshotTensors, weightLayout } from '../../src/train/snapshot.js';
import { fit, type FitEvent, type FitOptions, type FitScheduleSpec } from '../../src/train/fit.js';
import { optimizerNames } from '../../src/optim/registry.js';
import { scheduleNames } from '../../src/schedules/registry.js';
import type { EpochMetrics, TrainingState } from '../../src/train/state.js';
import type { Module } from '../../src/nn/module.js';

function moons(n: number, seed: number, noise = 0.2): { train: Dataset; validation: Dataset } {
  const random = new Random(seed);
  return trainValidationSplit(toyDataset('moons', { random, n, noise }), 0.25, random);
}

/** Every value of every tensor, parameters and buffers, as raw bits. */
function weightBits(model: Module): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, t] of [...model.namedParameters(), ...model.namedBuffers()])
    out[name] = Array.from(new Uint32Array(Float32Array.from(t.data).buffer));
  return out;
}

/** The metrics without the wall-clock seconds, which no two runs share. */
function withoutSeconds(history: EpochMetrics[]): Omit<EpochMetrics, 'seconds'>[] {
  return history.map(({ seconds: _seconds, ...rest }) => rest);
}

test('fit learns the two moons: accuracy ≥ 0.95, one event per step and per epoch', () => {
  const { train, validation } = moons(400, 1, 0.1);
  const random = new Random(2);
  const model = mlp({ inputs: 2, hidden: [32, 32], outputs: 2, random });
  const events: FitEvent[] = [];
  const result = fit(model, {
    train,
    validation,
    optimizer: { name: 'adam', lr: 0.01 },
    epochs: 30,
    batchSize: 32,
    random,
    onEvent: (e) => events.push(e),
  });
  assert.equal(result.stopped, 'completed');
  assert.equal(result.epochsRun, 30);
  const stepsPerEpoch = Math.ceil(train.n / 32);
  assert.equal(result.steps, 30 * stepsPerEpoch);
  assert.equal(events.filter((e) => e.type === 'step').length, 30 * stepsPerEpoch);
  assert.equal(events.filter((e) => e.type === 'epoch').length, 30);
  const last = result.history[29];
  assert.ok(
    last.trainLoss < result.history[0].trainLoss / 3,
    `train loss ${result.history[0].trainLoss} → ${last.trainLoss}`,
  );
  assert.ok((last.validationAccuracy ?? 0) >= 0.95, `validation accuracy ${last.validationAccuracy}`);
  // The returned model is the best epoch's: its validation loss is the lowest of the history.
  const lowest = Math.min(...result.history.map((m) => m.validationLoss ?? Infinity));
  assert.equal(result.best?.loss, lowest);
  assert.equal(evaluate(model, validation).loss, lowest);
});

/** A run with every source of randomness and state on: shuffling, dropout, batch norm, momentum, a per-step schedule. */
function resumableRun(seed: number, overrides: Partial<FitOptions> = {}): { model: Module; options: FitOptions } {
  const { train, validation } = moons(150, 3);
  const random = new Random(seed);
  const model = mlp({ inputs: 2, hidden: [16, 16], outputs: 2, dropout: 0.2, batchNorm: true, random });
  const options: FitOptions = {
    train,
    validation,
    random,
    optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9, nesterov: true },
    schedule: { name: 'cosine', tMax: 40, interval: 'step' },
    epochs: 3,
    batchSize: 16,
    l2: 1e-4,
    ...overrides,
  };
  return { model, options };
}

/** A state as it comes back from disk: packed into its .safetensors files (and the best weights' file) and read back. */
function throughFiles(model: Module, state: TrainingState): TrainingState {
  const files = packCheckpoint(model, state);
  const best = () => encodeSafetensors(snapshotTensors(weightLayout(model), state.best?.weights ?? state.weights));
  return unpackCheckpoint(model, { ...files, best, history: state.history }).state;
}

test('resume after epoch 1 equals the uninterrupted 3-epoch run bit for bit (weights, buffers, metrics)', () => {
  const whole = resumableRun(7);
  const uninterrupted = fit(whole.model, whole.options);

  const first = resumableRun(7);
  const partial = fit(first.model, { ...first.options, epochs: 1 });
  assert.equal(partial.epochsRun, 1);
  // A fresh process: a new model (other initial weights) and a Random in another state; the state fixes both.
  const second = resumableRun(99);
  const resumed = fit(second.model, { ...second.options, resume: throughFiles(first.model, partial.state) });

  assert.equal(resumed.epochsRun, 3);
  assert.equal(resumed.steps, uninterrupted.steps);
  assert.deepEqual(withoutSeconds(resumed.history), withoutSeconds(uninterrupted.history));
  assert.deepEqual(weightBits(second.model), weightBits(whole.model));
  assert.deepEqual(resumed.best, uninterrupted.best);
  assert.deepEqual(Array.from(resumed.state.weights), Array.from(uninterrupted.state.weights));
  assert.deepEqual(resumed.state.randoms, uninterrupted.state.randoms);
  assert.deepEqual(resumed.state.optimizer, uninterrupted.state.optimizer);
});

test('resume from a checkpoint in the middle of an epoch equals the uninterrupted run too', () => {
  const whole = resumableRun(11);
  const states: TrainingState[] = [];
  const uninterrupted = fit(whole.model, {
    ...whole.options,
    checkpointEvery: 5,
    onCheckpoint: (c) => c.kind === 'step' && states.push(c.state),
  });
  const midEpoch = states.find((s) => s.epoch === 1 && s.partial !== null);
  assert.ok(midEpoch !== undefined && midEpoch.loader.position > 0, 'a state saved inside epoch 2');

  const again = resumableRun(12);
  const resumed = fit(again.model, { ...again.options, resume: throughFiles(again.model, midEpoch) });
  assert.deepEqual(withoutSeconds(resumed.history), withoutSeconds(uninterrupted.history));
  assert.deepEqual(weightBits(again.model), weightBits(whole.model));
});

test("resume is exact when the model's Dropout draws from a Random of its own", () => {
  const build = (seed: number) => {
    const layerRandom = new Random(seed + 1);
    const model = new Sequential(
      new Linear(2, 16, { random: layerRandom }),
      new ReLU(),
      new Dropout(0.3, layerRandom),
      new Linear(16, 2, { random: layerRandom }),
    );
    return { model, random: new Random(seed) };
  };
  const { train, validation } = moons(120, 4);
  const base = { train, validation, optimizer: { name: 'adam', lr: 0.01 }, epochs: 4, batchSize: 10 };
  const a = build(5);
  const uninterrupted = fit(a.model, { ...base, random: a.random });
  const b = build(5);
  const half = fit(b.model, { ...base, random: b.random, epochs: 2 });
  assert.equal(half.state.randoms.length, 2, "fit's Random and the Dropout's");
  const c = build(50);
  const resumed = fit(c.model, { ...base, random: c.random, resume: throughFiles(b.model, half.state) });
  assert.deepEqual(withoutSeconds(resumed.history), withoutSeconds(uninterrupted.history));
  assert.deepEqual(weightBits(c.model), weightBits(a.model));
});

test('resuming with other settings is an InputError naming the setting', () => {
  const first = resumableRun(7);
  const partial = fit(first.model, { ...first.options, epochs: 1 });
  const again = resumableRun(7);
  assert.throws(
    () => fit(again.model, { ...again.options, batchSize: 32, resume: partial.state }),
    /resume: the state was saved with batchSize 16; this run has 32/,
  );
  const other = resumableRun(7);
  assert.throws(
    () => fit(other.model, { ...other.options, schedule: undefined, resume: partial.state }),
    /the state was saved with schedule "cosine"; this run has null/,
  );
});

test('with clipGradNorm, resume after epoch 1 equals the uninterrupted run bit for bit; another clipping is an InputError', () => {
  const clip = { clipGradNorm: 0.05 };
  const whole = resumableRun(7, clip);
  const uninterrupted = fit(whole.model, whole.options);
  const unclipped = resumableRun(7);
  fit(unclipped.model, unclipped.options);
  assert.notDeepEqual(weightBits(unclipped.model), weightBits(whole.model), 'clipping to 0.05 changes the run');

  const first = resumableRun(7, clip);
  const partial = fit(first.model, { ...first.options, epochs: 1 });
  const second = resumableRun(99, clip);
  const resumed = fit(second.model, { ...second.options, resume: throughFiles(first.model, partial.state) });
  assert.deepEqual(withoutSeconds(resumed.history), withoutSeconds(uninterrupted.history));
  assert.deepEqual(weightBits(second.model), weightBits(whole.model));
  assert.deepEqual(resumed.state.optimizer, uninterrupted.state.optimizer);

  const saved = '{"clipGradNorm":{"maxNorm":0.05,"normType":2}} → sgd';
  const other = resumableRun(7, { clipGradNorm: 0.1 });
  assert.throws(() => fit(other.model, { ...other.options, resume: partial.state }), {
    message: `resume: the state was saved with optimizer ${JSON.stringify(saved)}; this run has ${JSON.stringify(saved.replace('0.05', '0.1'))}`,
  });
  const none = resumableRun(7);
  assert.throws(
    () => fit(none.model, { ...none.options, resume: partial.state }),
    /the state was saved with optimizer .*clipGradNorm.*; this run has "sgd"$/,
  );
});

test("early stopping on an over-fitting model stops early and returns the best epoch's model", () => {
  // 40 noisy points, 2 × 128 hidden units, a large learning rate: the validation loss turns up quickly.
  const { train, validation } = moons(40, 5, 0.45);
  const random = new Random(6);
  const model = mlp({ inputs: 2, hidden: [128, 128], outputs: 2, random });
  const events: FitEvent[] = [];
  const result = fit(model, {
    train,
    validation,
    random,
    optimizer: { name: 'adam', lr: 0.02 },
    epochs: 300,
    batchSize: 8,
    earlyStopping: { patience: 5 },
    onEvent: (e) => events.push(e),
  });
  assert.equal(result.stopped, 'early-stop');
  assert.ok(result.epochsRun < 300, `ran ${result.epochsRun} epochs`);
  const losses = result.history.map((m) => m.validationLoss as number);
  const bestEpoch = losses.indexOf(Math.min(...losses)) + 1;
  assert.equal(result.best?.epoch, bestEpoch);
  assert.equal(result.epochsRun, bestEpoch + 5, 'stops after `patience` epochs without improvement');
  assert.ok(losses[result.epochsRun - 1] > losses[bestEpoch - 1]);
  assert.equal(evaluate(model, validation).loss, losses[bestEpoch - 1], "the model has the best epoch's weights");
  assert.deepEqual(events.at(-1), {
    type: 'early-stop',
    epoch: result.epochsRun,
    bestEpoch,
    bestLoss: losses[bestEpoch - 1],
  });
  // minDelta: an improvement must exceed it, so a huge minDelta stops after epoch 1 + patience.
  const strict = fit(mlp({ inputs: 2, hidden: [8], outputs: 2, random: new Random(1) }), {
    train,
    validation,
    random: new Random(1),
    optimizer: 'adam',
    epochs: 50,
    batchSize: 8,
    earlyStopping: { patience: 2, minDelta: 100 },
  });
  assert.equal(strict.epochsRun, 3);
  assert.equal(strict.best?.epoch, 1);
});

test('a far too large learning rate diverges: a clear reason and step, finite weights, no checkpoint after it', () => {
  const { train, validation } = moons(100, 8);
  const random = new Random(9);
  const model = mlp({ inputs: 2, hidden: [32], outputs: 2, random });
  const checkpoints: number[] = [];
  const events: FitEvent[] = [];
  const result = fit(model, {
    train,
    validation,
    random,
    optimizer: { name: 'sgd', lr: 1e30 },
    epochs: 5,
    batchSize: 10,
    onCheckpoint: (c) => checkpoints.push(c.state.step),
    onEvent: (e) => events.push(e),
  });
  assert.equal(result.stopped, 'diverged');
  const diverged = result.diverged;
  assert.ok(diverged !== undefined);
  assert.match(
    diverged.reason,
    /^the training loss at epoch 1, step \d+ is not a finite number .* with learning rate 1e\+30: the weights diverged; try a smaller learning rate$/,
  );
  assert.doesNotMatch(diverged.reason, /NaN/);
  assert.ok(diverged.step >= 2 && diverged.step <= 10, `step ${diverged.step}`);
  assert.deepEqual(events.at(-1), { type: 'diverged', ...diverged });
  assert.deepEqual(checkpoints, [], 'no epoch finished, so nothing was saved');
  assert.equal(result.state.step, 0, 'the last good state is the initial one');
  for (const p of model.parameters()) assert.ok(p.data.every(Number.isFinite));
  assert.ok(Number.isFinite(evaluate(model, validation).loss));
  assert.doesNotMatch(JSON.stringify(result.history), /NaN|null/);
});

test('divergence after good epochs keeps the best model and the last good state', () => {
  const { train, validation } = moons(100, 8);
  const random = new Random(9);
  const model = mlp({ inputs: 2, hidden: [32], outputs: 2, random });
  // Exponential growth of the lr by 1e4 per epoch: fine for 2 epochs, then it blows up.
  const result = fit(model, {
    train,
    validation,
    random,
    optimizer: { name: 'sgd', lr: 0.01 },
    schedule: { name: 'exponential', gamma: 1e4 },
    epochs: 10,
    batchSize: 10,
  });
  assert.equal(result.stopped, 'diverged');
  assert.ok(result.epochsRun >= 1 && result.epochsRun < 10);
  assert.equal(result.state.epoch, result.epochsRun);
  assert.equal(evaluate(model, validation).loss, result.best?.loss);
});

test('reduceOnPlateau steps per epoch on the validation loss; onecycle gets the run length', () => {
  const { train, validation } = moons(60, 10);
  const random = new Random(1);
  const lrs: number[] = [];
  fit(mlp({ inputs: 2, hidden: [4], outputs: 2, random }), {
    train,
    validation,
    random,
    optimizer: { name: 'sgd', lr: 1e-3 },
    epochs: 6,
    batchSize: 60,
    schedule: { name: 'reduceOnPlateau', patience: 0, factor: 0.5, threshold: 0.5 },
    onEvent: (e) => e.type === 'epoch' && lrs.push(e.lr),
  });
  // One small step per epoch cannot halve the loss (threshold 0.5), so every epoch after the first is bad.
  assert.deepEqual(lrs, [1e-3, 1e-3, 5e-4, 2.5e-4, 1.25e-4, 6.25e-5]);
  const steps: number[] = [];
  fit(mlp({ inputs: 2, hidden: [4], outputs: 2, random }), {
    train,
    random,
    optimizer: { name: 'sgd', lr: 0.1, momentum: 0.9 },
    epochs: 3,
    batchSize: 16,
    schedule: { name: 'onecycle', maxLr: 0.1, interval: 'step' },
    onEvent: (e) => e.type === 'epoch' && steps.push(e.step),
  });
  assert.deepEqual(steps, [3, 6, 9]);
  assert.throws(
    () =>
      fit(mlp({ inputs: 2, hidden: [4], outputs: 2 }), {
        train,
        random,
        optimizer: 'adam',
        epochs: 1,
        batchSize: 8,
        schedule: { name: 'reduceOnPlateau', interval: 'step' },
      }),
    /reduceOnPlateau watches the validation loss once per epoch/,
  );
});

test('L-BFGS (which re-evaluates the loss) trains through the same closure; regression uses mse', () => {
  const random = new Random(3);
  const data = toyDataset('noisyLine', { random, n: 50, noise: 0.01, slope: 2, intercept: -1 });
  const model = new Sequential(new Linear(1, 1, { random }));
  const result = fit(model, {
    train: data,
    random,
    optimizer: { name: 'lbfgs', lr: 1 },
    epochs: 3,
    batchSize: 50,
    shuffle: false,
  });
  assert.ok(result.history[2].trainLoss < 2e-4, `loss ${result.history[2].trainLoss}`);
  assert.equal(result.history[0].trainAccuracy, undefined);
  const [weight, bias] = model.parameters();
  assert.ok(
    Math.abs(weight.data[0] - 2) < 0.02 && Math.abs(bias.data[0] + 1) < 0.02,
    `w ${weight.data[0]}, b ${bias.data[0]}`,
  );
});

test('an L2 penalty λ on the weights is SGD weight decay 2λ (a model without biases)', () => {
  const { train } = moons(64, 12);
  const run = (l2: number, weightDecay: number) => {
    const random = new Random(4);
    const model = new Sequential(
      new Linear(2, 8, { bias: false, random }),
      new ReLU(),
      new Linear(8, 2, { bias: false, random }),
    );
    fit(model, { train, random, optimizer: { name: 'sgd', lr: 0.1, weightDecay }, l2, epochs: 2, batchSize: 16 });
    return model.parameters().flatMap((p) => Array.from(p.data));
  };
  const penalty = run(0.05, 0);
  const decay = run(0, 0.1);
  const plain = run(0, 0);
  penalty.forEach((v, i) => assert.ok(Math.abs(v - decay[i]) < 1e-5, `${v} vs ${decay[i]}`));
  assert.ok(
    penalty.some((v, i) => Math.abs(v - plain[i]) > 1e-3),
    'the penalty changes the weights',
  );
});

test('binary cross-entropy trains a one-logit model on two classes', () => {
  const { train, validation } = moons(200, 13, 0.1);
  const random = new Random(5);
  const model = mlp({ inputs: 2, hidden: [16], outputs: 1, random });
  const result = fit(model, {
    train,
    validation,
    random,
    loss: 'bce',
    optimizer: { name: 'adam', lr: 0.02 },
    epochs: 20,
    batchSize: 20,
  });
  assert.ok((result.history[19].validationAccuracy ?? 0) > 0.85, `accuracy ${result.history[19].validationAccuracy}`);
});

test('bad options are InputErrors that name the option', () => {
  const { train } = moons(20, 1);
  const model = mlp({ inputs: 2, hidden: [2], outputs: 2 });
  const base: FitOptions = { train, optimizer: 'adam', epochs: 1, batchSize: 4, random: new Random(0) };
  const cases: [Partial<FitOptions> & Record<string, unknown>, RegExp][] = [
    [{ epochs: 0 }, /^fit: epochs must be an integer >= 1 \(got 0\)$/],
    [{ batchSize: 2.5 }, /^fit: batchSize must be an integer >= 1 \(got 2.5\)$/],
    [{ learningRate: 1 }, /^fit: unknown option 'learningRate'; valid: train, /],
    [{ loss: 'hinge' as never }, /^fit: loss must be one of 'crossEntropy', 'mse', 'bce' \(got "hinge"\)$/],
    [{ l2: -1 }, /^fit: l2 must be >= 0 \(got -1\)$/],
    [{ earlyStopping: { patience: -1 } }, /^fit: earlyStopping.patience must be an integer >= 0 \(got -1\)$/],
    [{ random: undefined }, /^fit: 'random' is required \(the source of every random choice\)$/],
    [{ random: Math.random as never }, /^fit: random must be a Random \(src\/tensor\/random.ts\)/],
    [{ optimizer: { name: 'adam', lr: -1 } }, /^adam: lr must be >= 0 \(got -1\)$/],
    [
      { schedule: { name: 'cosine', tMax: 5, interval: 'batch' as never } },
      /^fit: schedule.interval must be 'step' or 'epoch' \(got "batch"\)$/,
    ],
  ];
  for (const [override, message] of cases) {
    assert.throws(
      () => fit(model, { ...base, ...override }),
      (error: unknown) => error instanceof InputError && message.test(error.message),
      JSON.stringify(override),
    );
  }
});

test('every optimizer (but Newton, which needs a full Hessian) and every schedule trains and resumes', () => {
  const { train, validation } = moons(48, 14);
  const tiny = () => mlp({ inputs: 2, hidden: [4], outputs: 2, random: new Random(1) });
  for (const name of optimizerNames.filter((n) => n !== 'newton')) {
    const result = fit(tiny(), {
      train,
      validation,
      random: new Random(2),
      optimizer: { name, lr: name === 'lbfgs' ? 0.5 : 0.01 },
      epochs: 2,
      batchSize: 16,
    });
    assert.equal(result.stopped, 'completed', name);
    assert.ok(
      result.history.every((m) => Number.isFinite(m.trainLoss) && Number.isFinite(m.validationLoss)),
      name,
    );
  }
  assert.throws(
    () => fit(tiny(), { train, random: new Random(2), optimizer: 'newton', epochs: 1, batchSize: 16 }),
    /newton: step needs a closure with a hessian\(\) method/,
  );
  const schedules: FitScheduleSpec[] = [
    { name: 'step', stepSize: 1 },
    { name: 'multistep', milestones: [1] },
    { name: 'lambda', lrLambda: '0.9^epoch' },
    { name: 'multiplicative', lrLambda: '0.95' },
    { name: 'exponential', gamma: 0.9 },
    { name: 'cosine', tMax: 3 },
    { name: 'cosineWarmRestarts', t0: 2 },
    { name: 'onecycle', maxLr: 0.1, totalSteps: 3 },
    { name: 'cyclic', baseLr: 0.001, maxLr: 0.1, interval: 'step' },
    { name: 'linear' },
    { name: 'constant' },
    { name: 'polynomial', totalIters: 3 },
    { name: 'sequential', schedules: [{ name: 'constant' }, { name: 'exponential', gamma: 0.5 }], milestones: [1] },
    { name: 'chained', schedules: [{ name: 'constant' }, { name: 'exponential', gamma: 0.5 }] },
    { name: 'warmup', steps: 2, then: { name: 'exponential', gamma: 0.5 } },
    { name: 'swalr', swaLr: 0.01, annealEpochs: 2 },
    { name: 'reduceOnPlateau' },
  ];
  assert.deepEqual(
    schedules.map((s) => s.name),
    scheduleNames,
  );
  for (const schedule of schedules) {
    const base = { train, validation, optimizer: { name: 'sgd', lr: 0.05, momentum: 0.9 }, schedule, batchSize: 16 };
    const whole = fit(tiny(), { ...base, random: new Random(3), epochs: 3 });
    const first = fit(tiny(), { ...base, random: new Random(3), epochs: 1 });
    const resumed = fit(tiny(), { ...base, random: new Random(3), epochs: 3, resume: first.state });
    assert.deepEqual(withoutSeconds(resumed.history), withoutSeconds(whole.history), schedule.name);
  }
});
