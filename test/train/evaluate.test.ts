/**
 * evaluate and the batch objective: the loss and accuracy equal a direct float64 computation, whatever
 * the batch size; evaluation mode (no dropout, no random draws) and the caller's mode afterwards; mse
 * averages over every target; a float64 model gets its inputs converted; weight snapshots round-trip
 * and find every Random a model draws from.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/models.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Random } from '../../src/tensor/random.js';
import { evaluate } from '../../src/train/evaluate.js';
import { trainingRandoms } from '../../src/train/randoms.js';
import { captureWeights, checksum, restoreWeights, weightLayout } from '../../src/train/snapshot.js';

/** 7 points in 3 classes, and a linear model with fixed weights. */
const data: Dataset = {
  x: Float32Array.from([0.5, -1, 1, 2, -0.3, 0.1, 2, 2, -1, -1.5, 0.7, 0.2, 0, 0]),
  y: Int32Array.from([0, 1, 2, 1, 0, 2, 1]),
  n: 7,
  features: 2,
  task: 'classification',
  classes: 3,
};
const W = [
  [1, -0.5],
  [-0.7, 0.9],
  [0.2, 0.3],
];
const B = [0.1, -0.2, 0.05];

function linearModel(dtype: 'float32' | 'float64' = 'float32'): Sequential {
  const layer = new Linear(2, 3, { dtype });
  layer.weight.data.set(W.flat());
  layer.bias?.data.set(B);
  return new Sequential(layer);
}

test('the cross-entropy and accuracy of a dataset equal a direct float64 computation, for any batch size', () => {
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < data.n; i++) {
    const logits = W.map((w, c) => Math.fround(data.x[2 * i]) * w[0] + Math.fround(data.x[2 * i + 1]) * w[1] + B[c]);
    const max = Math.max(...logits);
    loss += -(logits[data.y[i]] - max - Math.log(logits.reduce((s, v) => s + Math.exp(v - max), 0)));
    if (logits.indexOf(max) === data.y[i]) correct++;
  }
  for (const batchSize of [1, 3, 1000]) {
    const result = evaluate(linearModel(), data, { batchSize });
    assert.ok(Math.abs(result.loss - loss / data.n) < 1e-6, `batch ${batchSize}: ${result.loss} vs ${loss / data.n}`);
    assert.equal(result.accuracy, correct / data.n);
  }
  const f64 = evaluate(linearModel('float64'), data);
  assert.ok(Math.abs(f64.loss - loss / data.n) < 1e-12, `float64: ${f64.loss}`);
});

test('the squared loss on classes compares the outputs with one-hot labels: mean over rows and classes', () => {
  // Σ_i Σ_c (z_ic − [c = y_i])² / (n · C), the arg-max class for accuracy, in float64.
  let sum = 0;
  let correct = 0;
  for (let i = 0; i < data.n; i++) {
    const z = W.map((w, c) => Math.fround(data.x[2 * i]) * w[0] + Math.fround(data.x[2 * i + 1]) * w[1] + B[c]);
    z.forEach((v, c) => (sum += (v - (c === data.y[i] ? 1 : 0)) ** 2));
    if (z.indexOf(Math.max(...z)) === data.y[i]) correct++;
  }
  for (const dtype of ['float32', 'float64'] as const) {
    for (const batchSize of [2, 1000]) {
      const result = evaluate(linearModel(dtype), data, { loss: 'mse', batchSize });
      assert.ok(Math.abs(result.loss - sum / (data.n * 3)) < 1e-6, `${dtype}, batch ${batchSize}: ${result.loss}`);
      assert.equal(result.accuracy, correct / data.n);
    }
  }
});

test('evaluation runs in eval mode (no dropout draws) and leaves the model in the mode it was in', () => {
  const random = new Random(3);
  const model = mlp({ inputs: 2, hidden: [16], outputs: 3, dropout: 0.5, random });
  const before = random.getState();
  const a = evaluate(model, data);
  const b = evaluate(model, data);
  assert.equal(a.loss, b.loss);
  assert.deepEqual(random.getState(), before, 'no dropout mask was drawn');
  assert.equal(model.training, true);
  model.eval();
  evaluate(model, data);
  assert.equal(model.training, false);
});

test('mse averages over every target of every example', () => {
  const regression: Dataset = {
    x: Float32Array.from([1, 2, 3, 4]),
    y: Float32Array.from([1, 0, 0, 1, 2, 2, 3, 3]),
    n: 4,
    features: 1,
    task: 'regression',
    targets: 2,
  };
  const layer = new Linear(1, 2);
  layer.weight.data.set([1, 0]);
  layer.bias?.data.set([0, 1]);
  // Outputs (x, 1): squared errors (0+1), (4+0), (1+1), (1+4) → 12 / 8 terms.
  assert.deepEqual(evaluate(new Sequential(layer), regression), { loss: 1.5 });
  assert.throws(
    () => evaluate(new Sequential(layer), regression, { loss: 'crossEntropy' }),
    /crossEntropy' needs a classification dataset/,
  );
});

test('a weight snapshot restores parameters and BatchNorm buffers in place; its checksum sees one bit', () => {
  const model = mlp({ inputs: 2, hidden: [4], outputs: 2, batchNorm: true, random: new Random(1) });
  const layout = weightLayout(model);
  assert.deepEqual(
    layout.entries.map((e) => e.name),
    ['0.weight', '0.bias', '1.weight', '1.bias', '3.weight', '3.bias', '1.running_mean', '1.running_var'],
  );
  const saved = captureWeights(layout);
  const sum = checksum(saved);
  const [weight] = model.parameters();
  const view = weight.data;
  weight.data[0] += 1;
  model.namedBuffers()[1][1].data[2] = 7;
  assert.notEqual(checksum(captureWeights(layout)), sum);
  restoreWeights(layout, saved);
  assert.equal(weight.data, view, 'written in place');
  assert.equal(checksum(captureWeights(layout)), sum);
  const flipped = saved.slice();
  new Uint8Array(flipped.buffer)[5] ^= 1;
  assert.notEqual(checksum(flipped), sum);
  assert.throws(() => restoreWeights(layout, new Float32Array(3)), /a snapshot of 3 values does not fit this model/);
});

test("trainingRandoms lists fit's Random, then each other Random the model's layers hold, once", () => {
  const own = new Random(1);
  const shared = new Random(2);
  const other = new Random(3);
  const model = new Sequential(
    new Linear(2, 2),
    new Dropout(0.1, shared),
    new Sequential(new Dropout(0.2, other), new Dropout(0.3, shared)),
    new Dropout(0.1, own),
  );
  const found = trainingRandoms(own, model);
  assert.equal(found.length, 3);
  assert.equal(found[0], own);
  assert.equal(found[1], shared);
  assert.equal(found[2], other);
});
