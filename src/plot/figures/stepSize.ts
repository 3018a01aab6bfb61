/**
 * Figure 3, the step size: gradient descent θ ← θ − α∇L on the elongated bowl L = x² + 10y² (the library's
 * `quadratic`), from one start with one step budget and four step sizes. Along y the iteration multiplies the
 * distance by 1 − 20α, along x by 1 − 2α, so:
 *   α = 0.005 crawls (x shrinks by 1 % a step),
 *   α = 0.045 is good (y shrinks tenfold a step, x by 9 %),
 *   α = 0.098 oscillates across the valley (y flips sign every step and shrinks by only 4 %),
 *   α = 0.11 diverges (y flips sign and grows by 20 % a step).
 */
import type { Point, Window } from '../../problems/surface.js';
import { runTrace, type TraceResult } from '../../trace/trace.js';
import { animatedFigure, type Figure } from '../figure.js';
import { formatSignificant, formatValue, formatPoint } from '../format.js';
import { PATH_COLORS } from '../colors.js';
import { markerLegend, panelsAnimation } from './panels.js';

export const STEP_SIZE_START: Point = [-1.6, 1.2];
export const STEP_SIZE_STEPS = 40;
export const STEP_SIZE_WINDOW: Window = { x: [-2, 2], y: [-1.5, 1.5] };
export const STEP_SIZE_CASES = [
  { lr: 0.005, verdict: 'too small, crawls' },
  { lr: 0.045, verdict: 'good' },
  { lr: 0.098, verdict: 'too large, oscillates' },
  { lr: 0.11, verdict: 'too large, diverges' },
] as const;

const FN = { name: 'quadratic', a: 1, b: 10 };

export function stepSizeTraces(): TraceResult[] {
  return STEP_SIZE_CASES.map(({ lr }) => runTrace({ fn: FN, start: [...STEP_SIZE_START], steps: STEP_SIZE_STEPS, optimizer: { name: 'sgd', lr } }));
}

export function stepSizeFigure(): Figure {
  const traces = stepSizeTraces();
  const color = PATH_COLORS[0];
  return animatedFigure(
    panelsAnimation({
      title: 'Step size: too small, good, too large',
      subtitle: `gradient descent on L = x² + 10y², ${STEP_SIZE_STEPS} steps from ${formatPoint(STEP_SIZE_START)}`,
      f: (x, y) => x * x + 10 * y * y,
      window: STEP_SIZE_WINDOW,
      minima: [[0, 0]],
      start: STEP_SIZE_START,
      rows: 2,
      cols: 2,
      steps: STEP_SIZE_STEPS,
      panels: STEP_SIZE_CASES.map(({ lr, verdict }, k) => ({
        title: `α = ${formatValue(lr)}: ${verdict}`,
        subtitle: ending(traces[k].points),
        paths: [{ points: traces[k].points, color, label: `α = ${formatValue(lr)}` }],
      })),
      legend: [{ label: 'gradient descent', details: ['θ ← θ − α∇L(θ)'], swatch: { kind: 'line', color } }, ...markerLegend()],
    }),
  );
}

/** "distance to the minimum 0.98 after 40 steps", or where the path leaves the window. */
function ending(points: readonly Point[]): string {
  const leaves = points.findIndex(([x, y]) => x < STEP_SIZE_WINDOW.x[0] || x > STEP_SIZE_WINDOW.x[1] || y < STEP_SIZE_WINDOW.y[0] || y > STEP_SIZE_WINDOW.y[1]);
  if (leaves >= 0) return `leaves the window at step ${leaves}; |θ| = ${formatSignificant(Math.hypot(...points[points.length - 1]))} at step ${points.length - 1}`;
  return `distance to the minimum ${formatSignificant(Math.hypot(...points[points.length - 1]), 2)} after ${points.length - 1} steps`;
}
