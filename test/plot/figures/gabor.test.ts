/**
 * Figure 7, the Gabor model's loss: the closed form agrees with the engine's autodiff of `gabor`; the
 * critical points found are critical (zero gradient) and classified as the engine's Hessian says (at least
 * two minima and one saddle point); the global minimum lies near the true φ = (0, 16.6); gradient descent
 * from the bad start ends in a local minimum while SGD from it, whose loss rises on the way, ends at the
 * global one; and the figure draws all of it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradient, hessian } from '../../../src/autograd/hessian.js';
import { gabor } from '../../../src/nn/gabor.js';
import { symmetricEigenvalues2 } from '../../../src/problems/classify.js';
import type { Point } from '../../../src/problems/surface.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { findCriticalPoints } from '../../../src/plot/figures/criticalPoints.js';
import {
  GABOR_BAD_START,
  GABOR_GD,
  GABOR_SGD,
  GABOR_STARTS,
  gaborFigure,
  gaborGradientDescent,
  gaborProblem,
  gaborSgd,
  nearestMinimum,
  REACHED,
} from '../../../src/plot/figures/gabor.js';
import { GABOR_WINDOW } from '../../../src/problems/gabor.js';
import { renderSvg } from '../../../src/plot/svg.js';
import { countClass, pathsOfClass } from '../svgQuery.js';

const problem = gaborProblem();
const { loss, criticalPoints } = problem;
const distance = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
const end = (points: readonly Point[]): Point => points[points.length - 1];

/** L(φ) = Σ (gabor(x, φ) − y)² built from engine ops, for autodiff. */
const x = Tensor.from(Float64Array.from(problem.data.x));
const y = Tensor.from(Float64Array.from(problem.data.y));
const engineLoss = (phi: Tensor): Tensor => gabor(x, phi).sub(y).pow(2).sum();

test("the closed-form loss, gradient and Hessian agree with the engine's autodiff of gabor()", () => {
  for (const at of [
    [-3, 21],
    [0.02, 16.74],
    [5, 5],
    [-9, 3],
  ] as Point[]) {
    const phi = Float64Array.from(at);
    assert.ok(Math.abs(engineLoss(Tensor.from(phi)).item() - loss.value(...at)) < 1e-12 * loss.value(...at));
    const g = loss.gradient(...at, new Float64Array(2));
    gradient(engineLoss, phi).forEach((v, i) =>
      assert.ok(Math.abs(v - g[i]) < 1e-10 * (1 + Math.abs(v)), `∂L/∂φ${i} at ${at}`),
    );
    const h = loss.hessian(...at, new Float64Array(4));
    hessian(engineLoss, phi).forEach((v, i) =>
      assert.ok(Math.abs(v - h[i]) < 1e-8 * (1 + Math.abs(v)), `H[${i}] at ${at}: ${v} vs ${h[i]}`),
    );
  }
});

test('critical points: at least two minima and one saddle, each with zero gradient, classified as the engine Hessian says', () => {
  const kinds = (kind: string): number => criticalPoints.filter((c) => c.kind === kind).length;
  assert.ok(kinds('minimum') >= 2, `${kinds('minimum')} minima`);
  assert.ok(kinds('saddle') >= 1, `${kinds('saddle')} saddles`);
  assert.equal(kinds('degenerate'), 0);
  for (const c of criticalPoints) {
    assert.ok(
      c.point[0] >= GABOR_WINDOW.x[0] &&
        c.point[0] <= GABOR_WINDOW.x[1] &&
        c.point[1] >= GABOR_WINDOW.y[0] &&
        c.point[1] <= GABOR_WINDOW.y[1],
    );
    assert.ok(Math.hypot(...loss.gradient(...c.point, new Float64Array(2))) < 1e-8, `${c.kind} at ${c.point}`);
    const h = hessian(engineLoss, Float64Array.from(c.point));
    const [lo, hi] = symmetricEigenvalues2(h[0], h[1], h[3]);
    const expected = lo > 0 ? 'minimum' : hi < 0 ? 'maximum' : 'saddle';
    assert.equal(c.kind, expected, `at ${c.point}: eigenvalues ${lo}, ${hi}`);
  }
  // No two points are the same, and they come lowest loss first.
  criticalPoints.forEach((c, i) =>
    criticalPoints.slice(i + 1).forEach((d) => assert.ok(distance(c.point, d.point) > 1e-3)),
  );
  assert.ok(criticalPoints.every((c, i) => i === 0 || c.value >= criticalPoints[i - 1].value));
  // The global minimum: the first, a minimum, near the true parameters (0, 16.6).
  const [global] = criticalPoints;
  assert.equal(global.kind, 'minimum');
  assert.ok(distance(global.point, [0, 16.6]) < 0.3, `global minimum at ${global.point}`);
  // A coarser grid of starts finds the same global minimum.
  assert.ok(distance(findCriticalPoints(loss, GABOR_WINDOW, { starts: 15 })[0].point, global.point) < 1e-6);
});

test('gradient descent: from starts 1 and 3 to the global minimum, from start 2 into a local one', () => {
  const [global] = criticalPoints;
  const descents = GABOR_STARTS.map((start) => gaborGradientDescent(loss, start));
  descents.forEach((points) => assert.equal(points.length, GABOR_GD.steps + 1));
  assert.ok(distance(end(descents[0]), global.point) < 1e-2 && distance(end(descents[2]), global.point) < 1e-2);
  const stuck = nearestMinimum(criticalPoints, end(descents[GABOR_BAD_START]));
  assert.ok(distance(end(descents[GABOR_BAD_START]), stuck.point) < 1e-3, 'settled at a minimum');
  assert.notEqual(stuck, global);
  assert.ok(stuck.value > global.value + 2, `local minimum loss ${stuck.value} vs global ${global.value}`);
  // Descent: the loss never rises along any of the paths.
  for (const points of descents)
    points.slice(1).forEach((p, k) => assert.ok(loss.value(...p) <= loss.value(...points[k]) + 1e-12));
});

test('SGD from the bad start ends at the global minimum, its loss rising on the way (not a descent method)', () => {
  const [global] = criticalPoints;
  const bad = GABOR_STARTS[GABOR_BAD_START];
  const stuck = nearestMinimum(criticalPoints, end(gaborGradientDescent(loss, bad)));
  const path = gaborSgd(loss, bad);
  assert.equal(path.length, GABOR_SGD.steps + 1);
  assert.ok(distance(end(path), global.point) < REACHED, `SGD ends at ${end(path)}`);
  assert.ok(stuck.value > global.value + 2);
  assert.ok(
    path.some((p, k) => k > 0 && loss.value(...p) > loss.value(...path[k - 1]) + 1e-3),
    'some step raises the full loss',
  );
  assert.deepEqual(gaborSgd(loss, bad), path, 'seeded: the same path every time');
  // The other two starts get there too.
  for (const k of [0, 2]) assert.ok(distance(end(gaborSgd(loss, GABOR_STARTS[k])), global.point) < REACHED);
});

test('the figure: six paths, every critical point marked by its kind, two fits and the 28 points', () => {
  const figure = gaborFigure();
  const svg = renderSvg(figure.scene);
  const traces = pathsOfClass(svg, 'trace');
  assert.deepEqual(
    traces.map((t) => t.label),
    ['start 1', 'start 3', 'start 2', 'start 1', 'start 3', 'start 2'],
  );
  assert.deepEqual(
    traces.map((t) => t.vertices),
    [...Array(3).fill(GABOR_GD.steps + 1), ...Array(3).fill(GABOR_SGD.steps + 1)],
  );
  const count = (kind: string): number => criticalPoints.filter((c) => c.kind === kind).length;
  assert.equal(countClass(svg, 'saddle'), count('saddle'));
  assert.equal(countClass(svg, 'maximum'), count('maximum'));
  assert.equal(countClass(svg, 'minimum'), 3 * count('minimum'), 'every minimum in panels (a), (b) and (c)');
  assert.equal(countClass(svg, 'start'), 2 * GABOR_STARTS.length);
  assert.deepEqual(
    pathsOfClass(svg, 'fit').map((p) => p.label),
    ['local minimum', 'global minimum'],
  );
  assert.equal(countClass(svg, 'data'), problem.data.n);
  assert.match(
    svg,
    new RegExp(`>${count('minimum')} minima, ${count('saddle')} saddle points, ${count('maximum')} maxima</text>`),
  );
  assert.match(svg, />1 and 3 reach the global minimum; 2 ends in a local one \(loss 5\.29\)<\/text>/);
  assert.ok(figure.animation && figure.animation.frames[figure.animation.frames.length - 1].step === GABOR_SGD.steps);
});
