/**
 * fit and evaluate reuse their tensor storage (src/tensor/storagePool.ts):
 * - steady state: once a batch shape has been seen, a training step creates no typed array through
 *   allocate (storageStats counts them), for an MLP with ReLU and for one with BatchNorm1d + Dropout +
 *   L1 + L2 + SGD momentum; evaluate's batches after the first create none either;
 * - nothing escapes a step: fit with reuse and with reuse off (withoutStorageReuse: every request a new
 *   array) gives bit for bit the same weights, buffers and metrics, in float32 and float64, and with
 *   L-BFGS, whose closure runs several times per step; and fit called inside a storage scope of the
 *   caller's keeps its parameter store and snapshots out of that scope.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainValidationSplit, type Dataset } from '../../src/data/dataset.js';
import { toyDataset } from '../../src/data/toy.js';
import { mlp } from '../../src/nn/models.js';
import type { Module } from '../../src/nn/module.js';
import { Random } from '../../src/tensor/random.js';
import { allocate, storageStats } from '../../src/tensor/storage.js';
import { StoragePool, withoutStorageReuse } from '../../src/tensor/storagePool.js';
import type { DType } from '../../src/tensor/tensor.js';
import { evaluate } from '../../src/train/evaluate.js';
import { fit, type FitEvent, type FitOptions, type FitResult } from '../../src/train/fit.js';

/** 150 two-moons examples, 112 of them for training: in batches of 15, seven full ones and a last one of 7. */
function moons(seed: number): { train: Dataset; validation: Dataset } {
  const random = new Random(seed);
  return trainValidationSplit(toyDataset('moons', { random, n: 150, noise: 0.2 }), 0.25, random);
}

type Config = (dtype: DType) => { model: Module; options: FitOptions };

const plainRelu: Config = (dtype) => {
  const { train, validation } = moons(1);
  const random = new Random(2);
  const model = mlp({ inputs: 2, hidden: [16, 16], outputs: 2, activation: 'relu', dtype, random });
  return {
    model,
    options: { train, validation, random, optimizer: { name: 'adam', lr: 0.01 }, epochs: 4, batchSize: 15 },
  };
};

const regularized: Config = (dtype) => {
  const { train, validation } = moons(3);
  const random = new Random(4);
  const model = mlp({ inputs: 2, hidden: [16, 16], outputs: 2, dropout: 0.2, batchNorm: true, dtype, random });
  const optimizer = { name: 'sgd', lr: 0.05, momentum: 0.9 };
  return { model, options: { train, validation, random, optimizer, l1: 1e-4, l2: 1e-3, epochs: 4, batchSize: 15 } };
};

const lbfgs: Config = (dtype) => {
  const { train, validation } = moons(5);
  const random = new Random(6);
  const model = mlp({ inputs: 2, hidden: [8], outputs: 2, dtype, random });
  return {
    model,
    options: { train, validation, random, optimizer: { name: 'lbfgs', lr: 1 }, l2: 1e-3, epochs: 3, batchSize: 40 },
  };
};

/** Typed arrays created between consecutive steps of one epoch, per epoch (index 0: step 2 of the epoch). */
function arraysPerStep(config: Config, dtype: DType): number[][] {
  const { model, options } = config(dtype);
  const perEpoch: number[][] = [];
  let last = { epoch: 0, count: 0 };
  const onEvent = (event: FitEvent): void => {
    if (event.type !== 'step') return;
    const count = storageStats().arraysCreated;
    if (event.epoch !== last.epoch) perEpoch.push([]);
    else perEpoch[perEpoch.length - 1].push(count - last.count);
    last = { epoch: event.epoch, count };
  };
  fit(model, { ...options, onEvent });
  return perEpoch;
}

for (const [name, config] of [
  ['an MLP with ReLU and Adam', plainRelu],
  ['BatchNorm1d + Dropout + L1 + L2 + SGD momentum', regularized],
] as const) {
  test(`steady state, ${name}: no typed array is created per step once the batch shapes are known`, () => {
    const perEpoch = arraysPerStep(config, 'float32');
    assert.equal(perEpoch.length, 4);
    const [first, ...later] = perEpoch;
    // 112 examples in batches of 15: seven full batches, then one of 7, a new shape the first time only.
    assert.equal(first.length, 7);
    assert.deepEqual(first.slice(0, -1), [0, 0, 0, 0, 0, 0]);
    assert.ok(first[first.length - 1] > 0, `the first batch of 7 rows allocates (${first[first.length - 1]} arrays)`);
    for (const epoch of later) assert.deepEqual(epoch, [0, 0, 0, 0, 0, 0, 0]);
    // The counter sees the allocations that reuse saves.
    const unpooled = withoutStorageReuse(() => arraysPerStep(config, 'float32'));
    for (const epoch of unpooled) for (const n of epoch) assert.ok(n > 10, `${n} arrays per step without reuse`);
  });
}

/** Everything a run produces, as exact bits: every parameter and buffer, the metrics but the seconds, the outcome. */
function fingerprint(model: Module, result: FitResult): unknown {
  const tensors = [...model.namedParameters(), ...model.namedBuffers()].map(([name, t]) => [
    name,
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('hex'),
  ]);
  const history = result.history.map(({ seconds: _seconds, ...rest }) => rest);
  return { tensors, history, steps: result.steps, stopped: result.stopped, best: result.best };
}

function run(config: Config, dtype: DType): unknown {
  const { model, options } = config(dtype);
  return fingerprint(model, fit(model, options));
}

for (const [name, config] of [
  ['MLP with ReLU', plainRelu],
  ['BatchNorm1d + Dropout + L1 + L2 + SGD momentum', regularized],
  ['L-BFGS', lbfgs],
] as const) {
  for (const dtype of ['float32', 'float64'] as const) {
    test(`${name}, ${dtype}: fit with storage reuse equals fit without, bit for bit`, () => {
      const pooled = run(config, dtype);
      const fresh = withoutStorageReuse(() => run(config, dtype));
      assert.deepEqual(pooled, fresh);
    });
  }
}

test('fit called inside a storage scope keeps its model and states out of that scope’s pool', () => {
  const reference = plainRelu('float32');
  const expected = fingerprint(reference.model, fit(reference.model, reference.options));
  const { model, options } = plainRelu('float32');
  const outer = new StoragePool();
  const result = outer.scope(() => fit(model, options));
  const sizes = [model.parameters(), [...model.parameters(), ...model.namedBuffers().map(([, t]) => t)]].map((ts) =>
    ts.reduce((n, t) => n + t.size, 0),
  );
  // Scribble over whatever the outer pool holds of the parameter store's and the snapshots' sizes.
  const before = storageStats().arraysCreated;
  outer.scope(() => {
    for (const size of sizes) for (let i = 0; i < 4; i++) allocate('float32', size).fill(Number.NaN);
  });
  assert.equal(storageStats().arraysCreated - before, 4 * sizes.length, 'the outer pool held none of them');
  assert.deepEqual(fingerprint(model, result), expected);
});

test('evaluate: batches after the first create no typed array, and the result equals evaluate without reuse', () => {
  const { train } = moons(7);
  const model = mlp({ inputs: 2, hidden: [16], outputs: 2, batchNorm: true, random: new Random(8) });
  fit(model, { train, random: new Random(9), optimizer: 'adam', epochs: 1, batchSize: 16 });
  const arrays = (n: number): number => {
    const part = { ...train, n, x: train.x.subarray(0, n * train.features), y: train.y.subarray(0, n) };
    const before = storageStats().arraysCreated;
    evaluate(model, part, { batchSize: 10 });
    return storageStats().arraysCreated - before;
  };
  assert.equal(arrays(100), arrays(20), 'ten batches create what two do');
  const pooled = evaluate(model, train, { batchSize: 10 });
  const fresh = withoutStorageReuse(() => evaluate(model, train, { batchSize: 10 }));
  assert.deepEqual(pooled, fresh);
  assert.ok(withoutStorageReuse(() => arrays(100)) > arrays(100), 'without reuse every batch allocates');
});
