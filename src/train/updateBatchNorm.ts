/**
 * Batch-norm statistics for weights that were never trained as they are — an average of weights along
 * training (src/train/weightAverage.ts) — as PyTorch's `torch.optim.swa_utils.update_bn(loader, model)`
 * computes them: every BatchNorm layer's running mean is reset to 0 and its running variance to 1, then one
 * pass over the data in training mode with a cumulative average (momentum None in PyTorch), so that after
 * the k-th batch
 *
 *   running ← (1/k)·batch statistic + (1 − 1/k)·running,
 *
 * the plain mean of the batches' means (and of their unbiased variances). BatchNorm1d's running update is
 * m·batch + (1 − m)·running, so setting m = 1/k before the k-th batch is that average, rounding included.
 * The batches are the data's rows in order, `batchSize` at a time (the last one smaller); each layer's
 * momentum and the model's mode are restored afterwards. A model without BatchNorm is left as it is.
 */
import { noGrad } from '../autograd/grad.js';
import type { Dataset } from '../data/dataset.js';
import { BatchNorm1d } from '../nn/batchNorm.js';
import type { Module } from '../nn/module.js';
import { StoragePool } from '../tensor/storagePool.js';
import { BatchObjective, defaultLoss } from './loss.js';

export function updateBatchNorm(model: Module, data: Dataset, batchSize: number): void {
  const layers = model.modules().filter((m): m is BatchNorm1d => m instanceof BatchNorm1d);
  if (layers.length === 0) return;
  const momenta = layers.map((layer) => layer.momentum);
  for (const layer of layers) {
    layer.runningMean.data.fill(0);
    layer.runningVar.data.fill(1);
  }
  const wasTraining = model.training;
  const dtype = model.parameters()[0].dtype;
  const objective = new BatchObjective(defaultLoss(data), dtype, data.features, Math.min(batchSize, data.n), data);
  const pool = new StoragePool();
  model.train();
  try {
    noGrad(() => {
      for (let start = 0, k = 1; start < data.n; start += batchSize, k++) {
        const rows = Math.min(batchSize, data.n - start);
        for (const layer of layers) layer.momentum = 1 / k;
        const x = data.x.subarray(start * data.features, (start + rows) * data.features);
        pool.scope(() => void model.forward(objective.inputs(x, rows)));
      }
    });
  } finally {
    layers.forEach((layer, i) => (layer.momentum = momenta[i]));
    model.train(wasTraining);
  }
}
