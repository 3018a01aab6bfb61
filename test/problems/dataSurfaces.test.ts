/**
 * The course's losses over data as surfaces (gabor, linearRegression, logisticRegression, shallowNetwork):
 * closed-form gradients and Hessians against the engine's autodiff of the same loss written as tensor ops
 * (src/autograd/hessian.ts) and against central differences; mini-batch estimates against the per-example
 * sums; the minima against closed forms (normal equations) and Newton's condition ∇L = 0.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { gradient, hessian } from '../../src/autograd/hessian.js';
import {
  GABOR_BOOK,
  LINE_BOOK,
  LOGISTIC_BOOK,
  SHALLOW_NETWORK_BOOK,
  SHALLOW_NETWORK_PARAMETERS,
} from '../../src/data/book.js';
import { gabor } from '../../src/nn/gabor.js';
import type { FiniteSumSurface } from '../../src/problems/finiteSum.js';
import { createSurface } from '../../src/problems/registry.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assertClose } from '../helpers/close.js';

const surface = (name: string): FiniteSumSurface => createSurface({ name }) as FiniteSumSurface;

/** The same loss as tensor ops on θ = (φ0, φ1), for the engine's autodiff. */
const references: Record<string, (s: FiniteSumSurface) => (p: Tensor) => Tensor> = {
  gabor: (s) => (p) =>
    gabor(Tensor.from(s.data.x, { dtype: 'float64' }), p)
      .sub(Tensor.from(s.data.y, { dtype: 'float64' }))
      .pow(2)
      .sum(),
  linearRegression: (s) => (p) =>
    Tensor.from(s.data.x, { dtype: 'float64' })
      .mul(p.slice(0, 1, 2))
      .add(p.slice(0, 0, 1))
      .sub(Tensor.from(s.data.y, { dtype: 'float64' }))
      .pow(2)
      .sum(),
  logisticRegression: (s) => (p) => {
    const z = Tensor.from(s.data.x, { dtype: 'float64' })
      .mul(p.slice(0, 1, 2))
      .add(p.slice(0, 0, 1));
    return z
      .softplus()
      .sub(z.mul(Tensor.from(s.data.y, { dtype: 'float64' })))
      .sum();
  },
  shallowNetwork: (s) => (p) => {
    const { phi, theta } = SHALLOW_NETWORK_PARAMETERS;
    const x = Tensor.from(s.data.x, { dtype: 'float64' });
    const unit = (offset: Tensor | number, slope: Tensor | number): Tensor =>
      typeof slope === 'number'
        ? x
            .mul(slope)
            .add(offset as number)
            .relu()
        : x.mul(slope).add(offset).relu();
    const f = unit(p.slice(0, 0, 1), p.slice(0, 1, 2))
      .mul(phi[1])
      .add(unit(theta[1][0], theta[1][1]).mul(phi[2]))
      .add(unit(theta[2][0], theta[2][1]).mul(phi[3]))
      .add(phi[0]);
    return f
      .sub(Tensor.from(s.data.y, { dtype: 'float64' }))
      .pow(2)
      .sum();
  },
};

/** Points of the window at least `margin` from the shallow network's kinks (θ10 + θ11·xᵢ = 0 at an input). */
function smoothPoints(s: FiniteSumSurface, margin: number): fc.Arbitrary<[number, number]> {
  const unit = fc.integer({ min: 0, max: 2 ** 30 }).map((i) => i / 2 ** 30);
  const { x, y } = s.window;
  return fc
    .tuple(unit, unit)
    .map(([u, v]): [number, number] => [x[0] + (x[1] - x[0]) * u, y[0] + (y[1] - y[0]) * v])
    .filter(
      ([a, b]) => s.name !== 'shallowNetwork' || Array.from(s.data.x).every((xi) => Math.abs(a + b * xi) > margin),
    );
}

for (const name of Object.keys(references)) {
  test(`${name}: gradient and Hessian equal the engine's autodiff of the same loss`, () => {
    const s = surface(name);
    const f = references[name](s);
    fc.assert(
      fc.property(smoothPoints(s, 1e-2), ([a, b]) => {
        const at = Float64Array.of(a, b);
        assertClose(s.value(a, b), f(new Tensor(at, [2])).data[0], 1e-12, 1e-12);
        assertClose(s.gradient(a, b, new Float64Array(2)), gradient(f, at), 1e-10, 1e-10);
        assertClose(s.hessian(a, b, new Float64Array(4)), hessian(f, at), 1e-7, 1e-7);
      }),
      { seed: 3, numRuns: 40 },
    );
  });

  test(`${name}: gradient against central differences of the loss`, () => {
    const s = surface(name);
    const h = 1e-6;
    fc.assert(
      fc.property(smoothPoints(s, 1e-2), ([a, b]) => {
        const g = s.gradient(a, b, new Float64Array(2));
        const numeric = [
          (s.value(a + h, b) - s.value(a - h, b)) / (2 * h),
          (s.value(a, b + h) - s.value(a, b - h)) / (2 * h),
        ];
        assertClose(g, numeric, 1e-5, 1e-5);
      }),
      { seed: 4, numRuns: 40 },
    );
  });

  test(`${name}: a mini-batch gives (n/|B|)·Σ over its rows of the one-example losses; all rows give the full loss`, () => {
    const s = surface(name);
    const [a, b] = [0.3, 1.7];
    const all = Array.from({ length: s.n }, (_, i) => i);
    assert.equal(s.batchValue(a, b, all), s.value(a, b));
    const batch = [3, 0, 7];
    const one = (rows: number[]): [number, number[], number[]] => [
      s.batchValue(a, b, rows) / s.n,
      Array.from(s.batchGradient(a, b, rows, new Float64Array(2))).map((v) => v / s.n),
      Array.from(s.batchHessian(a, b, rows, new Float64Array(4))).map((v) => v / s.n),
    ];
    const terms = batch.map((i) => one([i]));
    const scale = s.n / batch.length;
    const sum = (pick: (t: [number, number[], number[]]) => number): number =>
      scale * terms.reduce((acc, t) => acc + pick(t), 0);
    assertClose(
      s.batchValue(a, b, batch),
      sum((t) => t[0]),
      1e-14,
    );
    assertClose(
      Array.from(s.batchGradient(a, b, batch, new Float64Array(2))),
      [0, 1].map((k) => sum((t) => t[1][k])),
      1e-13,
      1e-15,
    );
    assertClose(
      Array.from(s.batchHessian(a, b, batch, new Float64Array(4))),
      [0, 1, 2, 3].map((k) => sum((t) => t[2][k])),
      1e-13,
      1e-15,
    );
  });

  test(`${name}: the known minimum has zero gradient and is a minimum`, () => {
    const s = surface(name);
    const [a, b] = s.minima[0];
    const g = s.gradient(a, b, new Float64Array(2));
    assert.ok(Math.hypot(g[0], g[1]) < 1e-10, `gradient ${g}`);
    assert.equal(s.classify([a, b]).kind, 'minimum');
  });
}

test('linearRegression: the minimum is the normal equations’ solution', () => {
  const s = surface('linearRegression');
  const { x, y } = s.data;
  const n = s.n;
  const [sx, sy] = [x.reduce((t, v) => t + v, 0), y.reduce((t, v) => t + v, 0)];
  const sxx = x.reduce((t, v) => t + v * v, 0);
  const sxy = x.reduce((t, v, i) => t + v * y[i], 0);
  // [[n, Σx], [Σx, Σx²]]·φ = [Σy, Σxy], solved by Cramer's rule.
  const det = n * sxx - sx * sx;
  assertClose(s.minima[0], [(sxx * sy - sx * sxy) / det, (n * sxy - sx * sy) / det], 1e-12);
});

test('the default data are the recipes with their seeds; another seed or size re-draws', () => {
  assert.deepEqual(createSurface({ name: 'gabor' }).params, { ...GABOR_BOOK });
  assert.equal(surface('gabor').n, 28);
  assert.equal(surface('linearRegression').n, LINE_BOOK.n);
  assert.equal(surface('logisticRegression').n, LOGISTIC_BOOK.n);
  assert.equal(surface('shallowNetwork').n, SHALLOW_NETWORK_BOOK.n);
  // Logistic regression (UDL problem 6.4): ten labelled 0, then ten labelled 1.
  assert.deepEqual(Array.from(surface('logisticRegression').data.y), [...Array(10).fill(0), ...Array(10).fill(1)]);
  const other = createSurface({ name: 'gabor', seed: 2, n: 40 }) as FiniteSumSurface;
  assert.equal(other.n, 40);
  assert.notEqual(other.data.x[0], surface('gabor').data.x[0]);
});

test('bad draws and options are one-line errors naming the range', () => {
  assert.throws(() => createSurface({ name: 'gabor', n: 0 }), /gabor: n must be an integer >= 1 \(got 0\)/);
  assert.throws(
    () => createSurface({ name: 'linearRegression', noise: -1 }),
    /linearRegression: noise must be >= 0 \(got -1\)/,
  );
  assert.throws(
    () => createSurface({ name: 'logisticRegression', noise: 1 }),
    /logisticRegression: unknown option 'noise'; valid options: seed, n/,
  );
  assert.throws(
    () => createSurface({ name: 'shallowNetwork', seed: -1 }),
    /seed must be an integer in \[0, 4294967295\] \(got -1\)/,
  );
});
