/**
 * TensorFlow.js's side: the Fashion-MNIST MLP epoch and the Rosenbrock steps; prints one JSON line.
 *
 *   node --import tsx bench/workers/tfjs.ts mlp --backend cpu|wasm [--steps N]
 *   node --import tsx bench/workers/tfjs.ts rosenbrock --backend cpu|wasm [--runs R]
 *
 * mlp: the same model as downhill and torch (784-256-128-10, ReLU, weights and biases drawn as nn.Linear
 * draws them, U(±1/√fan_in)), softmax cross-entropy (mean), Adam(1e-3, 0.9, 0.999, ε = 1e-8), batch 128,
 * shuffled; the same IDX files and normalisation (downhill's loader). Each step gathers the batch from one
 * tensor and runs optimizer.minimize in tf.tidy (the plain custom loop; model.fit adds callbacks). With
 * --steps N only N steps are timed after 2 untimed warm-up steps, and the epoch's time is extrapolated
 * (no accuracy then: the model has not seen the epoch).
 * rosenbrock: tfjs has no float64 on these backends, so float32: two scalar variables, Adam(lr=1e-3),
 * optimizer.minimize with autograd, 10,000 steps, the median of R runs (default 3) in µs per step.
 */
import { loadFashionMnist } from '../../src/cli/data.js';
import { normalize } from '../../src/data/fashionMnist.js';
import { Random } from '../../src/tensor/random.js';
import { argument } from '../lib/child.js';
import { ROSENBROCK_START, ROSENBROCK_STEPS } from '../lib/cases.js';
import { loadTfjs, type Tf } from '../lib/tfjs.js';

const BATCH = 128;

function dense(tf: Tf, units: number, inputs: number, activation: string): Tf {
  const bound = 1 / Math.sqrt(inputs);
  const init = (): Tf => tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: undefined });
  return tf.layers.dense({
    units,
    inputShape: [inputs],
    activation,
    kernelInitializer: init(),
    biasInitializer: init(),
  });
}

function shuffled(n: number, random: Random): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

async function mlp(tf: Tf): Promise<object> {
  const limit = Number(argument('steps', '0'));
  const { train, test } = loadFashionMnist();
  normalize(train);
  normalize(test);
  const model = tf.sequential({
    layers: [dense(tf, 256, 784, 'relu'), dense(tf, 128, 256, 'relu'), dense(tf, 10, 128, 'linear')],
  });
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const xs = tf.tensor2d(train.x, [train.n, 784]);
  const ys = tf.tensor1d(train.y, 'int32');
  const order = shuffled(train.n, new Random(0));
  const steps = Math.ceil(train.n / BATCH);
  const step = (s: number): number =>
    tf.tidy(() => {
      const index = tf.tensor1d(order.subarray(s * BATCH, Math.min(train.n, (s + 1) * BATCH)), 'int32');
      const x = tf.gather(xs, index);
      const y = tf.oneHot(tf.gather(ys, index), 10);
      const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true })), true);
      return loss.dataSync()[0];
    });
  const timed = limit > 0 ? Math.min(limit, steps - 2) : steps;
  const first = limit > 0 ? 2 : 0;
  for (let s = 0; s < first; s++) step(s);
  let loss = 0;
  const start = performance.now();
  for (let s = first; s < first + timed; s++) loss = step(s);
  const seconds = (performance.now() - start) / 1000;
  const result: Record<string, unknown> = {
    seconds: (seconds * steps) / timed,
    timedSteps: timed,
    steps,
    lastLoss: loss,
    extrapolated: limit > 0,
  };
  if (limit === 0) {
    result.testAccuracy = tf.tidy(() => {
      const predicted = model.predict(tf.tensor2d(test.x, [test.n, 784])).argMax(1);
      return predicted.equal(tf.tensor1d(test.y, 'int32')).sum().dataSync()[0] / test.n;
    });
  }
  return result;
}

function rosenbrockRun(tf: Tf): number {
  const x = tf.variable(tf.scalar(ROSENBROCK_START[0]));
  const y = tf.variable(tf.scalar(ROSENBROCK_START[1]));
  const optimizer = tf.train.adam(1e-3);
  const loss = (): Tf => tf.add(tf.square(tf.sub(1, x)), tf.mul(100, tf.square(tf.sub(y, tf.square(x)))));
  const start = performance.now();
  for (let s = 0; s < ROSENBROCK_STEPS; s++) optimizer.minimize(loss, false, [x, y]);
  x.dataSync();
  const seconds = (performance.now() - start) / 1000;
  optimizer.dispose();
  x.dispose();
  y.dispose();
  return (seconds / ROSENBROCK_STEPS) * 1e6;
}

function rosenbrock(tf: Tf): object {
  const runs = Array.from({ length: Number(argument('runs', '3')) }, () => rosenbrockRun(tf)).sort((a, b) => a - b);
  return {
    rosenbrock: { usPerStep: runs[Math.floor(runs.length / 2)], runs, dtype: 'float32', gradient: 'autograd' },
    steps: ROSENBROCK_STEPS,
  };
}

const mode = process.argv[2];
const { tf, info } = await loadTfjs(argument('backend', 'wasm'));
const result = mode === 'mlp' ? await mlp(tf) : mode === 'rosenbrock' ? rosenbrock(tf) : null;
if (result === null) throw new Error(`mode must be mlp or rosenbrock (got ${mode})`);
console.log(JSON.stringify({ ...result, ...info }));
