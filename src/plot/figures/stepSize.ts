/**
 * Figure 3, the step size: gradient descent θ ← θ − α∇L on the elongated bowl L = x² + 10y² (the library's
 * `quadratic`), from one start with one step budget and four step sizes. Along y the iteration multiplies the
 * distance by 1 − 20α, along x by 1 − 2α, so:
 *   α = 0.005 crawls (x shrinks by 1 % a step),
 *   α = 0.045 is good (y shrinks tenfold a step, x by 9 %),
 *   α = 0.098 oscillates across the valley (y flips sign every step and shrinks by only 4 %),
 *   α = 0.11 diverges (y flips sign and grows by 20 % a step).
 *
 * All 40 steps of the last two would fill their panels with blocks of nearly parallel lines, so the
 * oscillating path is drawn for its first 12 steps (after which its strokes lie within a few pixels of each
 * other) and the diverging one until two steps after it leaves the window, with an arrow
 * where it leaves; the panel titles still report where all 40 steps end.
 */
import type { Point, Window } from '../../problems/surface.js';
import { runTrace, type TraceResult } from '../../trace/trace.js';
import { animatedFigure, type Figure } from '../figure.js';
import { formatSignificant, formatValue, formatPoint } from '../format.js';
import { PATH_COLORS } from '../colors.js';
import { exitArrow, insideWindow, pointsToDraw } from './divergence.js';
import { markerLegend, panelsAnimation, type PanelSpec } from './panels.js';

export const STEP_SIZE_START: Point = [-1.6, 1.2];
export const STEP_SIZE_STEPS = 40;
export const STEP_SIZE_WINDOW: Window = { x: [-2, 2], y: [-1.5, 1.5] };
export interface StepSizeCase {
  lr: number;
  verdict: string;
  /** Draw only this many steps (an oscillation whose later strokes overlap). */
  drawnSteps?: number;
}
/** The oscillating path is drawn for 12 steps: by then x is within 0.1 of 0 and its strokes start to overlap. */
export const STEP_SIZE_CASES: readonly StepSizeCase[] = [
  { lr: 0.005, verdict: 'too small, crawls' },
  { lr: 0.045, verdict: 'good' },
  { lr: 0.098, verdict: 'too large, oscillates', drawnSteps: 12 },
  { lr: 0.11, verdict: 'too large, diverges' },
];

const FN = { name: 'quadratic', a: 1, b: 10 };

export function stepSizeTraces(): TraceResult[] {
  return STEP_SIZE_CASES.map(({ lr }) =>
    runTrace({ fn: FN, start: [...STEP_SIZE_START], steps: STEP_SIZE_STEPS, optimizer: { name: 'sgd', lr } }),
  );
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
      panels: STEP_SIZE_CASES.map((c, k) => stepSizePanel(traces[k].points, c, color)),
      legend: [
        { label: 'gradient descent', details: ['θ ← θ − α∇L(θ)'], swatch: { kind: 'line', color } },
        ...markerLegend(),
      ],
    }),
  );
}

/** One panel: the whole path, or its first steps (see the file's comment) with a note of how many are drawn. */
function stepSizePanel(points: readonly Point[], { lr, verdict, drawnSteps }: StepSizeCase, color: string): PanelSpec {
  const name = `α = ${formatValue(lr)}`;
  const diverges = points.some((p) => !insideWindow(p, STEP_SIZE_WINDOW));
  const drawn = diverges
    ? pointsToDraw(points, STEP_SIZE_WINDOW)
    : Math.min(points.length, (drawnSteps ?? Infinity) + 1);
  const note = drawn < points.length ? ` (${drawn - 1} drawn)` : '';
  return {
    title: `${name}: ${verdict}`,
    subtitle: `${ending(points)}${note}`,
    paths: [{ points: points.slice(0, drawn), color, label: name }],
    decorate: diverges ? (panel) => exitArrow(panel, points, drawn, 'diverges') : undefined,
  };
}

/** "0.98 from the minimum after 40 steps", or where the path leaves the window. */
function ending(points: readonly Point[]): string {
  const leaves = points.findIndex((p) => !insideWindow(p, STEP_SIZE_WINDOW));
  if (leaves >= 0)
    return `out at step ${leaves}, |θ| = ${formatSignificant(Math.hypot(...points[points.length - 1]))} at step ${points.length - 1}`;
  return `${formatSignificant(Math.hypot(...points[points.length - 1]), 2)} from the minimum after ${points.length - 1} steps`;
}
