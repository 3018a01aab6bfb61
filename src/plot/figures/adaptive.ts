/**
 * Figure 5, adaptive methods.
 *
 * The race: AdaGrad, RMSProp and Adam with the same learning rate from the same start on Himmelblau's
 * function. AdaGrad divides by the root of the sum of all squared gradients, so its steps only shrink: it
 * is the slowest. RMSProp divides by a moving average instead, so its steps stay about α long even at the
 * minimum: it arrives first and then rattles around it. Adam averages the gradient itself as well
 * (momentum), whose average near the minimum is small: fast and steady.
 *
 * UDL Figure 6.9 (Prince, Understanding Deep Learning): on L = 0.1x² + 2y², steep across and shallow along,
 * (a) gradient descent with a step that suits the steep axis crawls along the shallow one; (b) a step that
 * suits the shallow axis is unstable across (drawn until two steps after it leaves the window); (c)
 * normalised (sign) steps move by α along both axes and end bouncing between two points around the minimum;
 * (d) Adam, with momentum in both averages, takes a smooth path.
 */
import { createSurface } from '../../problems/registry.js';
import type { Point, Window } from '../../problems/surface.js';
import { runTrace, type TraceResult } from '../../trace/trace.js';
import { PATH_COLORS } from '../colors.js';
import { animatedFigure, type Figure } from '../figure.js';
import { formatPoint, formatSignificant, formatValue } from '../format.js';
import { raceAnimation } from '../race.js';
import { exitArrow, pointsToDraw } from './divergence.js';
import { markerLegend, panelsAnimation, type PanelSpec } from './panels.js';

export const ADAPTIVE_START: Point = [-1, -4];
export const ADAPTIVE_STEPS = 150;
export const ADAPTIVE_LR = 0.2;
/** The corner of the window where the race happens, around the minimum near (−3.78, −3.28). */
const ADAPTIVE_WINDOW: Window = { x: [-5, -0.5], y: [-5, -0.5] };
export const ADAPTIVE_NAMES = ['adagrad', 'rmsprop', 'adam'] as const;
const LABELS = { adagrad: 'AdaGrad', rmsprop: 'RMSProp', adam: 'Adam' } as const;

export function adaptiveTraces(): TraceResult[] {
  return ADAPTIVE_NAMES.map((name) =>
    runTrace({
      fn: { name: 'himmelblau' },
      start: [...ADAPTIVE_START],
      steps: ADAPTIVE_STEPS,
      optimizer: { name, lr: ADAPTIVE_LR },
    }),
  );
}

export function adaptiveFigure(): Figure {
  const surface = createSurface({ name: 'himmelblau' });
  const traces = adaptiveTraces();
  return animatedFigure(
    raceAnimation({
      surface,
      window: ADAPTIVE_WINDOW,
      start: ADAPTIVE_START,
      steps: ADAPTIVE_STEPS,
      runs: ADAPTIVE_NAMES.map((name, k) => ({
        label: LABELS[name],
        details: [`${name} lr=${formatValue(ADAPTIVE_LR)}`],
        trace: traces[k],
      })),
      title: "Adaptive methods on Himmelblau's function",
      subtitle: `the same learning rate ${formatValue(ADAPTIVE_LR)} (other options PyTorch's defaults), ${ADAPTIVE_STEPS} steps from ${formatPoint(ADAPTIVE_START)}`,
    }),
  );
}

export const UDL69_START: Point = [-1.8, 1.2];
export const UDL69_STEPS = 50;
const UDL69_FN = { name: 'quadratic', a: 0.1, b: 2 };
const UDL69_WINDOW: Window = { x: [-2, 1], y: [-1.5, 1.5] };
export const UDL69_CASES = [
  {
    optimizer: { name: 'sgd', lr: 0.2 },
    title: '(a) gradient descent, α = 0.2',
    note: 'suits the steep y axis, slow along x',
  },
  {
    optimizer: { name: 'sgd', lr: 0.55 },
    title: '(b) gradient descent, α = 0.55',
    note: 'suits the x axis, unstable in y',
  },
  {
    optimizer: { name: 'normalizedGd', lr: 0.1 },
    title: '(c) normalised gradients, α = 0.1',
    note: 'steps of α per axis, bounces at the end',
  },
  { optimizer: { name: 'adam', lr: 0.1 }, title: '(d) Adam, α = 0.1', note: 'momentum in both averages: smooth' },
] as const;

export function udl69Traces(): TraceResult[] {
  return UDL69_CASES.map(({ optimizer }) =>
    runTrace({ fn: UDL69_FN, start: [...UDL69_START], steps: UDL69_STEPS, optimizer: { ...optimizer } }),
  );
}

export function udl69Figure(): Figure {
  const traces = udl69Traces();
  const color = PATH_COLORS[0];
  return animatedFigure(
    panelsAnimation({
      title: 'Steep across, shallow along: one step size cannot suit both axes',
      subtitle: `UDL Figure 6.9 on L = 0.1x² + 2y², ${UDL69_STEPS} steps from ${formatPoint(UDL69_START)}`,
      f: (x, y) => 0.1 * x * x + 2 * y * y,
      window: UDL69_WINDOW,
      minima: [[0, 0]],
      start: UDL69_START,
      rows: 2,
      cols: 2,
      steps: UDL69_STEPS,
      panels: UDL69_CASES.map(({ title, note }, k) => udl69Panel(traces[k], title, note, color)),
      legend: [{ label: 'path', swatch: { kind: 'line', color } }, ...markerLegend()],
    }),
  );
}

/** A path that leaves the window is drawn until two steps after (its 50 steps would be a block of lines), with an arrow. */
function udl69Panel(trace: TraceResult, title: string, note: string, color: string): PanelSpec {
  const drawn = pointsToDraw(trace.points, UDL69_WINDOW);
  const shown = drawn < trace.points.length ? ` (${drawn - 1} drawn)` : '';
  return {
    title,
    subtitle: `${note} · ${ending(trace)}${shown}`,
    paths: [{ points: trace.points.slice(0, drawn), color, label: title }],
    decorate: drawn < trace.points.length ? (panel) => exitArrow(panel, trace.points, drawn, 'diverges') : undefined,
  };
}

function ending(trace: TraceResult): string {
  if (trace.diverged) return `diverged at step ${trace.diverged.step}`;
  const [x, y] = trace.points[trace.points.length - 1];
  return `ends ${formatSignificant(Math.hypot(x, y), 2)} away`;
}
