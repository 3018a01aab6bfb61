/**
 * The course's figures say what the course says, checked on the numbers they are drawn from: the step
 * sizes crawl / work / oscillate / diverge, momentum stops short / gets closer / reaches / swings, AdaGrad is
 * slowest, RMSProp fast but rattling, Adam fast and steady, and so on. And every figure in the table builds
 * into a scene with its title, its paths and, where animated, frames.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adaptiveTraces, udl69Traces } from '../../src/plot/figures/adaptive.js';
import { gradientDescent1d, GD1D_STARTS, loss1d } from '../../src/plot/figures/gradientDescent1d.js';
import { lineLoss, lineSearchSteps } from '../../src/plot/figures/lineSearch.js';
import { MOMENTUM_START, momentumTraces, overshootDistance, overshoots } from '../../src/plot/figures/momentum.js';
import { meanTurn, NESTEROV, nesterovStep, noisyPath, NOISY_CASES } from '../../src/plot/figures/momentumNesterov.js';
import { figureNames, FIGURES } from '../../src/plot/figures/registry.js';
import { STEP_SIZE_START, stepSizeTraces } from '../../src/plot/figures/stepSize.js';
import { createOptimizer } from '../../src/optim/registry.js';
import { createSurface } from '../../src/problems/registry.js';
import type { Point } from '../../src/problems/surface.js';
import { renderSvg } from '../../src/plot/svg.js';

const distance = ([x, y]: Point, [mx, my]: Point = [0, 0]): number => Math.hypot(x - mx, y - my);
const end = (points: readonly Point[]): Point => points[points.length - 1];
const signChanges = (values: number[]): number => values.slice(1).filter((v, k) => v * values[k] < 0).length;

/** How often the direction of travel reverses (consecutive steps with a negative dot product). */
function reversals(points: readonly Point[]): number {
  let count = 0;
  for (let k = 2; k < points.length; k++) {
    const dot =
      (points[k - 1][0] - points[k - 2][0]) * (points[k][0] - points[k - 1][0]) +
      (points[k - 1][1] - points[k - 2][1]) * (points[k][1] - points[k - 1][1]);
    if (dot < 0) count++;
  }
  return count;
}

test('step size: 0.005 crawls, 0.045 arrives, 0.098 zigzags across the valley, 0.11 diverges', () => {
  const [small, good, oscillating, diverging] = stepSizeTraces();
  const d0 = distance(STEP_SIZE_START);
  // Crawls: still more than half the way to go, never crossing the valley floor.
  assert.ok(distance(end(small.points)) > 0.5 * d0, String(distance(end(small.points))));
  assert.equal(signChanges(small.points.map((p) => p[1])), 0);
  // Good: within 2 % of the start distance, no oscillation.
  assert.ok(distance(end(good.points)) < 0.02 * d0, String(distance(end(good.points))));
  assert.equal(signChanges(good.points.map((p) => p[1])), 0);
  // Oscillates: y flips sign at every one of the 40 steps, yet the run still closes in (ends at 0.23).
  assert.equal(signChanges(oscillating.points.map((p) => p[1])), 40);
  assert.ok(
    distance(end(oscillating.points)) < 0.15 * d0 && distance(end(oscillating.points)) > 5 * distance(end(good.points)),
  );
  // Diverges: flips sign every step and grows, 1764 from the minimum after 40 steps.
  assert.equal(signChanges(diverging.points.map((p) => p[1])), 40);
  assert.ok(distance(end(diverging.points)) > 500 * d0, String(distance(end(diverging.points))));
  const growth = diverging.points.slice(1).map((p, k) => distance(p) / distance(diverging.points[k]));
  assert.ok(growth.slice(5).every((g) => g > 1.1));
});

test('momentum: β = 0 stops short, 0.6 gets closer, 0.8 reaches with a small overshoot, 0.9 swings far past', () => {
  const [none, b6, b8, b9] = momentumTraces().map((t) => t.points);
  const d0 = distance(MOMENTUM_START);
  const ends = [none, b6, b8, b9].map((p) => distance(end(p)) / d0);
  assert.ok(ends[0] > 0.35, `β=0 ends at ${ends[0]} of the start distance`);
  assert.ok(ends[1] < 0.5 * ends[0] && ends[1] > 0.05, `β=0.6 ends at ${ends[1]}`);
  assert.ok(ends[2] < 0.02, `β=0.8 ends at ${ends[2]}`);
  assert.deepEqual([none, b6, b8, b9].map(overshoots), [0, 0, 1, 2]);
  assert.ok(overshootDistance(b8) < 0.03 * d0, 'β=0.8 overshoots a little');
  assert.ok(overshootDistance(b9) > 0.25 * d0, 'β=0.9 swings a quarter of the way back out');
  assert.ok(overshootDistance(b9) > 8 * overshootDistance(b8));
  // 0.9 does reach the minimum on the way: its closest approach is within 2 % of the start distance.
  assert.ok(Math.min(...b9.map((p) => distance(p))) < 0.02 * d0);
});

test('adaptive race: AdaGrad slowest, RMSProp first but rattling at the end, Adam fast and steady', () => {
  const minimum = createSurface({ name: 'himmelblau' }).minima[2];
  assert.ok(distance(minimum, [-3.78, -3.28]) < 0.01);
  const [adagrad, rmsprop, adam] = adaptiveTraces().map((t) => t.points);
  const arrival = (points: readonly Point[]): number => points.findIndex((p) => distance(p, minimum) < 0.2);
  assert.deepEqual([adagrad, rmsprop, adam].map(arrival), [78, 9, 25]);
  const tail = (points: readonly Point[]): Point[] => points.slice(-30);
  // RMSProp: every step of the last 30 reverses direction, and it never gets within 0.08 of the minimum.
  assert.equal(reversals(tail(rmsprop)), 28);
  assert.ok(Math.min(...tail(rmsprop).map((p) => distance(p, minimum))) > 0.08);
  // Adam: at most one reversal at the end, and 1e-3 from the minimum.
  assert.ok(reversals(tail(adam)) <= 1);
  assert.ok(distance(end(adam), minimum) < 1e-3);
  assert.ok(distance(end(adagrad), minimum) < 0.02);
});

test('UDL 6.9: the steep-axis step crawls in x, the shallow-axis step blows up in y, sign steps bounce, Adam is smooth', () => {
  const [steep, shallow, normalised, adam] = udl69Traces().map((t) => t.points);
  assert.ok(Math.abs(end(steep)[1]) < 1e-20 && end(steep)[0] < -0.2, 'y settled, x still far');
  assert.ok(Math.abs(end(shallow)[0]) < 0.01 && Math.abs(end(shallow)[1]) > 1000, 'x settled, y exploded');
  const [p1, p2, p3] = normalised.slice(-3);
  assert.ok(distance(p1, p3) < 1e-6 && distance(p1, p2) > 0.1, 'bounces between two points');
  assert.ok(reversals(normalised.slice(-20)) >= 18);
  assert.equal(reversals(adam), 0);
  assert.ok(meanTurn(adam) < 0.1 && meanTurn(normalised) > 1);
  assert.ok(distance(end(adam)) < distance(end(steep)));
});

test('noisy gradients: momentum turns less and travels a shorter path than plain SGD on the same noise', () => {
  const [plain, momentum] = NOISY_CASES.map((c) => noisyPath(c.optimizer));
  const length = (points: readonly Point[]): number =>
    points.slice(1).reduce((sum, p, k) => sum + distance(p, points[k]), 0);
  assert.ok(meanTurn(plain) > 2.5 * meanTurn(momentum), `${meanTurn(plain)} vs ${meanTurn(momentum)}`);
  assert.ok(length(plain) > 2 * length(momentum), `${length(plain)} vs ${length(momentum)}`);
  assert.deepEqual(noisyPath(NOISY_CASES[0].optimizer), plain, 'seeded: the same noise every time');
});

test("Nesterov arrows: 1→4 and 2→3 are the same momentum step, and point 5 is the nesterov optimizer's next point", () => {
  const { path, points } = nesterovStep();
  const [p1, p2, p3, p4, p5] = points;
  assert.deepEqual(path[path.length - 1], p1);
  assert.ok(Math.abs(p4[0] - p1[0] - (p3[0] - p2[0])) < 1e-12 && Math.abs(p4[1] - p1[1] - (p3[1] - p2[1])) < 1e-12);
  const theta = { data: Float64Array.from(NESTEROV.start), grad: new Float64Array(2) };
  const optimizer = createOptimizer([theta], {
    name: 'nesterov',
    lr: NESTEROV.lr,
    momentum: NESTEROV.momentum,
    emaMomentum: true,
  });
  const closure = (): number => {
    theta.grad[0] = theta.data[0];
    theta.grad[1] = 4 * theta.data[1];
    return 0;
  };
  for (let k = 0; k <= NESTEROV.stepsBefore; k++) optimizer.step(closure);
  assert.ok(distance([theta.data[0], theta.data[1]], p5) < 1e-12);
  // The look-ahead gradient differs from the one at point 1 by a visible angle (about 55°).
  const angle = (a: Point, b: Point, c: Point, d: Point): number =>
    Math.acos(((b[0] - a[0]) * (d[0] - c[0]) + (b[1] - a[1]) * (d[1] - c[1])) / (distance(b, a) * distance(d, c)));
  assert.ok(angle(p1, p2, p4, p5) > (45 * Math.PI) / 180);
});

test('gradient descent in 1-D: from either side towards θ = 1, steps proportional to the slope', () => {
  const [left, right] = GD1D_STARTS.map((start) => gradientDescent1d(start));
  assert.ok(
    left.every((t, k) => k === 0 || (t > left[k - 1] && t < 1)),
    'from the left: rising, never past the minimum',
  );
  assert.ok(
    right.every((t, k) => k === 0 || (t < right[k - 1] && t > 1)),
    'from the right: falling, never past it',
  );
  assert.ok(Math.abs(left[1] - left[0] - 0.1 * (1 - left[0] ** 3)) < 1e-12);
  assert.ok(right[0] - right[1] > 3 * (left[1] - left[0]), 'the steep side takes the longer first step');
  assert.ok(loss1d(right[right.length - 1]) < loss1d(left[left.length - 1]));
});

test('line search: each step keeps the minimum inside [a, d] and shrinks it by the golden ratio', () => {
  const { steps, t } = lineSearchSteps();
  const f = lineLoss();
  assert.ok(steps.length >= 6);
  for (const [k, { a, b, c, d }] of steps.entries()) {
    assert.ok(a < b && b < c && c < d && a <= t && t <= d);
    if (k > 0 && k < 30) assert.ok(Math.abs((d - a) / (steps[k - 1].d - steps[k - 1].a) - 0.6180339887) < 1e-9);
  }
  assert.ok(f(t) < f(t - 1e-4) && f(t) < f(t + 1e-4), 'ends at a minimum along the line');
  assert.ok(t > 0.4 && t < 0.47);
});

test('every figure builds: a titled scene, paths or curves drawn, animated ones with frames', async () => {
  assert.deepEqual(figureNames, [
    'race',
    'gradient-descent-1d',
    'step-size',
    'momentum',
    'adaptive',
    'adaptive-axes',
    'linear-regression',
    'gabor',
    'momentum-nesterov',
    'line-search',
    'overfitting',
    'loss-along-line',
  ]);
  const stills = ['linear-regression', 'line-search', 'overfitting', 'loss-along-line'];
  for (const entry of FIGURES) {
    const figure = await entry.build({});
    const svg = renderSvg(figure.scene);
    assert.match(svg, /<text class="title"[^>]*>[^<]+<\/text>/, entry.name);
    assert.ok(figure.scene.width % 2 === 0 && figure.scene.height % 2 === 0, `${entry.name}: even size for yuv420p`);
    if (entry.name === 'line-search') assert.equal((svg.match(/class="bracket-label"/g) ?? []).length, 24);
    if (stills.includes(entry.name)) {
      assert.equal(figure.animation, undefined, entry.name);
      assert.ok((svg.match(/<path class="(trace|curve|fit)"/g) ?? []).length >= 1, entry.name);
    } else {
      assert.ok(figure.animation && figure.animation.frames.length > 5, entry.name);
      assert.ok((svg.match(/<path class="trace"/g) ?? []).length >= 1, entry.name);
    }
  }
});
