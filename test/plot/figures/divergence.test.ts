/**
 * Paths that would fill a panel with a block of lines are drawn in part: a diverging path until two steps
 * after it leaves the window, with an arrow where it leaves; the step-size figure's slow oscillation for 12
 * steps. The numbers behind the figures are unchanged (test/plot/figures.test.ts checks them on the full
 * traces); here, what is drawn.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { udl69Figure, udl69Traces } from '../../../src/plot/figures/adaptive.js';
import { pointsToDraw, segmentExit } from '../../../src/plot/figures/divergence.js';
import {
  STEP_SIZE_STEPS,
  STEP_SIZE_WINDOW,
  stepSizeFigure,
  stepSizeTraces,
} from '../../../src/plot/figures/stepSize.js';
import type { Point, Window } from '../../../src/problems/surface.js';
import { renderSvg } from '../../../src/plot/svg.js';
import { pathsOfClass, textsOfClass } from '../svgQuery.js';

const BOX: Window = { x: [0, 1], y: [0, 1] };

test('segmentExit: where a segment leaves the window, going from its start to its end', () => {
  assert.deepEqual(segmentExit([0.5, 0.5], [0.5, 2], BOX), [0.5, 1]);
  assert.deepEqual(segmentExit([0.5, -1], [0.5, 3], BOX), [0.5, 1], 'crossing the whole window: leaves at the top');
  assert.deepEqual(segmentExit([-1, 0.5], [0.5, 0.5], BOX), null, 'enters and stays');
  assert.deepEqual(segmentExit([2, 2], [3, 2], BOX), null, 'never inside');
  assert.deepEqual(segmentExit([0.2, 0.2], [0.4, 0.4], BOX), null, 'stays inside');
  const [x, y] = segmentExit([0, 0.5], [2, 1.5], BOX) as Point;
  assert.ok(Math.abs(x - 1) < 1e-12 && Math.abs(y - 1) < 1e-12, 'through the corner');
});

test('pointsToDraw: all of a path that stays, or up to two points past the first one outside', () => {
  const path: Point[] = [
    [0.5, 0.5],
    [0.6, 0.6],
    [0.5, 1.5],
    [0.5, -2],
    [0.5, 4],
    [0.5, -8],
  ];
  assert.equal(pointsToDraw(path, BOX), 5);
  assert.equal(pointsToDraw(path, BOX, 0), 3);
  assert.equal(pointsToDraw(path.slice(0, 2), BOX), 2);
});

test('step size: the oscillating path drawn for 12 steps, the diverging one for 4 with an arrow; the others whole', () => {
  const traces = stepSizeTraces();
  const leaves = traces[3].points.findIndex(
    ([x, y]) => Math.abs(x) > STEP_SIZE_WINDOW.x[1] || Math.abs(y) > STEP_SIZE_WINDOW.y[1],
  );
  assert.equal(leaves, 2);
  const svg = renderSvg(stepSizeFigure().scene);
  assert.deepEqual(
    pathsOfClass(svg, 'trace').map((p) => p.vertices),
    [STEP_SIZE_STEPS + 1, STEP_SIZE_STEPS + 1, 13, leaves + 3],
  );
  assert.deepEqual(textsOfClass(svg, 'diverges'), ['diverges']);
  assert.equal(pathsOfClass(svg, 'arrow').length, 1);
  assert.match(svg, />0\.23 from the minimum after 40 steps \(12 drawn\)<\/text>/);
  assert.match(svg, />out at step 2, \|θ\| = 1760 at step 40 \(4 drawn\)<\/text>/);
});

test('UDL 6.9: panel (b), which blows up in y, is drawn until two steps after it leaves; the other three whole', () => {
  const steps = udl69Traces().map((t) => t.points.length);
  const svg = renderSvg(udl69Figure().scene);
  assert.deepEqual(
    pathsOfClass(svg, 'trace').map((p) => p.vertices),
    [steps[0], 5, steps[2], steps[3]],
  );
  assert.deepEqual(textsOfClass(svg, 'diverges'), ['diverges']);
});
