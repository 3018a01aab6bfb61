/**
 * Figure 7, non-convex losses (UDL Figures 6.4–6.6; Prince, Understanding Deep Learning): the least-squares
 * loss of the Gabor model over (φ0, φ1) on its 28 data points (the `gabor` surface over the re-draw of
 * Figure 6.3, src/data/book.ts), in four panels —
 *
 *   (a) its critical points, found by undamped Newton from a grid of starts (criticalPoints.ts) and
 *       classified by the Hessian's eigenvalues: the global minimum, the local minima, the saddle points
 *       (one eigenvalue of each sign) and the maxima;
 *   (b) gradient descent with a bracketing line search (`gd`, lineSearch 'bracket') from three starts:
 *       1 and 3 lie in the global minimum's valley and reach it, 2 does not and ends in a local minimum;
 *   (c) stochastic gradient descent from the same starts: batches of 2 of the 28 points (shuffled each
 *       epoch, seeded), the learning rate annealed by a cosine schedule. The noise of the batch gradients
 *       carries start 2 out of its local minimum's valley, and all three reach the global minimum;
 *   (d) the data with the model at the global minimum and at the local minimum where start 2's gradient
 *       descent ended.
 *
 * As in the book, gradient descent stays in the valley it starts in and SGD may leave it.
 */
import { gaborBookData } from '../../data/book.js';
import type { Dataset } from '../../data/dataset.js';
import { gabor } from '../../data/toy.js';
import type { FiniteSumSurface } from '../../problems/finiteSum.js';
import { GABOR_WINDOW, gaborSurface } from '../../problems/gabor.js';
import type { Point, Window } from '../../problems/surface.js';
import { traceSurface } from '../../trace/trace.js';
import { frameSchedule, type AnimatedPath } from '../animation.js';
import { INK, PATH_COLORS } from '../colors.js';
import { functionCurve, scatter } from '../curves.js';
import { animatedFigure, type Figure } from '../figure.js';
import { formatPoint, formatSignificant, formatValue } from '../format.js';
import { colorBarMarks, legendMarks, type LegendEntry } from '../legend.js';
import { marker, pathPixels, type MarkerStyle } from '../marks.js';
import {
  curvePanel,
  figureTitle,
  gridPlots,
  headMarker,
  MINIMUM_MARKER,
  panelTitle,
  sharedLevels,
  START_MARKER,
  surfacePanel,
  type SurfacePanel,
} from '../panel.js';
import type { Mark, Rect } from '../scene.js';
import { findCriticalPoints, type FoundCriticalPoint } from './criticalPoints.js';

export const GABOR_STARTS: readonly Point[] = [
  [-3, 21],
  [-6, 10],
  [1, 7],
];
/** The start whose gradient descent ends in a local minimum (index into GABOR_STARTS). */
export const GABOR_BAD_START = 1;
export const GABOR_GD = { lr: 0.1, steps: 100 } as const;
export const GABOR_SGD = { lr: 0.1, batchSize: 2, steps: 1000, seed: 12 } as const;

export interface GaborProblem {
  data: Dataset;
  loss: FiniteSumSurface;
  criticalPoints: FoundCriticalPoint[];
}

export function gaborProblem(): GaborProblem {
  const data = gaborBookData();
  const loss = gaborSurface(data);
  return { data, loss, criticalPoints: findCriticalPoints(loss, GABOR_WINDOW) };
}

/** Gradient descent with the bracketing line search: the points, the start first. */
export function gaborGradientDescent(loss: FiniteSumSurface, start: Point, steps: number = GABOR_GD.steps): Point[] {
  return traceSurface(loss, {
    start: [...start],
    steps,
    optimizer: { name: 'gd', lr: GABOR_GD.lr, lineSearch: 'bracket' },
  }).points;
}

/** SGD on seeded mini-batches of the data (a new order each epoch), lr annealed by a cosine schedule to 0. */
export function gaborSgd(
  loss: FiniteSumSurface,
  start: Point,
  options: { lr: number; batchSize: number; steps: number; seed: number } = GABOR_SGD,
): Point[] {
  const { lr, batchSize, steps, seed } = options;
  return traceSurface(loss, {
    start: [...start],
    steps,
    optimizer: { name: 'sgd', lr },
    schedule: { name: 'cosine', tMax: steps },
    batchSize,
    seed,
  }).points;
}

/** The found minimum nearest to `point`. */
export function nearestMinimum(criticalPoints: readonly FoundCriticalPoint[], point: Point): FoundCriticalPoint {
  const minima = criticalPoints.filter((c) => c.kind === 'minimum');
  const distance = (c: FoundCriticalPoint): number => Math.hypot(c.point[0] - point[0], c.point[1] - point[1]);
  return minima.reduce((best, c) => (distance(c) < distance(best) ? c : best));
}

const LOCAL_MINIMUM: MarkerStyle = { shape: 'circle', size: 5, fill: '#ffffff', stroke: INK, strokeWidth: 1.5 };
const SADDLE: MarkerStyle = { shape: 'cross', size: 6, fill: '#c2185b' };
const MAXIMUM: MarkerStyle = { shape: 'triangle', size: 6, fill: '#1f1f7a', stroke: '#ffffff', strokeWidth: 1 };
const GLOBAL_FIT = '#0b6e2f';
const LOCAL_FIT = PATH_COLORS[1];

const LEFT = 70;
const TOP = 108;
const PANEL = { width: 380, height: 320 };
const GAP_X = 72;
const GAP_Y = 100;
const SIDE = 270;

export function gaborFigure(): Figure {
  const problem = gaborProblem();
  const { loss, criticalPoints } = problem;
  const global = criticalPoints.find((c) => c.kind === 'minimum') as FoundCriticalPoint;
  const descents = GABOR_STARTS.map((start) => gaborGradientDescent(loss, start));
  const stochastic = GABOR_STARTS.map((start) => gaborSgd(loss, start));
  const stuck = nearestMinimum(criticalPoints, descents[GABOR_BAD_START][GABOR_GD.steps]);

  const gridWidth = 2 * PANEL.width + GAP_X;
  const width = LEFT + gridWidth + SIDE;
  const height = TOP + 2 * PANEL.height + GAP_Y + 56;
  const plots = gridPlots({ x: LEFT, y: TOP, width: gridWidth, height: 2 * PANEL.height + GAP_Y }, 2, 2, GAP_X, GAP_Y);
  const f = (phi0: number, phi1: number): number => loss.value(phi0, phi1);
  const levels = sharedLevels(f, GABOR_WINDOW);
  const surface = (plot: Rect): SurfacePanel =>
    surfacePanel(f, GABOR_WINDOW, plot, { levels, xLabel: 'offset φ0', yLabel: 'frequency φ1' });

  const base: Mark[] = [
    ...figureTitle(
      LEFT,
      'A non-convex loss: the Gabor model',
      `least squares on ${problem.data.n} points (UDL Figures 6.4–6.6); critical points by Newton from a grid of starts, classified by the Hessian`,
    ),
  ];
  const paths: AnimatedPath[] = [];
  const overlay: Mark[] = [];
  const counts = countKinds(criticalPoints);

  const critical = surface(plots[0]);
  base.push(
    ...critical.marks,
    ...panelTitle(
      plots[0],
      '(a) critical points',
      `${counts.minimum} minima, ${counts.saddle} saddle points, ${counts.maximum} maxima`,
    ),
  );
  overlay.push({ kind: 'group', clip: plots[0], marks: criticalMarks(critical, criticalPoints, global) });

  const runs = [
    {
      plot: plots[1],
      title: '(b) gradient descent with line search',
      subtitle: outcome(descents, global, criticalPoints),
      points: descents,
      width: 2.25,
    },
    {
      plot: plots[2],
      title: `(c) SGD, batches of ${GABOR_SGD.batchSize}, α = ${formatValue(GABOR_SGD.lr)} → 0 (cosine)`,
      subtitle: outcome(stochastic, global, criticalPoints),
      points: stochastic,
      width: 1.5,
    },
  ];
  for (const run of runs) {
    const panel = surface(run.plot);
    base.push(...panel.marks, ...panelTitle(run.plot, run.title, run.subtitle));
    // The path from the bad start last, on top: it is the one the panels are about.
    const order = [...GABOR_STARTS.keys()].filter((k) => k !== GABOR_BAD_START).concat(GABOR_BAD_START);
    for (const k of order) {
      const color = PATH_COLORS[k];
      paths.push({
        pixels: pathPixels(run.points[k], panel.x, panel.y, run.plot),
        style: { color, width: run.width },
        label: `start ${k + 1}`,
        clip: run.plot,
        head: headMarker(color),
      });
    }
    overlay.push({
      kind: 'group',
      clip: run.plot,
      marks: [...minimaMarks(panel, criticalPoints, global), ...startMarks(panel)],
    });
  }

  base.push(...fitPanel(plots[3], problem.data, global, stuck));
  const side = LEFT + gridWidth + 28;
  const legend = legendMarks(legendEntries(global, stuck), side, TOP, width - side - 12);
  base.push(
    ...legend.marks,
    ...colorBarMarks(
      levels,
      {
        x: side,
        y: TOP + legend.height + 30,
        width: 14,
        height: Math.min(220, PANEL.height * 2 + GAP_Y - legend.height - 40),
      },
      'loss',
    ),
  );
  return animatedFigure({
    width,
    height: Math.ceil(height / 2) * 2,
    background: '#ffffff',
    base,
    paths,
    overlay,
    frames: frameSchedule(GABOR_SGD.steps),
    counter: { x: width - 16, y: 28, total: GABOR_SGD.steps },
  });
}

/** Within this distance of a minimum, a path has reached it. */
export const REACHED = 0.3;

/** "1 and 3 reach the global minimum; 2 ends in a local one (loss 4.02)". */
function outcome(
  paths: readonly (readonly Point[])[],
  global: FoundCriticalPoint,
  criticalPoints: readonly FoundCriticalPoint[],
): string {
  const ends = paths.map((points) => points[points.length - 1]);
  const reach = ends.map((end) => Math.hypot(end[0] - global.point[0], end[1] - global.point[1]) < REACHED);
  const names = (keep: boolean): string => listText(reach.flatMap((r, k) => (r === keep ? [String(k + 1)] : [])));
  if (reach.every(Boolean))
    return `from every start to the global minimum (loss ${formatSignificant(global.value, 3)})`;
  const stuck = ends.filter((_, k) => !reach[k]).map((end) => nearestMinimum(criticalPoints, end).value);
  const others = `${names(false)} ${stuck.length === 1 ? 'ends in a local one' : 'end elsewhere'} (loss ${stuck.map((v) => formatSignificant(v, 3)).join(', ')})`;
  return reach.some(Boolean) ? `${names(true)} reach the global minimum; ${others}` : others;
}

function listText(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function countKinds(points: readonly FoundCriticalPoint[]): Record<'minimum' | 'saddle' | 'maximum', number> {
  const count = (kind: string): number => points.filter((p) => p.kind === kind).length;
  return { minimum: count('minimum'), saddle: count('saddle'), maximum: count('maximum') };
}

function criticalMarks(panel: SurfacePanel, points: readonly FoundCriticalPoint[], global: FoundCriticalPoint): Mark[] {
  const marks: Mark[] = [];
  for (const c of points) {
    if (c === global) continue;
    const style =
      c.kind === 'minimum' ? LOCAL_MINIMUM : c.kind === 'saddle' ? SADDLE : c.kind === 'maximum' ? MAXIMUM : null;
    if (style) marks.push(marker(panel.x(c.point[0]), panel.y(c.point[1]), style, c.kind));
  }
  marks.push(marker(panel.x(global.point[0]), panel.y(global.point[1]), MINIMUM_MARKER, 'minimum'));
  return marks;
}

function minimaMarks(panel: SurfacePanel, points: readonly FoundCriticalPoint[], global: FoundCriticalPoint): Mark[] {
  return criticalMarks(
    panel,
    points.filter((c) => c.kind === 'minimum'),
    global,
  );
}

function startMarks(panel: SurfacePanel): Mark[] {
  return GABOR_STARTS.flatMap(([x, y], k) => [
    marker(panel.x(x), panel.y(y), START_MARKER, 'start'),
    {
      kind: 'text' as const,
      x: panel.x(x) + 9,
      y: panel.y(y) + 5,
      text: String(k + 1),
      size: 13,
      weight: 'bold' as const,
      fill: INK,
      role: 'start-label',
    },
  ]);
}

const FIT_WINDOW: Window = { x: [-15, 15], y: [-1.5, 1.5] };

function fitPanel(plot: Rect, data: Dataset, global: FoundCriticalPoint, stuck: FoundCriticalPoint): Mark[] {
  const panel = curvePanel(FIT_WINDOW, plot, { xLabel: 'input x', yLabel: 'output y' });
  const points = Array.from(data.x, (x, i): [number, number] => [x, data.y[i]]);
  const curve = (c: FoundCriticalPoint, color: string, label: string): Mark =>
    functionCurve((x) => gabor(x, c.point), panel, { color, width: 2.25, role: 'fit', label });
  return [
    ...panel.marks,
    ...panelTitle(plot, '(d) the model at two minima', `φ = ${formatPhi(global.point)} and ${formatPhi(stuck.point)}`),
    {
      kind: 'group',
      clip: plot,
      marks: [
        curve(stuck, LOCAL_FIT, 'local minimum'),
        curve(global, GLOBAL_FIT, 'global minimum'),
        ...scatter(points, panel, { shape: 'circle', size: 3.5, fill: INK, stroke: '#ffffff', strokeWidth: 1 }, 'data'),
      ],
    },
  ];
}

function formatPhi([a, b]: Point): string {
  return formatPoint([Number(a.toFixed(2)), Number(b.toFixed(2))]);
}

function legendEntries(global: FoundCriticalPoint, stuck: FoundCriticalPoint): LegendEntry[] {
  return [
    ...GABOR_STARTS.map((start, k): LegendEntry => ({
      label: `from start ${k + 1}`,
      details: [formatPoint(start)],
      swatch: { kind: 'line', color: PATH_COLORS[k] },
    })),
    { label: 'start', swatch: { kind: 'marker', style: START_MARKER } },
    {
      label: 'global minimum',
      details: [`φ = ${formatPhi(global.point)}`],
      swatch: { kind: 'marker', style: MINIMUM_MARKER },
    },
    { label: 'local minimum', swatch: { kind: 'marker', style: LOCAL_MINIMUM } },
    { label: 'saddle point', details: ['eigenvalues of both signs'], swatch: { kind: 'marker', style: SADDLE } },
    { label: 'maximum', swatch: { kind: 'marker', style: MAXIMUM } },
    { label: 'model at the global minimum', swatch: { kind: 'line', color: GLOBAL_FIT } },
    {
      label: 'model at the local minimum',
      details: [`φ = ${formatPhi(stuck.point)}, where descent from 2 ends`],
      swatch: { kind: 'line', color: LOCAL_FIT },
    },
    { label: 'data', swatch: { kind: 'marker', style: { shape: 'circle', size: 3.5, fill: INK } } },
  ];
}
