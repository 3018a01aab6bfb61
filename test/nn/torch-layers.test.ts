/**
 * Linear and BatchNorm1d against PyTorch 1.13 and 2.x (test/fixtures/nn/generate.py): outputs, gradients of
 * L = Σ y ⊙ w, and BatchNorm's running statistics over two training passes and an evaluation pass.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchNorm1d } from '../../src/nn/batchNorm.js';
import { Linear } from '../../src/nn/linear.js';
import { Tensor, type DType } from '../../src/tensor/tensor.js';
import { assertClose, maxRelativeError } from '../helpers/close.js';
import { torchFixtures } from '../helpers/torchFixtures.js';

interface TensorJson {
  shape: number[];
  values: number[];
}

interface LinearCase {
  name: string;
  dtype: DType;
  x: TensorJson;
  weight: TensorJson;
  bias: TensorJson | null;
  output: TensorJson;
  outputWeights: TensorJson;
  gradX: TensorJson;
  gradWeight: TensorJson;
  gradBias: TensorJson | null;
}

interface BatchNormCase {
  name: string;
  dtype: DType;
  features: number;
  momentum: number;
  eps: number;
  weight: number[];
  bias: number[];
  train: {
    x1: TensorJson;
    y1: TensorJson;
    runningMean1: number[];
    runningVar1: number[];
    x2: TensorJson;
    y2: TensorJson;
    runningMean2: number[];
    runningVar2: number[];
    outputWeights: TensorJson;
    gradX: number[];
    gradWeight: number[];
    gradBias: number[];
  };
  eval: {
    x: TensorJson;
    y: TensorJson;
    outputWeights: TensorJson;
    gradX: number[];
    gradWeight: number[];
    gradBias: number[];
  };
}

const releases = torchFixtures<{ linear: LinearCase[]; batchNorm: BatchNormCase[] }>('nn/layers.json');

const tensor = (t: TensorJson, dtype: DType, requiresGrad = false): Tensor =>
  Tensor.from(t.values, { shape: t.shape, dtype, requiresGrad });
/** Float64 agrees to rounding; float32 to a few units in the last place of float32. */
const tolerance = (dtype: DType): number => (dtype === 'float64' ? 1e-12 : 1e-5);
const worst: string[] = [];

for (const { torch, data: fixture } of releases) {
  for (const c of fixture.linear) {
    test(`Linear ${c.name}: output and gradients match PyTorch ${torch} given the same weights`, () => {
      const [out, inFeatures] = c.weight.shape;
      const layer = new Linear(inFeatures, out, { bias: c.bias !== null, dtype: c.dtype });
      layer.weight.data.set(c.weight.values);
      if (c.bias !== null) layer.bias?.data.set(c.bias.values);
      const x = tensor(c.x, c.dtype, true);
      const y = layer.forward(x);
      assert.deepEqual(y.shape, c.output.shape);
      const rtol = tolerance(c.dtype);
      assertClose(y.data, c.output.values, rtol, rtol * 1e-2, 'output');
      y.backward(tensor(c.outputWeights, c.dtype));
      assertClose(x.grad, c.gradX.values, rtol, rtol * 1e-2, 'gradX');
      assertClose(layer.weight.grad, c.gradWeight.values, rtol, rtol * 1e-2, 'gradWeight');
      if (c.gradBias !== null) assertClose(layer.bias?.grad, c.gradBias.values, rtol, rtol * 1e-2, 'gradBias');
      worst.push(`Linear ${c.name}: output ${maxRelativeError(y.data, c.output.values).toExponential(1)}`);
    });
  }

  for (const c of fixture.batchNorm) {
    test(`BatchNorm1d ${c.name}: training outputs, running statistics, gradients and evaluation match PyTorch ${torch}`, () => {
      const layer = new BatchNorm1d(c.features, { momentum: c.momentum, eps: c.eps, dtype: c.dtype });
      layer.weight.data.set(c.weight);
      layer.bias.data.set(c.bias);
      const rtol = tolerance(c.dtype);
      const atol = rtol * 1e-2;
      const t = c.train;
      assertClose(layer.forward(tensor(t.x1, c.dtype)).data, t.y1.values, rtol, atol, 'y1');
      assertClose(layer.runningMean.data, t.runningMean1, rtol, atol, 'running mean after pass 1');
      assertClose(layer.runningVar.data, t.runningVar1, rtol, atol, 'running var after pass 1');
      const x2 = tensor(t.x2, c.dtype, true);
      const y2 = layer.forward(x2);
      assertClose(y2.data, t.y2.values, rtol, atol, 'y2');
      assertClose(layer.runningMean.data, t.runningMean2, rtol, atol, 'running mean after pass 2');
      assertClose(layer.runningVar.data, t.runningVar2, rtol, atol, 'running var after pass 2');
      y2.backward(tensor(t.outputWeights, c.dtype));
      assertClose(x2.grad, t.gradX, rtol, atol, 'gradX (training)');
      assertClose(layer.weight.grad, t.gradWeight, rtol, atol, 'gradWeight (training)');
      assertClose(layer.bias.grad, t.gradBias, rtol, atol, 'gradBias (training)');
      const trainingError = Math.max(maxRelativeError(y2.data, t.y2.values), maxRelativeError(x2.grad, t.gradX));

      layer.weight.zeroGrad();
      layer.bias.zeroGrad();
      layer.eval();
      const e = c.eval;
      const x3 = tensor(e.x, c.dtype, true);
      const y3 = layer.forward(x3);
      assertClose(y3.data, e.y.values, rtol, atol, 'y (eval)');
      y3.backward(tensor(e.outputWeights, c.dtype));
      assertClose(x3.grad, e.gradX, rtol, atol, 'gradX (eval)');
      assertClose(layer.weight.grad, e.gradWeight, rtol, atol, 'gradWeight (eval)');
      assertClose(layer.bias.grad, e.gradBias, rtol, atol, 'gradBias (eval)');
      // Evaluation does not move the running statistics.
      assertClose(layer.runningMean.data, t.runningMean2, rtol, atol, 'running mean after eval');
      worst.push(`BatchNorm1d ${c.name}: y and ∂L/∂x (training) ${trainingError.toExponential(1)}`);
    });
  }
}

test('agreement summary (largest element-wise relative error)', () => {
  assert.equal(
    worst.length,
    releases.reduce((n, { data }) => n + data.linear.length + data.batchNorm.length, 0),
  );
  console.log(worst.join('\n'));
});
