/**
 * Layers: Dropout's statistics, scaling and evaluation identity; gradcheck of Linear, Dropout (with a
 * fixed mask) and BatchNorm1d (training and evaluation); activation layers; Module naming, train/eval,
 * Sequential; and every input error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../../src/autograd/grad.js';
import { activation, activationNames, ELU, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh } from '../../src/nn/activations.js';
import { BatchNorm1d } from '../../src/nn/batchNorm.js';
import { dropout, Dropout } from '../../src/nn/dropout.js';
import { Linear } from '../../src/nn/linear.js';
import { Sequential } from '../../src/nn/sequential.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../autograd/helpers.js';

test('Dropout keeps a fraction ≈ 1 − p of the elements, scaled by 1/(1 − p), and its mean ≈ the input', () => {
  for (const p of [0.1, 0.5, 0.8]) {
    const layer = new Dropout(p, new Random(3));
    const x = Tensor.ones([200, 500]);
    const y = layer.forward(x);
    let kept = 0;
    let sum = 0;
    for (const v of y.data) {
      if (v !== 0) {
        kept++;
        assert.equal(v, Math.fround(1 / (1 - p)));
      }
      sum += v;
    }
    const fraction = kept / x.size;
    // Binomial: the kept fraction has standard deviation √(p(1 − p)/n) ≤ 0.0007 here; allow 5σ.
    assert.ok(Math.abs(fraction - (1 - p)) < 5 * Math.sqrt((p * (1 - p)) / x.size), `p = ${p}: kept ${fraction}`);
    assert.ok(Math.abs(sum / x.size - 1) < 0.02, `p = ${p}: mean ${sum / x.size}`);
  }
});

test('Dropout is the identity in evaluation mode and for p = 0, and draws new masks each pass', () => {
  const x = randn([4, 6], 1, { dtype: 'float32' });
  const layer = new Dropout(0.5, new Random(1));
  const first = layer.forward(x);
  const second = layer.forward(x);
  assert.notDeepEqual(Array.from(first.data), Array.from(second.data));
  layer.eval();
  assert.equal(layer.forward(x), x);
  assert.equal(new Dropout(0, new Random(1)).forward(x), x);
});

test('Dropout: gradcheck with a fixed mask; the gradient is the mask times 1/(1 − p)', () => {
  const random = new Random(7);
  const state = random.getState();
  // Restoring the generator before each pass makes every pass use the same mask.
  const fixedMask = (x: Tensor) => {
    random.setState(state);
    return dropout(x, 0.3, random);
  };
  const x = randn([5, 7], 2);
  assertGradcheck(fixedMask, [x]);
  const y = fixedMask(x);
  y.sum().backward();
  x.grad?.forEach((g, i) => assert.equal(g, y.data[i] === 0 ? 0 : 1 / 0.7));
});

test('BatchNorm1d in training mode passes gradcheck on x, γ and β (float64)', () => {
  const layer = new BatchNorm1d(4, { dtype: 'float64' });
  layer.weight.data.set([1.5, 0.5, -1, 2]);
  layer.bias.data.set([0.1, -0.2, 0.3, 0]);
  assertGradcheck((x) => layer.forward(x), [randn([6, 4], 3, { scale: 2, shift: 1 }), layer.weight, layer.bias]);
});

test('BatchNorm1d in evaluation mode passes gradcheck, and normalises with the running statistics', () => {
  const layer = new BatchNorm1d(3, { dtype: 'float64' });
  layer.runningMean.data.set([1, -1, 0.5]);
  layer.runningVar.data.set([4, 0.25, 1]);
  layer.eval();
  assertGradcheck((x) => layer.forward(x), [randn([5, 3], 4), layer.weight, layer.bias]);
  const y = layer.forward(Tensor.from([[3, -1, 0.5]], { dtype: 'float64' }));
  assert.ok(Math.abs(y.data[0] - 2 / Math.sqrt(4 + 1e-5)) < 1e-12);
  assert.equal(y.data[1], 0);
});

test('BatchNorm1d: training output has per-feature mean 0 and biased variance ≈ 1; running stats use the unbiased variance', () => {
  const layer = new BatchNorm1d(2, { dtype: 'float64', momentum: 1 });
  const x = Tensor.from(
    [
      [1, 10],
      [2, 20],
      [3, 30],
      [6, 40],
    ],
    { dtype: 'float64' },
  );
  const y = layer.forward(x);
  for (let j = 0; j < 2; j++) {
    const column = [0, 1, 2, 3].map((r) => y.data[r * 2 + j]);
    const mean = column.reduce((a, b) => a + b) / 4;
    const variance = column.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    assert.ok(Math.abs(mean) < 1e-12);
    assert.ok(Math.abs(variance - 1) < 1e-4);
  }
  // momentum 1: the running statistics are the batch's: mean 3 and unbiased variance 14/3 for column 0.
  assert.deepEqual(Array.from(layer.runningMean.data), [3, 25]);
  assert.ok(Math.abs(layer.runningVar.data[0] - 14 / 3) < 1e-12);
  assert.ok(Math.abs(layer.runningVar.data[1] - 500 / 3) < 1e-12);
});

test('BatchNorm1d updates running statistics in training mode even inside noGrad, not in evaluation mode', () => {
  const layer = new BatchNorm1d(1, { dtype: 'float64' });
  noGrad(() => layer.forward(Tensor.from([[1], [3]], { dtype: 'float64' })));
  assert.ok(Math.abs(layer.runningMean.data[0] - 0.2) < 1e-15);
  layer.eval();
  layer.forward(Tensor.from([[10], [30]], { dtype: 'float64' }));
  assert.ok(Math.abs(layer.runningMean.data[0] - 0.2) < 1e-15);
});

test('Linear: PyTorch default initialisation within ±1/√in, gradcheck through the layer', () => {
  const layer = new Linear(16, 8, { dtype: 'float64', random: new Random(2) });
  const bound = 1 / 4;
  for (const t of [layer.weight, layer.bias as Tensor]) t.data.forEach((v) => assert.ok(Math.abs(v) <= bound));
  assertGradcheck((x) => layer.forward(x), [randn([3, 16], 5), layer.weight, layer.bias as Tensor]);
  const noBias = new Linear(3, 2, { bias: false, dtype: 'float64' });
  assert.equal(noBias.bias, null);
  assert.deepEqual(
    noBias.namedParameters().map(([name]) => name),
    ['weight'],
  );
  const zeros = new Linear(30, 20, { init: 'xavierUniform', random: new Random(1) });
  assert.ok(zeros.bias?.data.every((v) => v === 0));
  const custom = new Linear(2, 2, { init: (w, b) => (w.data.fill(3), b?.data.fill(4)) });
  assert.deepEqual(Array.from(custom.weight.data), [3, 3, 3, 3]);
  assert.deepEqual(Array.from(custom.bias?.data ?? []), [4, 4]);
});

test('activation layers compute their functions and can be built by name', () => {
  const x = Tensor.from([-2, 0.5], { dtype: 'float64' });
  const values = (m: { forward(x: Tensor): Tensor }) => Array.from(m.forward(x).data);
  assert.deepEqual(values(new ReLU()), [0, 0.5]);
  assert.deepEqual(values(new LeakyReLU(0.1)), [-0.2, 0.5]);
  assert.deepEqual(values(new ELU(2)), [2 * (Math.exp(-2) - 1), 0.5]);
  assert.deepEqual(values(new Tanh()), [Math.tanh(-2), Math.tanh(0.5)]);
  assert.ok(Math.abs(values(new Sigmoid())[0] - 1 / (1 + Math.exp(2))) < 1e-15);
  const p = values(new Softmax());
  assert.ok(Math.abs(p[0] + p[1] - 1) < 1e-15 && p[1] > p[0]);
  assert.deepEqual(activationNames, ['relu', 'leakyRelu', 'elu', 'tanh', 'sigmoid']);
  assert.ok(activation('leaky_relu') instanceof LeakyReLU);
  assert.ok(activation('ReLU') instanceof ReLU);
  assert.throws(() => activation('swish'), {
    name: 'InputError',
    message: "unknown activation 'swish'; valid: relu, leakyRelu, elu, tanh, sigmoid",
  });
});

test('Sequential names its children by position; train() and eval() reach every layer', () => {
  const model = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new ReLU(), new Dropout(0.2), new Linear(4, 2));
  assert.deepEqual(
    model.namedParameters().map(([name]) => name),
    ['0.weight', '0.bias', '1.weight', '1.bias', '4.weight', '4.bias'],
  );
  assert.deepEqual(
    model.namedBuffers().map(([name]) => name),
    ['1.running_mean', '1.running_var'],
  );
  assert.equal(model.parameters().length, 6);
  assert.ok(model.parameters().every((t) => t.requiresGrad));
  assert.equal(model.length, 5);
  model.eval();
  assert.ok(model.layers.every((layer) => !layer.training));
  model.train();
  assert.ok(model.layers.every((layer) => layer.training));
  const nested = new Sequential(new Sequential(new Linear(1, 1)), new Linear(1, 1));
  assert.deepEqual(
    nested.namedParameters().map(([name]) => name),
    ['0.0.weight', '0.0.bias', '1.weight', '1.bias'],
  );
  const shared = new Linear(2, 2);
  assert.equal(new Sequential(shared, shared).namedParameters().length, 2, 'a shared layer is listed once');
});

test('input errors name the layer and the shapes', () => {
  const cases: [() => unknown, string | RegExp][] = [
    [() => new Linear(0, 3), 'Linear: inFeatures must be an integer >= 1 (got 0)'],
    [() => new Linear(2, 1.5), 'Linear: outFeatures must be an integer >= 1 (got 1.5)'],
    [() => new Linear(2, 3, { dtype: 'int8' as never }), /Linear: dtype must be 'float32' or 'float64'/],
    [() => new Linear(2, 3, { init: 'he' as never }), /Linear: init must be one of pytorch, xavierUniform/],
    [
      () => new Linear(20, 32).forward(Tensor.zeros([8, 10])),
      'Linear(20 → 32): the input must have 20 features on its last axis (got shape [8, 10])',
    ],
    [
      () => new Linear(2, 3).forward(Tensor.zeros([1, 2], 'float64')),
      "Linear(2 → 3): the input is float64 but the layer is float32; convert one with .to('float32')",
    ],
    [() => new Dropout(1), 'Dropout: p must be in [0, 1) (got 1)'],
    [() => new Dropout(-0.1), 'Dropout: p must be in [0, 1) (got -0.1)'],
    [() => new Dropout(NaN), 'Dropout: p must be in [0, 1) (got NaN)'],
    [() => new BatchNorm1d(0), 'BatchNorm1d: features must be an integer >= 1 (got 0)'],
    [() => new BatchNorm1d(3, { momentum: 1.5 }), 'BatchNorm1d: momentum must be in [0, 1] (got 1.5)'],
    [() => new BatchNorm1d(3, { eps: 0 }), 'BatchNorm1d: eps must be > 0 (got 0)'],
    [
      () => new BatchNorm1d(32).forward(Tensor.zeros([8, 16])),
      'BatchNorm1d(32): the input must be [N, 32] (got shape [8, 16])',
    ],
    [
      () => new BatchNorm1d(3).forward(Tensor.zeros([1, 3])),
      /BatchNorm1d\(3\): training needs more than 1 value per feature \(got input of shape \[1, 3\]\)/,
    ],
    [() => new LeakyReLU(NaN), 'LeakyReLU: slope must be a finite number (got NaN)'],
    [() => new Softmax(0.5), 'Softmax: axis must be an integer (got 0.5)'],
    [
      () => new Sequential(new Linear(4, 3), new ReLU(), new Linear(5, 2)).forward(Tensor.zeros([2, 4])),
      'layer 2 of the Sequential: Linear(5 → 2): the input must have 5 features on its last axis (got shape [2, 3])',
    ],
  ];
  for (const [fn, message] of cases) assert.throws(fn, { name: 'InputError', message });
  // A batch of one is fine in evaluation mode.
  assert.doesNotThrow(() => new BatchNorm1d(3).eval().forward(Tensor.zeros([1, 3])));
});
