/**
 * Figure 4, momentum: SGD with heavy-ball momentum (PyTorch's form, m ← βm + g, θ ← θ − αm) on the bowl
 * L = 0.5x² + 2y², the same start, step size and step budget, β ∈ {0, 0.6, 0.8, 0.9}. Along the shallow x
 * axis each step multiplies by 1 − α·1 = 0.98 without momentum, so 40 steps leave 45 % of the way; momentum
 * adds up the steps (up to 1/(1 − β) times longer), and above β ≈ 0.76 the iteration is under-damped along x
 * (β > (1 − √(α·λ))², λ = 1): it overshoots the minimum and swings back. So, as in the course: without
 * momentum the path stops short, 0.6 gets closer, 0.8 reaches it with a small overshoot, 0.9 reaches it
 * and swings far past it and back.
 */
import type { Point, Window } from '../../problems/surface.js';
import { runTrace, type TraceResult } from '../../trace/trace.js';
import { PATH_COLORS } from '../colors.js';
import { animatedFigure, type Figure } from '../figure.js';
import { formatPoint, formatSignificant, formatValue } from '../format.js';
import { markerLegend, panelsAnimation } from './panels.js';

export const MOMENTUM_START: Point = [-1.8, 0.9];
export const MOMENTUM_STEPS = 40;
export const MOMENTUM_LR = 0.02;
export const MOMENTUM_BETAS = [0, 0.6, 0.8, 0.9] as const;
const FN = { name: 'quadratic', a: 0.5, b: 2 };
const WINDOW: Window = { x: [-2.2, 1.4], y: [-1.2, 1.2] };

export function momentumTraces(): TraceResult[] {
  return MOMENTUM_BETAS.map((momentum) =>
    runTrace({
      fn: FN,
      start: [...MOMENTUM_START],
      steps: MOMENTUM_STEPS,
      optimizer: { name: 'sgd', lr: MOMENTUM_LR, momentum },
    }),
  );
}

/** How often the path crosses the minimum along the valley (x changes sign). */
export function overshoots(points: readonly Point[]): number {
  let count = 0;
  for (let k = 1; k < points.length; k++) if (points[k][0] * points[k - 1][0] < 0) count++;
  return count;
}

/** How far the path swings past the minimum along x, after first crossing it (0 if it never does). */
export function overshootDistance(points: readonly Point[]): number {
  const first = points.findIndex(([x]) => x > 0);
  return first < 0 ? 0 : Math.max(...points.slice(first).map(([x]) => Math.abs(x)));
}

export function momentumFigure(): Figure {
  const traces = momentumTraces();
  const color = PATH_COLORS[1];
  return animatedFigure(
    panelsAnimation({
      title: 'Momentum: the same step size, more or less memory',
      subtitle: `SGD with momentum β on L = 0.5x² + 2y², α = ${formatValue(MOMENTUM_LR)}, ${MOMENTUM_STEPS} steps from ${formatPoint(MOMENTUM_START)}`,
      f: (x, y) => 0.5 * x * x + 2 * y * y,
      window: WINDOW,
      minima: [[0, 0]],
      start: MOMENTUM_START,
      rows: 2,
      cols: 2,
      steps: MOMENTUM_STEPS,
      panels: MOMENTUM_BETAS.map((beta, k) => {
        const points = traces[k].points;
        const end = points[points.length - 1];
        const crossings = overshoots(points);
        return {
          title: beta === 0 ? 'β = 0 (no momentum)' : `β = ${formatValue(beta)}`,
          subtitle: `ends ${formatSignificant(Math.hypot(end[0], end[1]), 2)} from the minimum · ${crossings === 0 ? 'no overshoot' : `passes it ${crossings}×, up to ${formatSignificant(overshootDistance(points), 2)} beyond`}`,
          paths: [{ points, color, label: `β = ${beta}` }],
        };
      }),
      legend: [
        { label: 'SGD with momentum', details: ['m ← βm + ∇L(θ)', 'θ ← θ − αm'], swatch: { kind: 'line', color } },
        ...markerLegend(),
      ],
    }),
  );
}
