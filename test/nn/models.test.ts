/**
 * The course's models: the Gabor model and linear regression against closed forms of their least-squares
 * losses and gradients, the shallow network of UDL eq. 3.1 against a hand computation, gradcheck on every
 * model, the MLP's PyTorch layout, and the input errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropy, mseLoss } from '../../src/autograd/ops/losses.js';
import { BatchNorm1d } from '../../src/nn/batchNorm.js';
import { Dropout } from '../../src/nn/dropout.js';
import { Linear } from '../../src/nn/linear.js';
import { gabor } from '../../src/nn/gabor.js';
import { gaborModel, linearRegression, logisticRegression, mlp, shallowNetwork } from '../../src/nn/models.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assertGradcheck, randn } from '../autograd/helpers.js';

const close = (actual: number, expected: number, rtol: number, label: string) =>
  assert.ok(
    Math.abs(actual - expected) <= rtol * Math.max(1, Math.abs(expected)),
    `${label}: ${actual} vs ${expected}`,
  );

/** 28 points as UDL Figure 6.3: x in [−15, 15], y from the Gabor model at φ = (0, 16.6) plus noise. */
function gaborData(): { x: number[]; y: number[] } {
  const random = new Random(11);
  const x = Array.from({ length: 28 }, () => random.uniformIn(-15, 15));
  const y = x.map((xi) => gaborClosedForm(0, 16.6, xi) + 0.1 * random.normal());
  return { x, y };
}

function gaborClosedForm(phi0: number, phi1: number, x: number): number {
  const z = phi0 + 0.06 * phi1 * x;
  return Math.sin(z) * Math.exp((-z * z) / 32);
}

test('Gabor model: f[x, φ] and the least-squares loss Σ(f − y)² with its gradient match the closed forms', () => {
  const { x, y } = gaborData();
  const xs = Tensor.from(x, { dtype: 'float64' });
  const ys = Tensor.from(y, { dtype: 'float64' });
  for (const [phi0, phi1] of [
    [0, 16.6],
    [-5, 25],
    [2.3, -7],
    [0.4, 3.1],
  ]) {
    const model = gaborModel({ phi: [phi0, phi1], dtype: 'float64' });
    const f = model.forward(xs);
    x.forEach((xi, i) => close(f.data[i], gaborClosedForm(phi0, phi1, xi), 1e-14, `f(${xi})`));
    const loss = mseLoss(f, ys, 'sum');
    loss.backward();
    // With z = φ0 + 0.06·φ1·x and e = exp(−z²/32): ∂f/∂z = e·(cos z − z·sin z/16),
    // ∂L/∂φ0 = Σ 2(f − y)·∂f/∂z and ∂L/∂φ1 = Σ 2(f − y)·∂f/∂z·0.06x.
    let value = 0;
    let d0 = 0;
    let d1 = 0;
    x.forEach((xi, i) => {
      const z = phi0 + 0.06 * phi1 * xi;
      const e = Math.exp((-z * z) / 32);
      const r = Math.sin(z) * e - y[i];
      const dfdz = e * (Math.cos(z) - (z * Math.sin(z)) / 16);
      value += r * r;
      d0 += 2 * r * dfdz;
      d1 += 2 * r * dfdz * 0.06 * xi;
    });
    close(loss.item(), value, 1e-12, `L at φ = (${phi0}, ${phi1})`);
    close(model.phi.grad?.[0] ?? NaN, d0, 1e-11, `∂L/∂φ0 at φ = (${phi0}, ${phi1})`);
    close(model.phi.grad?.[1] ?? NaN, d1, 1e-11, `∂L/∂φ1 at φ = (${phi0}, ${phi1})`);
  }
});

test('linear regression y = φ0 + φ1·x: the loss Σ(φ0 + φ1x − y)² and its gradient match the closed forms', () => {
  const x = [0.1, 0.5, 1.2, 2.0, 2.7, 3.3];
  const y = [0.9, 1.1, 1.9, 2.4, 3.1, 3.5];
  const xs = Tensor.from(
    x.map((v) => [v]),
    { dtype: 'float64' },
  );
  const ys = Tensor.from(
    y.map((v) => [v]),
    { dtype: 'float64' },
  );
  for (const [phi0, phi1] of [
    [0, 0],
    [0.5, 1],
    [-1, 2.5],
    [3, -0.7],
  ]) {
    const model = linearRegression(1, 1, { dtype: 'float64' });
    const [weight, bias] = model.parameters();
    weight.data[0] = phi1;
    bias.data[0] = phi0;
    const loss = mseLoss(model.forward(xs), ys, 'sum');
    loss.backward();
    // ∂L/∂φ0 = 2Σ rᵢ and ∂L/∂φ1 = 2Σ rᵢxᵢ with rᵢ = φ0 + φ1xᵢ − yᵢ.
    const r = x.map((xi, i) => phi0 + phi1 * xi - y[i]);
    close(
      loss.item(),
      r.reduce((s, ri) => s + ri * ri, 0),
      1e-14,
      'L',
    );
    close(bias.grad?.[0] ?? NaN, 2 * r.reduce((s, ri) => s + ri, 0), 1e-14, '∂L/∂φ0');
    close(weight.grad?.[0] ?? NaN, 2 * r.reduce((s, ri, i) => s + ri * x[i], 0), 1e-14, '∂L/∂φ1');
  }
  // Setting the gradient to zero gives the normal equations; their solution is a minimum of the loss.
  const n = x.length;
  const sx = x.reduce((a, b) => a + b);
  const sy = y.reduce((a, b) => a + b);
  const sxx = x.reduce((a, b) => a + b * b, 0);
  const sxy = x.reduce((a, b, i) => a + b * y[i], 0);
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const intercept = (sy - slope * sx) / n;
  const model = linearRegression(1, 1, { dtype: 'float64' });
  model.parameters()[0].data[0] = slope;
  model.parameters()[1].data[0] = intercept;
  mseLoss(model.forward(xs), ys, 'sum').backward();
  model.parameters().forEach((p) => assert.ok(Math.abs(p.grad?.[0] ?? NaN) < 1e-12));
});

test('shallow network (UDL eq. 3.1): output equals a hand computation', () => {
  const phi = [-0.2, 2, -1, 7];
  const theta = [
    [0.3, -1],
    [-1, 2],
    [-0.5, 0.65],
  ];
  const model = shallowNetwork({ phi, theta, dtype: 'float64' });
  assert.deepEqual(
    model.namedParameters().map(([name, t]) => [name, t.shape]),
    [
      ['phi', [4]],
      ['theta', [3, 2]],
    ],
  );
  // x = 1: pre-activations 0.3 − 1 = −0.7, −1 + 2 = 1, −0.5 + 0.65 = 0.15 → ReLU 0, 1, 0.15
  //   y = −0.2 + 2·0 − 1·1 + 7·0.15 = −0.15
  // x = 0: 0.3, −1, −0.5 → 0.3, 0, 0 → y = −0.2 + 0.6 = 0.4
  // x = −2: 2.3, −5, −1.8 → 2.3, 0, 0 → y = −0.2 + 4.6 = 4.4
  // x = 1.5: −1.2, 2, 0.475 → 0, 2, 0.475 → y = −0.2 − 2 + 3.325 = 1.125
  const y = model.forward(Tensor.from([1, 0, -2, 1.5], { dtype: 'float64' }));
  [-0.15, 0.4, 4.4, 1.125].forEach((expected, i) => close(y.data[i], expected, 1e-14, `y[${i}]`));
  const column = model.forward(Tensor.from([[1], [0]], { dtype: 'float64' }));
  assert.deepEqual(column.shape, [2, 1]);
  const tanh = shallowNetwork({ phi, theta, activation: 'tanh', dtype: 'float64' }).forward(
    Tensor.from([1], { dtype: 'float64' }),
  );
  close(tanh.data[0], -0.2 + 2 * Math.tanh(-0.7) - Math.tanh(1) + 7 * Math.tanh(0.15), 1e-14, 'tanh network');
});

test('gradcheck on every model (float64)', () => {
  const x = randn([9, 1], 1, { scale: 5 });
  const gabor = gaborModel({ phi: [0.5, 10], dtype: 'float64' });
  assertGradcheck((input) => gabor.forward(input).sum(), [x, gabor.phi]);
  // Inputs chosen away from the ReLU kinks θi0 + θi1·x = 0.
  const shallow = shallowNetwork({
    phi: [0.1, 1, -2, 0.5],
    theta: [
      [0.3, -1],
      [-1, 2],
      [-0.5, 0.65],
    ],
    dtype: 'float64',
  });
  const xs = Tensor.from([-2.1, -0.9, 0.1, 0.8, 1.7, 2.9], { dtype: 'float64', requiresGrad: true });
  assertGradcheck((input) => shallow.forward(input), [xs, shallow.phi, shallow.theta]);
  const labels = [0, 2, 1, 1, 0, 2, 1];
  for (const batchNorm of [false, true]) {
    const small = mlp({
      inputs: 4,
      hidden: [5, 3],
      outputs: 3,
      batchNorm,
      activation: 'tanh',
      dtype: 'float64',
      random: new Random(3),
    });
    assertGradcheck((input) => crossEntropy(small.forward(input), labels), [randn([7, 4], 2), ...small.parameters()]);
  }
  const logistic = logisticRegression(3, 2, { dtype: 'float64' });
  assertGradcheck(
    (input) => crossEntropy(logistic.forward(input), [0, 1, 1]),
    [randn([3, 3], 4), ...logistic.parameters()],
  );
});

test("mlp is laid out as PyTorch's nn.Sequential [Linear, (BatchNorm1d), activation, (Dropout), …, Linear]", () => {
  const plain = mlp({ inputs: 20, hidden: [32, 16], outputs: 4 });
  assert.deepEqual(plain.layers.map(String), ['Linear(20 → 32)', 'ReLU', 'Linear(32 → 16)', 'ReLU', 'Linear(16 → 4)']);
  const full = mlp({
    inputs: 20,
    hidden: [32, 16],
    outputs: 4,
    batchNorm: true,
    dropout: 0.2,
    activation: 'leaky_relu',
  });
  assert.deepEqual(full.layers.map(String), [
    'Linear(20 → 32)',
    'BatchNorm1d(32)',
    'LeakyReLU(0.01)',
    'Dropout(0.2)',
    'Linear(32 → 16)',
    'BatchNorm1d(16)',
    'LeakyReLU(0.01)',
    'Dropout(0.2)',
    'Linear(16 → 4)',
  ]);
  assert.deepEqual(
    full.namedTensors().map(([name]) => name),
    [
      '0.weight',
      '0.bias',
      '1.weight',
      '1.bias',
      '1.running_mean',
      '1.running_var',
      '4.weight',
      '4.bias',
      '5.weight',
      '5.bias',
      '5.running_mean',
      '5.running_var',
      '8.weight',
      '8.bias',
    ],
  );
  assert.ok(
    full.layers[0] instanceof Linear && full.layers[1] instanceof BatchNorm1d && full.layers[3] instanceof Dropout,
  );
  assert.deepEqual(mlp({ inputs: 3, hidden: [], outputs: 2 }).layers.map(String), ['Linear(3 → 2)']);
  assert.equal(mlp({ inputs: 3, hidden: [4], outputs: 2, dtype: 'float64' }).parameters()[0].dtype, 'float64');
  assert.deepEqual(
    linearRegression(3, 1)
      .namedParameters()
      .map(([n, t]) => [n, t.shape]),
    [
      ['0.weight', [1, 3]],
      ['0.bias', [1]],
    ],
  );
  assert.deepEqual(
    logisticRegression(784, 10)
      .namedParameters()
      .map(([n, t]) => [n, t.shape]),
    [
      ['0.weight', [10, 784]],
      ['0.bias', [10]],
    ],
  );
});

test('the same random seed gives the same model; a different one a different model', () => {
  const weights = (seed: number) =>
    Array.from(mlp({ inputs: 3, hidden: [4], outputs: 2, random: new Random(seed) }).parameters()[0].data);
  assert.deepEqual(weights(5), weights(5));
  assert.notDeepEqual(weights(5), weights(6));
});

test('input errors', () => {
  const cases: [() => unknown, string | RegExp][] = [
    [() => mlp({ inputs: 0, hidden: [], outputs: 2 }), 'mlp: inputs must be an integer >= 1 (got 0)'],
    [() => mlp({ inputs: 2, hidden: [3, 0], outputs: 2 }), 'mlp: hidden[1] must be an integer >= 1 (got 0)'],
    [() => mlp({ inputs: 2, hidden: 3 as never, outputs: 2 }), 'mlp: hidden must be an array of layer widths (got 3)'],
    [() => mlp({ inputs: 2, hidden: [3], outputs: 2, dropout: 1 }), 'mlp: dropout must be in [0, 1) (got 1)'],
    [
      () => mlp({ inputs: 2, hidden: [3], outputs: 2, activation: 'gelu' }),
      "unknown activation 'gelu'; valid: relu, leakyRelu, elu, tanh, sigmoid",
    ],
    [
      () => mlp({ inputs: 2, hidden: [3], outputs: 2, batchNorm: 'yes' as never }),
      'mlp: batchNorm must be true or false (got "yes")',
    ],
    [() => gaborModel({ phi: [1] as never }), 'gaborModel: phi must be two finite numbers (got [1])'],
    [() => shallowNetwork({ phi: [1, 2, 3] }), 'shallowNetwork: phi must hold 4 finite numbers (got [1,2,3])'],
    [
      () =>
        shallowNetwork({
          theta: [
            [1, 2, 3],
            [4, 5, 6],
          ],
        }),
      /shallowNetwork: theta must be three pairs/,
    ],
    [
      () => shallowNetwork().forward(Tensor.zeros([3, 2])),
      'shallowNetwork: the input must be a batch of scalars, [N] or [N, 1] (got shape [3, 2])',
    ],
    [() => linearRegression(0), 'Linear: inFeatures must be an integer >= 1 (got 0)'],
  ];
  for (const [fn, message] of cases) assert.throws(fn, { name: 'InputError', message });
});

test('gabor(x, φ) is the model as a function of its parameters too', () => {
  const x = Tensor.from([-3, 0.5, 4], { dtype: 'float64' });
  const phi = Tensor.from([0.2, 12], { dtype: 'float64', requiresGrad: true });
  const model = gaborModel({ phi: [0.2, 12], dtype: 'float64' });
  assert.deepEqual(Array.from(gabor(x, phi).data), Array.from(model.forward(x).data));
  assertGradcheck((p) => gabor(x, p).sum(), [phi]);
  assert.throws(() => gabor(x, Tensor.zeros([3], 'float64')), {
    name: 'InputError',
    message: 'gabor: phi must have shape [2] (got [3])',
  });
});
