/**
 * Figure 8, momentum and Nesterov (UDL Figures 6.7–6.8), on L = 0.5x² + 2y².
 *
 * (a), (b): stochastic gradients — the true gradient plus Gaussian noise of standard deviation σ in each
 * coordinate (seeded, so the figure is the same every time) — followed by SGD without and with momentum
 * (UDL eq. 6.11, m ← βm + (1 − β)g, θ ← θ − αm: the average of recent gradients, in which the noise
 * partly cancels). Without momentum the path zigzags; with it the path turns smoothly.
 *
 * (c): one step of Nesterov's accelerated momentum (UDL eq. 6.12) beside classical momentum, from point 1
 * (reached along the dashed path). Classical: the gradient step at 1 (to 2), then the momentum step (to 3).
 * Nesterov: the momentum step first (to 4, the look-ahead point), then the gradient step measured at 4 (to
 * 5). The path and point 5 are those of the library's `nesterov` optimizer.
 */
import { createOptimizer } from '../../optim/registry.js';
import type { Point, Window } from '../../problems/surface.js';
import { Random } from '../../tensor/random.js';
import { INK, PATH_COLORS } from '../colors.js';
import { animatedFigure, type Figure } from '../figure.js';
import { formatPoint, formatSignificant, formatValue } from '../format.js';
import { arrow, marker } from '../marks.js';
import type { SurfacePanel } from '../panel.js';
import type { Mark } from '../scene.js';
import { markerLegend, panelsAnimation } from './panels.js';

const f = (x: number, y: number): number => 0.5 * x * x + 2 * y * y;
const gradient = (x: number, y: number): [number, number] => [x, 4 * y];

export const NOISY_START: Point = [-1.8, 0.9];
export const NOISY_STEPS = 60;
export const NOISY_SIGMA = 2;
export const NOISY_SEED = 7;
export const NOISY_CASES = [
  { title: '(a) SGD, no momentum', optimizer: { name: 'sgd', lr: 0.05 } },
  { title: '(b) SGD with momentum β = 0.8', optimizer: { name: 'sgd', lr: 0.05, momentum: 0.8, emaMomentum: true } },
] as const;

/** The path of one optimizer on noisy gradients: the same noise sequence for every optimizer. */
export function noisyPath(spec: { name: string; [option: string]: unknown }, steps = NOISY_STEPS): Point[] {
  const random = new Random(NOISY_SEED);
  const theta = { data: Float64Array.from(NOISY_START), grad: new Float64Array(2) };
  const optimizer = createOptimizer([theta], spec);
  const points: Point[] = [[theta.data[0], theta.data[1]]];
  for (let k = 0; k < steps; k++) {
    const [gx, gy] = gradient(theta.data[0], theta.data[1]);
    theta.grad[0] = gx + NOISY_SIGMA * random.normal();
    theta.grad[1] = gy + NOISY_SIGMA * random.normal();
    optimizer.step();
    points.push([theta.data[0], theta.data[1]]);
  }
  return points;
}

/** The mean angle (radians) by which the path turns from one step to the next: 0 is straight, π reverses. */
export function meanTurn(points: readonly Point[]): number {
  let total = 0;
  for (let k = 2; k < points.length; k++) {
    const [ax, ay] = [points[k - 1][0] - points[k - 2][0], points[k - 1][1] - points[k - 2][1]];
    const [bx, by] = [points[k][0] - points[k - 1][0], points[k][1] - points[k - 1][1]];
    total += Math.acos(Math.max(-1, Math.min(1, (ax * bx + ay * by) / (Math.hypot(ax, ay) * Math.hypot(bx, by)))));
  }
  return total / (points.length - 2);
}

/** Chosen so that the look-ahead point lies across the valley, where the gradient turns by about 55°. */
export const NESTEROV = { lr: 0.5, momentum: 0.8, start: [-1.8, 0.9] as Point, stepsBefore: 2 };

export interface NesterovStep {
  /** The path to point 1, taken by the `nesterov` optimizer (dashed in the figure). */
  path: Point[];
  /** Points 1–5 of UDL Figure 6.8. */
  points: [Point, Point, Point, Point, Point];
}

export function nesterovStep(): NesterovStep {
  const { lr, momentum, start, stepsBefore } = NESTEROV;
  const theta = { data: Float64Array.from(start), grad: new Float64Array(2) };
  const optimizer = createOptimizer([theta], { name: 'nesterov', lr, momentum, emaMomentum: true });
  const closure = (): number => {
    const [gx, gy] = gradient(theta.data[0], theta.data[1]);
    theta.grad[0] = gx;
    theta.grad[1] = gy;
    return f(theta.data[0], theta.data[1]);
  };
  // m follows the optimizer's own recursion, m ← βm + (1 − β)∇L(φ − αβm), alongside it.
  let m: Point = [0, 0];
  const path: Point[] = [[start[0], start[1]]];
  for (let k = 0; k < stepsBefore; k++) {
    const [px, py] = path[path.length - 1];
    const g = gradient(px - lr * momentum * m[0], py - lr * momentum * m[1]);
    m = [momentum * m[0] + (1 - momentum) * g[0], momentum * m[1] + (1 - momentum) * g[1]];
    optimizer.step(closure);
    path.push([theta.data[0], theta.data[1]]);
  }
  const p1 = path[path.length - 1];
  const g1 = gradient(...p1);
  const p2: Point = [p1[0] - lr * (1 - momentum) * g1[0], p1[1] - lr * (1 - momentum) * g1[1]];
  const p3: Point = [p2[0] - lr * momentum * m[0], p2[1] - lr * momentum * m[1]];
  const p4: Point = [p1[0] - lr * momentum * m[0], p1[1] - lr * momentum * m[1]];
  const g4 = gradient(...p4);
  const p5: Point = [p4[0] - lr * (1 - momentum) * g4[0], p4[1] - lr * (1 - momentum) * g4[1]];
  return { path, points: [p1, p2, p3, p4, p5] };
}

const WINDOW: Window = { x: [-2.2, 1.4], y: [-1.2, 1.2] };
const CLASSICAL = '#333333';
const LOOK_AHEAD = PATH_COLORS[0];

export function momentumNesterovFigure(): Figure {
  const noisy = NOISY_CASES.map(({ optimizer }) => noisyPath(optimizer));
  const step = nesterovStep();
  const color = PATH_COLORS[1];
  return animatedFigure(
    panelsAnimation({
      title: 'Momentum on noisy gradients, and Nesterov’s look-ahead',
      subtitle: `L = 0.5x² + 2y²; (a), (b): gradients + N(0, ${formatValue(NOISY_SIGMA)}²) noise, α = 0.05, ${NOISY_STEPS} steps from ${formatPoint(NOISY_START)}`,
      f,
      window: WINDOW,
      minima: [[0, 0]],
      start: NOISY_START,
      rows: 1,
      cols: 3,
      panelWidth: 300,
      panelHeight: 260,
      steps: NOISY_STEPS,
      panels: [
        ...NOISY_CASES.map(({ title }, k) => ({
          title,
          subtitle: `mean turn ${formatSignificant((meanTurn(noisy[k]) * 180) / Math.PI, 2)}° per step`,
          paths: [{ points: noisy[k], color, label: title, width: 1.75 }],
        })),
        {
          title: '(c) one step: classical vs Nesterov',
          subtitle: `α = ${formatValue(NESTEROV.lr)}, β = ${formatValue(NESTEROV.momentum)}`,
          window: nesterovWindow(step),
          start: null,
          paths: [],
          decorate: (panel: SurfacePanel) => nesterovMarks(step, panel),
        },
      ],
      legend: [
        { label: 'SGD path', details: ['noisy gradients'], swatch: { kind: 'line', color } },
        {
          label: 'classical momentum',
          details: ['1→2: gradient at 1', '2→3: momentum'],
          swatch: { kind: 'line', color: CLASSICAL },
        },
        {
          label: 'Nesterov momentum',
          details: ['1→4: momentum', '4→5: gradient at 4'],
          swatch: { kind: 'line', color: LOOK_AHEAD },
        },
        { label: 'path to point 1', swatch: { kind: 'line', color: INK, dash: [5, 4] } },
        ...markerLegend(),
      ],
    }),
  );
}

/** A window around points 1–5 and the end of the dashed path, with a margin, as wide as it is tall. */
function nesterovWindow(step: NesterovStep): Window {
  const shown = step.points;
  const xs = shown.map((p) => p[0]);
  const ys = shown.map((p) => p[1]);
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const half = 0.8 * Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  return { x: [cx - half * (300 / 260), cx + half * (300 / 260)], y: [cy - half, cy + half] };
}

function nesterovMarks(step: NesterovStep, panel: SurfacePanel): Mark[] {
  const px = ([x, y]: Point): [number, number] => [panel.x(x), panel.y(y)];
  const [p1, p2, p3, p4, p5] = step.points.map(px);
  const dashed = step.path.flatMap((p) => px(p));
  const marks: Mark[] = [
    { kind: 'path', subpaths: [{ points: dashed, closed: false }], stroke: INK, strokeWidth: 1.5, dash: [5, 4] },
  ];
  marks.push(...arrow(...p1, ...p2, { color: CLASSICAL }), ...arrow(...p2, ...p3, { color: CLASSICAL }));
  marks.push(...arrow(...p1, ...p4, { color: LOOK_AHEAD }), ...arrow(...p4, ...p5, { color: LOOK_AHEAD }));
  const dot = { shape: 'circle' as const, size: 4, fill: '#ffffff', stroke: INK, strokeWidth: 1.5 };
  [p1, p2, p3, p4, p5].forEach(([x, y], k) => {
    marks.push(marker(x, y, dot));
    marks.push({
      kind: 'text',
      x: x + 7,
      y: y - 7,
      text: String(k + 1),
      size: 13,
      weight: 'bold',
      fill: INK,
      role: 'point-label',
    });
  });
  return marks;
}
