/**
 * What the playground draws, computed in the worker on a grid over the data: the network's score of each
 * class and each hidden neuron's activation, in evaluation mode without a graph. The grid's points reach
 * the network as its inputs (PlaygroundRun.modelInputs: your points' standardisation, the features).
 */
import { noGrad } from '../../../src/autograd/grad';
import type { Sequential } from '../../../src/nn/sequential';
import { Tensor } from '../../../src/tensor/tensor';
import type { LossName } from '../../../src/train/loss';

export const BOUNDARY_GRID = 64;
export const NEURON_GRID = 24;

/** A square window holding every point (rows of x, y, class), at least [-6, 6] as TensorFlow Playground shows it. */
export function dataExtent(...sets: Float32Array[]): number {
  let extent = 6;
  for (const set of sets)
    for (let k = 0; k < set.length; k += 3)
      extent = Math.max(extent, Math.abs(set[k]) * 1.05, Math.abs(set[k + 1]) * 1.05);
  return extent;
}

/** Grid points row by row from the top (y = +extent) to the bottom, x from the left. */
export function gridInputs(size: number, extent: number): Float32Array {
  const xs = new Float32Array(size * size * 2);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const k = row * size + col;
      xs[2 * k] = -extent + (2 * extent * (col + 0.5)) / size;
      xs[2 * k + 1] = extent - (2 * extent * (row + 0.5)) / size;
    }
  }
  return xs;
}

/**
 * Each class's score at each grid point (n rows of `classes`): the softmax of the logits (cross-entropy),
 * [1 − σ(z), σ(z)] of the one logit (bce), or the outputs themselves, which the squared loss pulls towards
 * the one-hot labels.
 */
export function boundaryMap(
  model: Sequential,
  loss: LossName,
  classes: number,
  inputs: Float32Array,
  features: number,
): Float32Array {
  const n = inputs.length / features;
  const out = new Float32Array(n * classes);
  evaluating(model, () => {
    const z = model.forward(Tensor.from(inputs, { shape: [n, features] })).data;
    for (let k = 0; k < n; k++) {
      if (loss === 'bce') {
        const p = 1 / (1 + Math.exp(-z[k]));
        out[2 * k] = 1 - p;
        out[2 * k + 1] = p;
      } else if (loss === 'mse') {
        for (let c = 0; c < classes; c++) out[k * classes + c] = z[k * classes + c];
      } else {
        softmaxRow(z, k * classes, classes, out);
      }
    }
  });
  return out;
}

/** softmax(z)_c = exp(z_c − max z) / Σ exp(z_j − max z), over one row of `classes` values at `at`. */
function softmaxRow(z: ArrayLike<number>, at: number, classes: number, out: Float32Array): void {
  let max = -Infinity;
  for (let c = 0; c < classes; c++) max = Math.max(max, z[at + c]);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += Math.exp(z[at + c] - max);
  for (let c = 0; c < classes; c++) out[at + c] = Math.exp(z[at + c] - max) / sum;
}

/**
 * Each hidden neuron's activation on the grid, neuron after neuron (layer by layer), each scaled to
 * [-1, 1] by its largest magnitude so that every small map uses the whole colour range.
 */
export function neuronMaps(
  model: Sequential,
  activationLayers: readonly number[],
  inputs: Float32Array,
  features: number,
): Float32Array[] {
  const n = inputs.length / features;
  const maps: Float32Array[] = [];
  evaluating(model, () => {
    let x = Tensor.from(inputs, { shape: [n, features] });
    model.layers.forEach((layer, index) => {
      x = layer.forward(x);
      if (!activationLayers.includes(index)) return;
      const width = x.shape[1];
      for (let unit = 0; unit < width; unit++) {
        const map = new Float32Array(n);
        let scale = 1e-12;
        for (let k = 0; k < n; k++) scale = Math.max(scale, Math.abs((map[k] = x.data[k * width + unit])));
        for (let k = 0; k < n; k++) map[k] /= scale;
        maps.push(map);
      }
    });
  });
  return maps;
}

/** mlp's layers per hidden layer: Linear, [BatchNorm1d], activation, [Dropout]; the activations' indices. */
export function activationIndices(hidden: number, batchNorm: boolean, dropout: boolean): number[] {
  const stride = 2 + (batchNorm ? 1 : 0) + (dropout ? 1 : 0);
  return Array.from({ length: hidden }, (_, k) => k * stride + (batchNorm ? 2 : 1));
}

function evaluating(model: Sequential, fn: () => void): void {
  model.eval();
  try {
    noGrad(fn);
  } finally {
    model.train();
  }
}
