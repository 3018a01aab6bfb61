/**
 * One epoch of the Fashion-MNIST MLP in downhill, as `downhill train --model mlp:256,128 --batch-size 128
 * --epochs 1 --validation 0` runs it: fit() with Adam(lr=1e-3), batch 128, shuffled, 469 steps; then the
 * test accuracy. Seconds are the epoch's own (fit's metrics, the training loop only).
 *
 *   node --import tsx bench/workers/downhillMlp.ts --kernels wasm|ts [--threads N] [--seed S]
 */
import { loadFashionMnist } from '../../src/cli/data.js';
import { normalize } from '../../src/data/fashionMnist.js';
import { selectKernels } from '../../src/kernels/wasm/select.js';
import { threadsInUse, useThreads } from '../../src/node/threads.js';
import { mlp } from '../../src/nn/models.js';
import { Random } from '../../src/tensor/random.js';
import { evaluate } from '../../src/train/evaluate.js';
import { fit } from '../../src/train/fit.js';
import { argument } from '../lib/child.js';

const kernels = selectKernels(argument('kernels', 'wasm'), '--kernels');
// Matmul over worker threads, as the CLI does (wasm kernels only; ts stays on one thread).
useThreads(Number(argument('threads', '1')));
const random = new Random(Number(argument('seed', '0')));
const { train, test } = loadFashionMnist();
normalize(train);
normalize(test);
const model = mlp({ inputs: 784, hidden: [256, 128], outputs: 10, activation: 'relu', random });
const result = fit(model, {
  train,
  optimizer: { name: 'adam', lr: 1e-3 },
  epochs: 1,
  batchSize: 128,
  shuffle: true,
  random,
  restoreBest: false,
});
const evaluation = evaluate(model, test);
console.log(
  JSON.stringify({
    seconds: result.history[0].seconds,
    steps: result.steps,
    testAccuracy: evaluation.accuracy,
    trainLoss: result.history[0].trainLoss,
    kernels: kernels.name,
    threads: threadsInUse(),
  }),
);
