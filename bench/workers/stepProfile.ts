/**
 * Where one Fashion-MNIST MLP epoch's time goes (the model and fit() of downhillMlp.ts): every kernel
 * call timed by name, and the rest of the step (graph, allocation, optimizer, data) as the remainder.
 * Timing each call adds ~0.1 µs per call; the epoch's own seconds are printed too.
 *
 *   node --import tsx bench/workers/stepProfile.ts [--kernels wasm|ts] [--threads N] [--activation relu|tanh|…]
 */
import { loadFashionMnist } from '../../src/cli/data.js';
import { normalize } from '../../src/data/fashionMnist.js';
import { getKernels, setKernels, type Kernels } from '../../src/kernels/kernels.js';
import { selectKernels } from '../../src/kernels/wasm/select.js';
import { useThreads } from '../../src/node/threads.js';
import { mlp } from '../../src/nn/models.js';
import { Random } from '../../src/tensor/random.js';
import { fit } from '../../src/train/fit.js';
import { argument } from '../lib/child.js';

selectKernels(argument('kernels', 'wasm'), '--kernels');
useThreads(Number(argument('threads', '1')));
const seconds = new Map<string, number>();
const inner = getKernels();
const timed = { ...inner } as Record<string, unknown>;
for (const [name, value] of Object.entries(inner)) {
  if (typeof value !== 'function') continue;
  timed[name] = (...args: unknown[]) => {
    const start = performance.now();
    const key = name === 'unary' || name === 'unaryBackward' || name === 'binary' ? `${name}:${String(args[0])}` : name;
    try {
      return (value as (...a: unknown[]) => unknown)(...args);
    } finally {
      seconds.set(key, (seconds.get(key) ?? 0) + (performance.now() - start) / 1000);
    }
  };
}
setKernels(timed as unknown as Kernels);
const random = new Random(0);
const { train } = loadFashionMnist();
normalize(train);
const model = mlp({ inputs: 784, hidden: [256, 128], outputs: 10, activation: argument('activation', 'relu'), random });
const result = fit(model, {
  train,
  optimizer: { name: 'adam', lr: 1e-3 },
  epochs: 1,
  batchSize: 128,
  shuffle: true,
  random,
  restoreBest: false,
});
const epoch = result.history[0].seconds;
let kernels = 0;
for (const [name, s] of [...seconds].sort((a, b) => b[1] - a[1])) {
  kernels += s;
  console.log(`${name.padEnd(28)} ${s.toFixed(3)} s`);
}
console.log(`${'all kernels'.padEnd(28)} ${kernels.toFixed(3)} s`);
console.log(`${'epoch'.padEnd(28)} ${epoch.toFixed(3)} s  (rest: ${(epoch - kernels).toFixed(3)} s)`);
