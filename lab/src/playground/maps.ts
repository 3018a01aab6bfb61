/**
 * What the playground draws, computed in the worker on a grid over the data: the network's output
 * (the probability of class 1) and each hidden neuron's activation, in evaluation mode without a graph.
 */
import { noGrad } from '../../../src/autograd/grad';
import type { Dataset } from '../../../src/data/dataset';
import type { Sequential } from '../../../src/nn/sequential';
import { Tensor } from '../../../src/tensor/tensor';
import type { LossName } from '../../../src/train/loss';

export const BOUNDARY_GRID = 64;
export const NEURON_GRID = 24;

/** A square window holding every point, at least [-6, 6] as TensorFlow Playground shows it. */
export function dataExtent(...sets: Dataset[]): number {
  let extent = 6;
  for (const set of sets) for (const v of set.x) extent = Math.max(extent, Math.abs(v) * 1.05);
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

/** P(class 1) at each grid point: sigmoid of the one logit, or softmax of two. */
export function boundaryMap(model: Sequential, loss: LossName, inputs: Float32Array): Float32Array {
  const n = inputs.length / 2;
  const out = new Float32Array(n);
  evaluating(model, () => {
    const logits = model.forward(Tensor.from(inputs, { shape: [n, 2] })).data;
    for (let k = 0; k < n; k++) {
      out[k] =
        loss === 'crossEntropy'
          ? 1 / (1 + Math.exp(logits[2 * k] - logits[2 * k + 1]))
          : loss === 'bce'
            ? 1 / (1 + Math.exp(-logits[k]))
            : logits[k];
    }
  });
  return out;
}

/**
 * Each hidden neuron's activation on the grid, neuron after neuron (layer by layer), each scaled to
 * [-1, 1] by its largest magnitude so that every small map uses the whole colour range.
 */
export function neuronMaps(
  model: Sequential,
  activationLayers: readonly number[],
  inputs: Float32Array,
): Float32Array[] {
  const n = inputs.length / 2;
  const maps: Float32Array[] = [];
  evaluating(model, () => {
    let x = Tensor.from(inputs, { shape: [n, 2] });
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
