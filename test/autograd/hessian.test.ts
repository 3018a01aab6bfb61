/** hessian and hessianVectorProduct against closed-form Hessians (to 1e-6 relative, in practice ~1e-10). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradient, hessian, hessianVectorProduct } from '../../src/autograd/hessian.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** f(w) = Σ wᵢ⁴ + w₀w₁:  H = diag(12wᵢ²) + 1 at (0, 1) and (1, 0). */
const quartic = (w: Tensor): Tensor =>
  w
    .pow(4)
    .sum()
    .add(
      w
        .slice(0, 0, 1)
        .mul(w.slice(0, 1, 2))
        .sum(),
    );

function quarticHessian(w: number[]): number[] {
  const n = w.length;
  const h = new Array<number>(n * n).fill(0);
  w.forEach((v, i) => (h[i * n + i] = 12 * v * v));
  h[1] += 1;
  h[n] += 1;
  return h;
}

/** Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)²: H = [[2 − 400(y − x²) + 800x², −400x], [−400x, 200]]. */
const rosenbrock = (p: Tensor): Tensor => {
  const x = p.slice(0, 0, 1);
  const y = p.slice(0, 1, 2);
  return x
    .neg()
    .add(1)
    .pow(2)
    .add(y.sub(x.pow(2)).pow(2).mul(100))
    .sum();
};

function rosenbrockHessian([x, y]: number[]): number[] {
  return [2 - 400 * (y - x * x) + 800 * x * x, -400 * x, -400 * x, 200];
}

/** log Σ exp(wᵢ) (not a polynomial): H = diag(p) − ppᵀ with p = softmax(w). */
const logSumExp = (w: Tensor): Tensor => w.exp().sum().log();

function logSumExpHessian(w: number[]): number[] {
  const total = w.reduce((s, v) => s + Math.exp(v), 0);
  const p = w.map((v) => Math.exp(v) / total);
  return p.flatMap((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj));
}

function assertRelativelyClose(actual: Float64Array, expected: number[], rtol: number): void {
  const scale = Math.max(...expected.map(Math.abs));
  expected.forEach((e, i) => {
    const error = Math.abs(actual[i] - e) / Math.max(Math.abs(e), 1e-3 * scale);
    assert.ok(error <= rtol, `entry ${i}: ${actual[i]} vs ${e} (relative ${error})`);
  });
}

const CASES = [
  {
    name: 'Σ wᵢ⁴ + w₀w₁',
    f: quartic,
    exact: quarticHessian,
    points: [
      [0.5, -1.2, 2],
      [3, 0.1, -0.7, 10],
      [0, 0, 0],
    ],
  },
  {
    name: 'Rosenbrock',
    f: rosenbrock,
    exact: rosenbrockHessian,
    points: [
      [-1.5, 2],
      [1, 1],
      [0.3, -0.8],
      [120, -3],
    ],
  },
  {
    name: 'log Σ exp',
    f: logSumExp,
    exact: logSumExpHessian,
    points: [
      [0.1, -0.4, 1.3],
      [5, 5, -2, 0],
    ],
  },
];

for (const { name, f, exact, points } of CASES) {
  test(`hessian of ${name} matches the closed form to 1e-6 relative`, () => {
    for (const point of points) {
      const h = hessian(f, Float64Array.from(point));
      assertRelativelyClose(h, exact(point), 1e-6);
      const n = point.length;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) assert.equal(h[i * n + j], h[j * n + i]);
    }
  });

  test(`hessianVectorProduct of ${name} is H·v`, () => {
    for (const point of points) {
      const v = point.map((_, i) => (i % 2 === 0 ? 1.5 : -0.25) * (i + 1));
      const h = exact(point);
      const n = point.length;
      const expected = v.map((_, i) => v.reduce((s, vj, j) => s + h[i * n + j] * vj, 0));
      assertRelativelyClose(hessianVectorProduct(f, Float64Array.from(point), Float64Array.from(v)), expected, 1e-6);
    }
  });
}

test('the Richardson-extrapolated Hessian of a quartic is exact up to rounding (~1e-12)', () => {
  const point = [0.5, -1.2, 2];
  const h = hessian(quartic, Float64Array.from(point));
  assertRelativelyClose(h, quarticHessian(point), 1e-11);
});

test('gradient is the autodiff gradient; a zero direction gives a zero product; bad inputs are InputErrors', () => {
  assert.deepEqual(Array.from(gradient(rosenbrock, Float64Array.from([1, 1]))), [0, 0]);
  assert.deepEqual(Array.from(hessianVectorProduct(quartic, Float64Array.from([1, 2]), new Float64Array(2))), [0, 0]);
  assert.throws(
    () => hessianVectorProduct(quartic, Float64Array.from([1, 2]), new Float64Array(3)),
    /v has 3 entries but the parameters have 2/,
  );
  assert.throws(
    () => hessian((w) => w.mul(2), Float64Array.from([1, 2])),
    /hessian: f must return a scalar tensor \(got shape \[2\]\)/,
  );
});
