/**
 * Figure 6, linear regression: the least-squares surface agrees with the engine's autodiff; each of the
 * four line-search steps goes along −∇L to the exact minimum on that line (so successive gradients are
 * orthogonal) and lowers the loss; the iterates close in on the normal equations' solution, which lies near
 * the line the data came from; the figure draws one line per iterate, the data and the path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradient, hessian } from '../../../src/autograd/hessian.js';
import type { Point } from '../../../src/problems/surface.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { LINE_BOOK, lineBookData } from '../../../src/data/book.js';
import {
  linearRegressionFigure,
  REGRESSION_ITERATIONS,
  REGRESSION_START,
  regressionDescent,
} from '../../../src/plot/figures/linearRegression.js';
import { linearRegressionSurface } from '../../../src/problems/linearRegression.js';
import { renderSvg } from '../../../src/plot/svg.js';
import { countClass, pathsOfClass } from '../svgQuery.js';

const data = lineBookData();
const surface = linearRegressionSurface(data);
const grad = (p: Point): Float64Array => surface.gradient(p[0], p[1], new Float64Array(2));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => a[0] * b[0] + a[1] * b[1];
const norm = (a: ArrayLike<number>): number => Math.hypot(a[0], a[1]);

test("the least-squares surface agrees with the engine's autodiff of Σ (φ0 + φ1·x − y)²", () => {
  const x = Tensor.from(Float64Array.from(data.x));
  const y = Tensor.from(Float64Array.from(data.y));
  const f = (phi: Tensor): Tensor =>
    phi
      .slice(0, 1, 2)
      .mul(x)
      .add(phi.slice(0, 0, 1))
      .sub(y)
      .pow(2)
      .sum();
  for (const at of [REGRESSION_START, [1, 2], [0.3, -0.4]] as Point[]) {
    const phi = Float64Array.from(at);
    assert.ok(Math.abs(f(Tensor.from(phi)).item() - surface.value(...at)) < 1e-12);
    gradient(f, phi).forEach((v, i) => assert.ok(Math.abs(v - grad(at)[i]) < 1e-12));
    const h = surface.hessian(...at, new Float64Array(4));
    hessian(f, phi).forEach((v, i) => assert.ok(Math.abs(v - h[i]) < 1e-9, `H[${i}]`));
  }
});

test('four steps of exact line search: along −∇L, to the minimum on the line, each gradient orthogonal to the last', () => {
  const path = regressionDescent(surface);
  assert.equal(path.length, REGRESSION_ITERATIONS + 1);
  assert.deepEqual(path[0], REGRESSION_START);
  for (let k = 0; k < REGRESSION_ITERATIONS; k++) {
    const g = grad(path[k]);
    const step = [path[k + 1][0] - path[k][0], path[k + 1][1] - path[k][1]];
    // Along −g: the step is parallel to g and points against it.
    assert.ok(Math.abs(step[0] * g[1] - step[1] * g[0]) < 1e-9 * norm(step) * norm(g));
    assert.ok(dot(step, g) < 0);
    // The exact minimum on the line: the new gradient has no component along the old one.
    assert.ok(Math.abs(dot(grad(path[k + 1]), g)) < 1e-6 * norm(g) * norm(grad(path[k + 1])), `step ${k + 1}`);
    assert.ok(surface.value(...path[k + 1]) < surface.value(...path[k]));
  }
});

test('the iterates close in on the least-squares solution, which lies near the line the data came from', () => {
  const [solution] = surface.minima;
  assert.ok(norm(grad(solution)) < 1e-9, 'the normal equations: zero gradient');
  assert.ok(
    Math.abs(solution[0] - LINE_BOOK.intercept) < 0.15 && Math.abs(solution[1] - LINE_BOOK.slope) < 0.15,
    `solution ${solution}`,
  );
  const path = regressionDescent(surface);
  const gap = (p: Point): number => surface.value(...p) - surface.value(...solution);
  assert.ok(
    gap(path[REGRESSION_ITERATIONS]) < 0.01 * gap(path[0]),
    'the excess loss falls a hundredfold in four steps',
  );
  // More iterations reach it.
  const long = regressionDescent(surface, REGRESSION_START, 40);
  assert.ok(Math.hypot(long[40][0] - solution[0], long[40][1] - solution[1]) < 1e-6);
});

test('the figure: the data, a line per iterate, the path through the five iterates and the minimum', () => {
  const svg = renderSvg(linearRegressionFigure().scene);
  assert.deepEqual(
    pathsOfClass(svg, 'fit').map((p) => [p.label, p.vertices]),
    [0, 1, 2, 3, 4].map((k) => [String(k), 2]),
  );
  assert.equal(countClass(svg, 'data'), data.n);
  assert.deepEqual(
    pathsOfClass(svg, 'trace').map((p) => p.vertices),
    [REGRESSION_ITERATIONS + 1],
  );
  assert.equal(countClass(svg, 'iterate'), REGRESSION_ITERATIONS + 1);
  assert.equal(countClass(svg, 'minimum'), 1);
  assert.match(svg, /<text class="legend"[^>]*>iteration 4<\/text>/);
});
