/**
 * Weight averaging in fit against PyTorch 1.13's and 2.x's torch.optim.swa_utils (test/fixtures/averaging):
 * a tiny float64 MLP with BatchNorm trained by SGD, averaged by SWA from epoch 3 (with and without SWALR) or
 * by an EMA after every step; the final model is the average with update_bn's recomputed statistics. Also:
 * a run resumed from a checkpoint in the middle of the averaging ends bit for bit where the whole run does,
 * and mistaken options are one-line errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { mlp } from '../../src/nn/models.js';
import type { Module } from '../../src/nn/module.js';
import { Random } from '../../src/tensor/random.js';
import { packCheckpoint, unpackCheckpoint } from '../../src/train/checkpoint.js';
import { fit, type FitOptions } from '../../src/train/fit.js';
import { snapshotTensors, weightLayout } from '../../src/train/snapshot.js';
import type { TrainingState } from '../../src/train/state.js';
import { encodeSafetensors } from '../../src/util/safetensors.js';
import { torchFixtures } from '../helpers/torchFixtures.js';
import { assertClose } from '../helpers/close.js';

interface Run {
  name: string;
  options: Partial<FitOptions>;
  initial: Record<string, number[]>;
  lrs: number[];
  count: number;
  averaged: Record<string, number[]>;
  last: Record<string, number[]>;
}

interface Fixture {
  batch: number;
  epochs: number;
  lr: number;
  momentum: number;
  x: number[];
  y: number[];
  runs: Run[];
}

const releases = torchFixtures<Fixture>('averaging/runs.json');
/** The data and training settings, which both releases' fixtures share. */
const fixture = releases[0].data;

const train: Dataset = {
  x: Float32Array.from(fixture.x),
  y: Float32Array.from(fixture.y),
  n: fixture.y.length,
  features: 2,
  task: 'regression',
  targets: 1,
};

function startingModel(run: Run): Module {
  const model = mlp({ inputs: 2, hidden: [4], outputs: 1, activation: 'tanh', batchNorm: true, dtype: 'float64' });
  for (const [name, tensor] of model.namedTensors()) tensor.data.set(run.initial[name]);
  return model;
}

function options(run: Run, extra: Partial<FitOptions> = {}): FitOptions {
  return {
    train,
    loss: 'mse',
    optimizer: { name: 'sgd', lr: fixture.lr, momentum: fixture.momentum },
    epochs: fixture.epochs,
    batchSize: fixture.batch,
    shuffle: false,
    random: new Random(0),
    ...run.options,
    ...extra,
  };
}

function tensors(model: Module): Record<string, number[]> {
  return Object.fromEntries(model.namedTensors().map(([name, t]) => [name, Array.from(t.data)]));
}

for (const { torch, data } of releases) {
  for (const run of data.runs) {
    test(`${run.name}: the final model is PyTorch ${torch}'s averaged model after update_bn (1e-12)`, () => {
      const model = startingModel(run);
      const result = fit(model, options(run));
      assert.deepEqual(result.averaged, { mode: run.options.emaDecay === undefined ? 'swa' : 'ema', count: run.count });
      assertClose(
        result.history.map((m) => m.lr),
        run.lrs,
        1e-15,
      );
      const final = tensors(model);
      assert.deepEqual(Object.keys(final), Object.keys(run.averaged));
      for (const [name, values] of Object.entries(run.averaged)) assertClose(final[name], values, 1e-12, 1e-15, name);
      // The live weights kept in the state are the last ones, not the average.
      for (const { name, offset, size } of weightLayout(model).entries) {
        const last = result.state.weights.subarray(offset, offset + size);
        assertClose(last, run.last[name], 1e-12, 1e-15, `last ${name}`);
      }
    });
  }
}

for (const run of fixture.runs) {
  test(`${run.name}: resumed from a checkpoint inside the averaging, the run ends bit for bit as the whole run`, () => {
    const whole = startingModel(run);
    const states: TrainingState[] = [];
    fit(whole, options(run, { checkpointEvery: 3, onCheckpoint: ({ state }) => states.push(state) }));
    // The checkpoint after step 21 (epoch 4 of 6: inside SWA's phase and deep into the EMA), through its files.
    const saved = states.find((s) => s.step === 21) as TrainingState;
    assert.ok(saved.averaging !== null);
    const files = packCheckpoint(whole, saved);
    const best = () => encodeSafetensors(snapshotTensors(weightLayout(whole), saved.best?.weights ?? saved.weights));
    const { state } = unpackCheckpoint(startingModel(run), { ...files, history: saved.history, best });
    const resumed = startingModel(run);
    resumed.namedTensors().forEach(([, t]) => t.data.fill(0.5));
    fit(resumed, options(run, { resume: state }));
    assert.deepEqual(tensors(resumed), tensors(whole));
  });
}

test('averaging options: one-line errors naming the option and its range', () => {
  const run = fixture.runs[0];
  const cases: [Partial<FitOptions>, RegExp][] = [
    [{ swaStart: 3, emaDecay: 0.9 }, /fit: swaStart and emaDecay are two ways to average the weights; give one/],
    [{ swaStart: undefined, swaLr: 0.1 }, /fit: swaLr needs swaStart/],
    [{ swaStart: 7 }, /fit: swaStart must be an integer in \[1, epochs = 6\] \(got 7\)/],
    [{ swaStart: 0 }, /fit: swaStart must be an integer >= 1 \(got 0\)/],
    [{ swaStart: undefined, emaDecay: 1 }, /fit: emaDecay must be in \[0, 1\) \(got 1\)/],
  ];
  for (const [extra, message] of cases) {
    assert.throws(() => fit(startingModel(run), { ...options(run), ...extra }), message);
  }
});
