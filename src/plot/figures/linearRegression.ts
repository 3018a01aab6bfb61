/**
 * Figure 6, linear regression (UDL Figure 6.1; Prince, Understanding Deep Learning): a line
 * f(x) = φ0 + φ1·x fitted by least squares,
 *
 *   L(φ) = Σᵢ (φ0 + φ1·xᵢ − yᵢ)²,
 *   ∇L = 2 Σᵢ rᵢ·(1, xᵢ),   ∇²L = 2·[[n, Σxᵢ], [Σxᵢ, Σxᵢ²]]   (rᵢ = φ0 + φ1·xᵢ − yᵢ),
 *
 * on the 12 points of the `linearRegression` surface (the re-draw in the manner of Figure 6.1,
 * src/data/book.ts), by four iterations of gradient descent with the
 * bracketing line search (`gd`, lineSearch 'bracket'). L is quadratic, so each search finds the exact
 * minimum along −∇L, where the new gradient is orthogonal to the old one: the path turns by a right angle
 * at every iterate. Left, the data with the line of each iterate; right, the loss over (intercept, slope)
 * with the path.
 */
import { interpolateOrRd } from 'd3-scale-chromatic';
import { LINE_BOOK, lineBookData } from '../../data/book.js';
import type { Dataset } from '../../data/dataset.js';
import { LINE_WINDOW, linearRegressionSurface } from '../../problems/linearRegression.js';
import type { Point, Surface, Window } from '../../problems/surface.js';
import { traceSurface } from '../../trace/trace.js';
import { INK } from '../colors.js';
import { polyline, scatter } from '../curves.js';
import type { Figure } from '../figure.js';
import { formatPoint, formatSignificant, formatValue } from '../format.js';
import { colorBarMarks, legendMarks } from '../legend.js';
import { marker, pathPixels, traceMarks } from '../marks.js';
import {
  curvePanel,
  figureTitle,
  gridPlots,
  MINIMUM_MARKER,
  panelTitle,
  surfacePanel,
  type Panel,
  type SurfacePanel,
} from '../panel.js';
import type { Mark } from '../scene.js';

/** (intercept φ0, slope φ1) before the first iteration. */
export const REGRESSION_START: Point = [0, 1.8];
export const REGRESSION_ITERATIONS = 4;
export const REGRESSION_LR = 0.05;

/** The iterates of gradient descent with the bracketing line search, the start first. */
export function regressionDescent(
  surface: Surface,
  start: Point = REGRESSION_START,
  iterations = REGRESSION_ITERATIONS,
): Point[] {
  const optimizer = { name: 'gd', lr: REGRESSION_LR, lineSearch: 'bracket', tolerance: 1e-9 };
  return traceSurface(surface, { start: [...start], steps: iterations, optimizer }).points;
}

/** Iterate k's colour: from a light orange (the start) to a deep red (the last), ColorBrewer's OrRd. */
function iterateColor(k: number): string {
  return interpolateOrRd(0.45 + (0.55 * k) / REGRESSION_ITERATIONS);
}

const DATA_WINDOW: Window = { x: [0, 2], y: [0, 2.5] };

export function linearRegressionFigure(): Figure {
  const data = lineBookData();
  const surface = linearRegressionSurface(data);
  const path = regressionDescent(surface);
  const [plotData, plotLoss] = gridPlots({ x: 70, y: 108, width: 820, height: 360 }, 1, 2, 80, 0);
  const marks: Mark[] = [
    ...figureTitle(
      70,
      'Linear regression by gradient descent with line search',
      `${data.n} points re-drawn as in UDL Figure 6.1, y = ${formatValue(LINE_BOOK.slope)}x + ${formatValue(LINE_BOOK.intercept)} + noise; least-squares loss; ${REGRESSION_ITERATIONS} iterations from φ = ${formatPoint(REGRESSION_START)}`,
    ),
  ];
  const fits = curvePanel(DATA_WINDOW, plotData, { xLabel: 'input x', yLabel: 'output y' });
  marks.push(
    ...fits.marks,
    ...panelTitle(
      plotData,
      '(a) the data and the line of each iterate',
      `y = φ0 + φ1·x; the last: ${lineText(path[REGRESSION_ITERATIONS])}`,
    ),
  );
  marks.push({ kind: 'group', clip: plotData, marks: fitMarks(fits, data, path) });

  const loss = surfacePanel((a, b) => surface.value(a, b), LINE_WINDOW, plotLoss, {
    xLabel: 'intercept φ0',
    yLabel: 'slope φ1',
  });
  const finalLoss = surface.value(...path[REGRESSION_ITERATIONS]);
  marks.push(
    ...loss.marks,
    ...panelTitle(
      plotLoss,
      '(b) the loss L(φ0, φ1) and the path',
      `L from ${formatSignificant(surface.value(...path[0]))} to ${formatSignificant(finalLoss)}; the minimum: ${formatSignificant(surface.value(...surface.minima[0]))}`,
    ),
  );
  marks.push({ kind: 'group', clip: plotLoss, marks: pathMarks(loss, path, surface.minima[0]) });

  const side = plotLoss.x + plotLoss.width + 24;
  const legend = legendMarks(
    [
      ...path.map((phi, k) => ({
        label: k === 0 ? 'start' : `iteration ${k}`,
        details: [lineText(phi)],
        swatch: { kind: 'line' as const, color: iterateColor(k) },
      })),
      { label: 'data', swatch: { kind: 'marker' as const, style: DATA_DOT } },
      { label: 'least-squares minimum', swatch: { kind: 'marker' as const, style: MINIMUM_MARKER } },
    ],
    side,
    108,
    200,
  );
  marks.push(
    ...legend.marks,
    ...colorBarMarks(
      loss.levels,
      { x: side, y: 108 + legend.height + 30, width: 14, height: 360 - legend.height - 30 },
      'loss',
    ),
  );
  return { scene: { width: side + 210, height: 530, background: '#ffffff', marks } };
}

const DATA_DOT = { shape: 'circle' as const, size: 4, fill: INK, stroke: '#ffffff', strokeWidth: 1 };

function lineText([phi0, phi1]: Point): string {
  return `y = ${formatSignificant(phi0, 2)} + ${formatSignificant(phi1, 2)}x`.replace('+ −', '− ');
}

function fitMarks(panel: Panel, data: Dataset, path: readonly Point[]): Mark[] {
  const [x0, x1] = DATA_WINDOW.x;
  const marks: Mark[] = path.map(([phi0, phi1], k) =>
    polyline(
      [
        [x0, phi0 + phi1 * x0],
        [x1, phi0 + phi1 * x1],
      ],
      panel,
      { color: iterateColor(k), width: k === path.length - 1 ? 2.75 : 2, role: 'fit', label: String(k) },
    ),
  );
  marks.push(
    ...scatter(
      Array.from(data.x, (x, i): [number, number] => [x, data.y[i]]),
      panel,
      DATA_DOT,
      'data',
    ),
  );
  return marks;
}

function pathMarks(panel: SurfacePanel, path: readonly Point[], minimum: Point): Mark[] {
  const marks: Mark[] = [
    ...traceMarks(
      pathPixels(path, panel.x, panel.y, panel.plot),
      { color: INK, width: 2 },
      'gradient descent with line search',
    ),
  ];
  marks.push(marker(panel.x(minimum[0]), panel.y(minimum[1]), MINIMUM_MARKER, 'minimum'));
  path.forEach(([a, b], k) => {
    const x = panel.x(a);
    const y = panel.y(b);
    marks.push(
      marker(x, y, { shape: 'circle', size: 6, fill: iterateColor(k), stroke: '#ffffff', strokeWidth: 1.5 }, 'iterate'),
    );
    if (k < 2)
      marks.push({
        kind: 'text',
        x: x + 9,
        y: y - 7,
        text: String(k),
        size: 13,
        weight: 'bold',
        fill: INK,
        role: 'iterate-label',
      });
  });
  return marks;
}
