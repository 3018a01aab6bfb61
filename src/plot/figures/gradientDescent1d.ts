/**
 * Figure 2, gradient descent in one dimension (the course's first figure): the loss curve
 * L(θ) = θ⁴/4 − θ + 1, minimum at θ = 1, and ten steps θ ← θ − α·L′(θ) with α = 0.1 drawn on it, starting left
 * and right of the minimum. The step is proportional to the slope: long on the steep right wall, short on the
 * gentle left side, and ever shorter near the minimum where the slope vanishes. The dashed line is the
 * tangent at the start, whose slope sets the first step. The steps are taken by the library's `sgd`.
 */
import { scaleLinear } from 'd3-scale';
import { sgd } from '../../optim/sgd.js';
import type { Window } from '../../problems/surface.js';
import { frameSchedule, type AnimatedPath } from '../animation.js';
import { INK, PATH_COLORS } from '../colors.js';
import { animatedFigure, type Figure } from '../figure.js';
import { formatSignificant, formatValue } from '../format.js';
import { legendMarks } from '../legend.js';
import { marker } from '../marks.js';
import { curvePanel, figureTitle, gridPlots, headMarker, MINIMUM_MARKER, panelTitle, START_MARKER } from '../panel.js';
import type { Mark } from '../scene.js';

export const GD1D_LR = 0.1;
export const GD1D_STEPS = 10;
export const GD1D_STARTS = [-1.2, 2.2] as const;

export const loss1d = (theta: number): number => theta ** 4 / 4 - theta + 1;
const slope1d = (theta: number): number => theta ** 3 - 1;

/** θ after each of the steps, θ₀ first, taken by sgd on a one-element parameter. */
export function gradientDescent1d(start: number, steps = GD1D_STEPS, lr = GD1D_LR): number[] {
  const theta = { data: Float64Array.of(start), grad: new Float64Array(1) };
  const optimizer = sgd([theta], { lr });
  const path = [start];
  for (let k = 0; k < steps; k++) {
    theta.grad[0] = slope1d(theta.data[0]);
    optimizer.step();
    path.push(theta.data[0]);
  }
  return path;
}

const WINDOW: Window = { x: [-1.6, 2.5], y: [0, 6] };
const COLORS = [PATH_COLORS[1], PATH_COLORS[0]];

export function gradientDescent1dFigure(): Figure {
  const plots = gridPlots({ x: 70, y: 108, width: 700, height: 300 }, 1, 2, 28, 0);
  const base: Mark[] = [
    ...figureTitle(
      70,
      'Gradient descent in one dimension',
      `L(θ) = θ⁴/4 − θ + 1, ${GD1D_STEPS} steps θ ← θ − α·L′(θ) with α = ${formatValue(GD1D_LR)}`,
    ),
  ];
  const paths: AnimatedPath[] = [];
  const overlay: Mark[] = [];
  GD1D_STARTS.forEach((start, k) => {
    const plot = plots[k];
    const panel = curvePanel(WINDOW, plot, { xLabel: 'θ', yLabel: 'L(θ)', hideY: k > 0 });
    const thetas = gradientDescent1d(start);
    const end = thetas[thetas.length - 1];
    base.push(
      ...panel.marks,
      ...panelTitle(
        plot,
        `from the ${start < 1 ? 'left' : 'right'}: θ₀ = ${formatValue(start)}`,
        `θ = ${formatSignificant(end, 3)} after ${GD1D_STEPS} steps`,
      ),
    );
    base.push({
      kind: 'group',
      clip: plot,
      marks: [curve(panel.y, plot.x, plot.width), tangent(start, panel.x, panel.y)],
    });
    const pixels = Float64Array.from(thetas.flatMap((t) => [panel.x(t), panel.y(loss1d(t))]));
    const dot = { shape: 'circle' as const, size: 3.5, fill: COLORS[k], stroke: '#ffffff', strokeWidth: 1 };
    paths.push({
      pixels,
      style: { color: COLORS[k], width: 1.75 },
      label: `from θ₀ = ${formatValue(start)}`,
      clip: plot,
      head: headMarker(COLORS[k]),
      vertices: dot,
    });
    overlay.push({
      kind: 'group',
      clip: plot,
      marks: [
        marker(panel.x(1), panel.y(loss1d(1)), MINIMUM_MARKER, 'minimum'),
        marker(pixels[0], pixels[1], START_MARKER, 'start'),
      ],
    });
  });
  const legend = legendMarks(
    [
      ...GD1D_STARTS.map((start, k) => ({
        label: `from θ₀ = ${formatValue(start)}`,
        swatch: { kind: 'line' as const, color: COLORS[k] },
      })),
      { label: 'tangent at θ₀', swatch: { kind: 'line' as const, color: INK, dash: [5, 4] } },
      { label: 'start', swatch: { kind: 'marker' as const, style: START_MARKER } },
      { label: 'minimum', swatch: { kind: 'marker' as const, style: MINIMUM_MARKER } },
    ],
    800,
    108,
    150,
  );
  base.push(...legend.marks);
  return animatedFigure({
    width: 960,
    height: 470,
    background: '#ffffff',
    base,
    paths,
    overlay,
    frames: frameSchedule(GD1D_STEPS),
    counter: { x: 944, y: 28, total: GD1D_STEPS },
  });
}

/** L(θ) sampled every 2 pixels across the plot. */
function curve(y: (v: number) => number, left: number, width: number): Mark {
  const theta = scaleLinear()
    .domain([left, left + width])
    .range([WINDOW.x[0], WINDOW.x[1]]);
  const points: number[] = [];
  for (let px = 0; px <= width; px += 2) points.push(left + px, y(loss1d(theta(left + px))));
  return {
    kind: 'path',
    subpaths: [{ points, closed: false }],
    stroke: INK,
    strokeWidth: 2,
    lineJoin: 'round',
    role: 'curve',
  };
}

/** The tangent at θ₀, over ±0.5 around it. */
function tangent(start: number, x: (v: number) => number, y: (v: number) => number): Mark {
  const at = (t: number): number => loss1d(start) + slope1d(start) * (t - start);
  return {
    kind: 'path',
    subpaths: [{ points: [x(start - 0.5), y(at(start - 0.5)), x(start + 0.5), y(at(start + 0.5))], closed: false }],
    stroke: INK,
    strokeWidth: 1.25,
    dash: [5, 4],
  };
}
