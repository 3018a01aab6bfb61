/**
 * The loss and accuracy of a model on a whole dataset, as PyTorch's usual evaluation loop computes them:
 * evaluation mode (Dropout off, BatchNorm1d on its running statistics), no graph recorded, the data in
 * batches (the inputs wrapped in place, not copied); the loss is Σ terms / number of terms, the accuracy
 * correct / n. The model's training mode is restored afterwards. Each batch runs in a scope of a storage
 * pool (src/tensor/storagePool.ts), so the batches after the first reuse its arrays instead of allocating.
 */
import { noGrad } from '../autograd/grad.js';
import type { Dataset } from '../data/dataset.js';
import { yWidth } from '../data/dataset.js';
import { InputError } from '../errors.js';
import { checkInteger } from '../config/validate.js';
import type { Module } from '../nn/module.js';
import { StoragePool } from '../tensor/storagePool.js';
import { BatchObjective, checkLoss, defaultLoss, type LossName } from './loss.js';

export interface Evaluation {
  loss: number;
  /** Classification only. */
  accuracy?: number;
}

export interface EvaluateOptions {
  /** Default: crossEntropy for classification, mse for regression. */
  loss?: LossName;
  /** Examples per forward pass; default 1000. */
  batchSize?: number;
}

export function evaluate(model: Module, dataset: Dataset, options: EvaluateOptions = {}): Evaluation {
  const { loss = defaultLoss(dataset), batchSize = 1000 } = options;
  checkLoss(loss, dataset);
  checkInteger('evaluate', 'batchSize', batchSize, 1);
  if (dataset.n === 0) throw new InputError('evaluate: the dataset has no examples');
  const dtype = model.parameters()[0]?.dtype ?? 'float32';
  const objective = new BatchObjective(loss, dtype, dataset.features, Math.min(batchSize, dataset.n), dataset);
  const wasTraining = model.training;
  model.eval();
  try {
    return noGrad(() => evaluateBatches(model, dataset, objective, batchSize));
  } finally {
    model.train(wasTraining);
  }
}

function evaluateBatches(model: Module, dataset: Dataset, objective: BatchObjective, batchSize: number): Evaluation {
  const { n, features } = dataset;
  const width = yWidth(dataset);
  const pool = new StoragePool();
  let sum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += batchSize) {
    const rows = Math.min(batchSize, n - start);
    const x = dataset.x.subarray(start * features, (start + rows) * features);
    const y = dataset.y.subarray(start * width, (start + rows) * width);
    pool.scope(() => {
      const output = model.forward(objective.inputs(x, rows));
      sum += objective.compute(output, y, rows, 'sum').item();
      correct += objective.correct(output, y, rows);
    });
  }
  const loss = sum / (n * objective.termsPerRow);
  return objective.classifies ? { loss, accuracy: correct / n } : { loss };
}
