/**
 * Initialisers: the sample mean, standard deviation and bounds of each against torch.nn.init's formulas,
 * calculateGain's values, fan computation, reproducibility from the seed, and the input errors.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  calculateGain,
  fans,
  kaimingNormal,
  kaimingUniform,
  normal,
  pytorchDefault,
  uniform,
  xavierNormal,
  xavierUniform,
} from '../../src/nn/init.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** A [fanOut, fanIn] weight of 150 000 elements: sample moments are within ~0.5% of the truth. */
const FAN_OUT = 300;
const FAN_IN = 500;
const weight = () => Tensor.zeros([FAN_OUT, FAN_IN], 'float64');

function moments(t: Tensor): { mean: number; std: number; min: number; max: number } {
  const n = t.size;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of t.data) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / n;
  let squares = 0;
  for (const v of t.data) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / n), min, max };
}

/** Uniform on [−B, B]: mean 0, std B/√3, every value inside, the extremes close to ±B. */
function assertUniform(t: Tensor, bound: number): void {
  const { mean, std, min, max } = moments(t);
  assert.ok(Math.abs(mean) < 0.01 * bound, `mean ${mean}`);
  assert.ok(Math.abs(std / (bound / Math.sqrt(3)) - 1) < 0.01, `std ${std} vs ${bound / Math.sqrt(3)}`);
  assert.ok(min >= -bound && max <= bound, `range [${min}, ${max}] vs ±${bound}`);
  assert.ok(min < -0.999 * bound && max > 0.999 * bound, `range [${min}, ${max}] should reach ±${bound}`);
}

/** Normal N(0, σ²): mean 0, std σ, and about 4.6% of the values beyond 2σ. */
function assertNormal(t: Tensor, sigma: number, mu = 0): void {
  const { mean, std } = moments(t);
  assert.ok(Math.abs(mean - mu) < 0.01 * sigma, `mean ${mean} vs ${mu}`);
  assert.ok(Math.abs(std / sigma - 1) < 0.01, `std ${std} vs ${sigma}`);
  const beyond = t.data.filter((v) => Math.abs(v - mu) > 2 * sigma).length / t.size;
  assert.ok(Math.abs(beyond - 0.0455) < 0.003, `fraction beyond 2σ: ${beyond}`);
}

test('uniform(a, b) and normal(mean, std)', () => {
  const u = uniform(weight(), new Random(1), 2, 5);
  const { mean, min, max } = moments(u);
  assert.ok(Math.abs(mean - 3.5) < 0.01 && min >= 2 && max < 5);
  assertNormal(normal(weight(), new Random(2), 1.5, 0.3), 0.3, 1.5);
});

test('xavierUniform: U(±gain·√(6/(fanIn + fanOut)))', () => {
  assertUniform(xavierUniform(weight(), new Random(3)), Math.sqrt(6 / (FAN_IN + FAN_OUT)));
  assertUniform(xavierUniform(weight(), new Random(4), 5 / 3), (5 / 3) * Math.sqrt(6 / (FAN_IN + FAN_OUT)));
});

test('xavierNormal: N(0, (gain·√(2/(fanIn + fanOut)))²)', () => {
  assertNormal(xavierNormal(weight(), new Random(5)), Math.sqrt(2 / (FAN_IN + FAN_OUT)));
  assertNormal(xavierNormal(weight(), new Random(6), 2), 2 * Math.sqrt(2 / (FAN_IN + FAN_OUT)));
});

test("kaimingNormal: std gain/√fan, gain √2 for ReLU (and PyTorch's default leaky relu with a = 0)", () => {
  assertNormal(kaimingNormal(weight(), new Random(7), { nonlinearity: 'relu' }), Math.sqrt(2) / Math.sqrt(FAN_IN));
  assertNormal(kaimingNormal(weight(), new Random(8)), Math.sqrt(2 / FAN_IN));
  assertNormal(
    kaimingNormal(weight(), new Random(9), { mode: 'fanOut', nonlinearity: 'relu' }),
    Math.sqrt(2 / FAN_OUT),
  );
  assertNormal(kaimingNormal(weight(), new Random(10), { nonlinearity: 'tanh' }), 5 / 3 / Math.sqrt(FAN_IN));
});

test("kaimingUniform: bound √3·gain/√fan; with a = √5 it is PyTorch's Linear bound 1/√fanIn", () => {
  assertUniform(kaimingUniform(weight(), new Random(11), { nonlinearity: 'relu' }), Math.sqrt(6 / FAN_IN));
  assertUniform(
    kaimingUniform(weight(), new Random(12), { a: 0.2, mode: 'fanOut' }),
    (Math.sqrt(3) * Math.sqrt(2 / 1.04)) / Math.sqrt(FAN_OUT),
  );
  assertUniform(kaimingUniform(weight(), new Random(13), { a: Math.sqrt(5) }), 1 / Math.sqrt(FAN_IN));
});

test('pytorchDefault: weight and bias from U(±1/√fanIn)', () => {
  const w = weight();
  const b = Tensor.zeros([20000], 'float64');
  pytorchDefault(w, b, new Random(14));
  assertUniform(w, 1 / Math.sqrt(FAN_IN));
  assertUniform(b, 1 / Math.sqrt(FAN_IN));
});

test('calculateGain as torch.nn.init.calculate_gain', () => {
  assert.equal(calculateGain('linear'), 1);
  assert.equal(calculateGain('sigmoid'), 1);
  assert.equal(calculateGain('tanh'), 5 / 3);
  assert.equal(calculateGain('relu'), Math.sqrt(2));
  assert.equal(calculateGain('leakyRelu'), Math.sqrt(2 / (1 + 0.01 ** 2)));
  assert.equal(calculateGain('leakyRelu', 0), Math.sqrt(2));
  assert.equal(calculateGain('leakyRelu', 0.2), Math.sqrt(2 / 1.04));
  assert.equal(calculateGain('selu'), 0.75);
});

test('fans: [out, in, k…] gives fanIn = in·Πk and fanOut = out·Πk', () => {
  assert.deepEqual(fans('test', Tensor.zeros([4, 3])), { fanIn: 3, fanOut: 4 });
  assert.deepEqual(fans('test', Tensor.zeros([8, 2, 3, 3])), { fanIn: 18, fanOut: 72 });
});

test('the same seed gives the same weights; float32 tensors are filled too', () => {
  const a = xavierUniform(Tensor.zeros([5, 4]), new Random(42));
  const b = xavierUniform(Tensor.zeros([5, 4]), new Random(42));
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  assert.ok(a.data.some((v) => v !== 0));
});

test('input errors', () => {
  const r = new Random(0);
  const cases: [() => unknown, string][] = [
    [
      () => xavierUniform(Tensor.zeros([5]), r),
      'xavierUniform: fan in and fan out need a tensor of at least 2 dimensions (got shape [5])',
    ],
    [
      () => kaimingNormal(Tensor.zeros([5]), r),
      'kaimingNormal: fan in and fan out need a tensor of at least 2 dimensions (got shape [5])',
    ],
    [
      () => kaimingUniform(Tensor.zeros([2, 2]), r, { mode: 'in' as never }),
      "kaimingUniform: mode must be 'fanIn' or 'fanOut' (got \"in\")",
    ],
    [
      () => kaimingNormal(Tensor.zeros([2, 2]), r, { nonlinearity: 'gelu' as never }),
      'calculateGain: unknown nonlinearity "gelu"; valid: linear, selu, relu, leakyRelu, tanh, sigmoid',
    ],
    [() => normal(Tensor.zeros([2]), r, 0, -1), 'normal: std must be finite and >= 0 (got -1)'],
    [() => uniform(Tensor.zeros([2]), r, 1, 0), 'uniform: needs finite bounds with low <= high (got 1 and 0)'],
    [() => xavierNormal(Tensor.zeros([2, 2]), r, -1), 'xavierNormal: gain must be finite and >= 0 (got -1)'],
  ];
  for (const [fn, message] of cases) assert.throws(fn, { name: 'InputError', message });
});
