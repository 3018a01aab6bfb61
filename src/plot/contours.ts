/**
 * Filled contours of a loss surface: the loss sampled on a grid over the plotting window, bands between
 * levels traced by marching squares (d3-contour, with linear interpolation along cell edges), each band
 * filled with its colour from the map and outlined by a faint isoline.
 *
 * Levels: d3-scale's nice linear ticks, unless the range is wide — when linear levels would leave more than
 * 30 % of the window in the two lowest bands (Rosenbrock, Beale, Himmelblau: steep walls around flat valleys)
 * — then 1–2–5 steps per decade of L − min (more when there are few decades, fewer when many), so the valley
 * floor is resolved as well as the walls.
 */
import { contours } from 'd3-contour';
import { scaleLinear } from 'd3-scale';
import { surfaceColor } from './colors.js';
import type { AxisScale } from './axes.js';
import type { Window } from '../problems/surface.js';
import type { Mark, PathMark, SubPath } from './scene.js';

export interface Grid {
  /** Loss values row by row, x fastest; row 0 is the window's lowest y. */
  values: Float64Array;
  nx: number;
  ny: number;
  window: Window;
}

export interface Levels {
  /** The loss at each band's lower edge, ascending; below the first is the lowest band. */
  thresholds: number[];
  /** Whether the levels are spaced by decades of L − min. */
  log: boolean;
  /** The colour of each band, the lowest (below thresholds[0]) first: thresholds.length + 1 colours. */
  colors: string[];
}

/** Samples f at nx × ny points spanning the window, corners included. */
export function sampleGrid(f: (x: number, y: number) => number, window: Window, nx: number, ny: number): Grid {
  const values = new Float64Array(nx * ny);
  const [x0, x1] = window.x;
  const [y0, y1] = window.y;
  for (let j = 0; j < ny; j++) {
    const y = y0 + ((y1 - y0) * j) / (ny - 1);
    for (let i = 0; i < nx; i++) values[j * nx + i] = f(x0 + ((x1 - x0) * i) / (nx - 1), y);
  }
  return { values, nx, ny, window };
}

/** The share of the window that the two lowest linear bands may cover before the levels go logarithmic. */
const LOW_BANDS_SHARE = 0.3;

function fractionBelow(sorted: number[], value: number): number {
  let count = 0;
  while (count < sorted.length && sorted[count] < value) count++;
  return count / sorted.length;
}

export function chooseLevels(values: ArrayLike<number>, maxLevels = 14): Levels {
  const finite = Array.from(values)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  if (finite.length === 0) return { thresholds: [], log: false, colors: [surfaceColor(0)] };
  const lo = finite[0];
  const span = finite[finite.length - 1] - lo;
  if (span === 0) return { thresholds: [], log: false, colors: [surfaceColor(0)] };
  const linear = linearLevels(lo, lo + span, maxLevels);
  const log = linear.length >= 2 && fractionBelow(finite, linear[1]) > LOW_BANDS_SHARE;
  const thresholds = log ? logLevels(finite, lo, span) : linear;
  const colors = [0, ...thresholds.map((_, k) => (k + 1) / thresholds.length)].map(surfaceColor);
  return { thresholds, log, colors };
}

function linearLevels(lo: number, hi: number, count: number): number[] {
  return scaleLinear()
    .domain([lo, hi])
    .ticks(count)
    .filter((t) => t > lo && t < hi);
}

/** lo + m·10^k for m in 1, 2, 5 (or finer, or coarser), from the 2nd percentile of L − min to the top. */
function logLevels(sorted: number[], lo: number, span: number): number[] {
  const bottom = Math.max(sorted[Math.floor(sorted.length * 0.02)] - lo, span * 1e-6);
  // A grid minimum near 0 (the true minimum is 0 between the samples) counts as 0: levels at 5, not 5.02.
  const offset = Math.abs(lo) < bottom * 0.1 ? 0 : lo;
  const first = Math.floor(Math.log10(bottom));
  const last = Math.ceil(Math.log10(span));
  const decades = last - first;
  const multipliers = decades <= 3 ? [1, 1.5, 2, 3, 5, 7] : decades <= 5 ? [1, 2, 5] : decades <= 8 ? [1, 3] : [1];
  const levels: number[] = [];
  for (let k = first; k <= last; k++) {
    for (const m of multipliers) {
      const level = Number((m * 10 ** k).toPrecision(12));
      if (level >= bottom && level < span) levels.push(offset + level);
    }
  }
  return levels;
}

/**
 * The bands as filled paths in pixel space. d3-contour puts grid value i at coordinate i + 0.5 (cell
 * centres), so grid coordinate g maps back to x0 + (g − 0.5)·Δx.
 */
export function contourMarks(grid: Grid, levels: Levels, x: AxisScale, y: AxisScale): Mark[] {
  const { nx, ny, window } = grid;
  const dx = (window.x[1] - window.x[0]) / (nx - 1);
  const dy = (window.y[1] - window.y[0]) / (ny - 1);
  const toPixels = (ring: number[][]): SubPath => {
    const points = new Array<number>(ring.length * 2);
    ring.forEach(([gx, gy], k) => {
      points[2 * k] = x(window.x[0] + (gx - 0.5) * dx);
      points[2 * k + 1] = y(window.y[0] + (gy - 0.5) * dy);
    });
    return { points, closed: true };
  };
  const generator = contours().size([nx, ny]).thresholds(levels.thresholds);
  const bands = generator(Array.from(grid.values));
  const [left, right] = [x(window.x[0] - dx / 2), x(window.x[1] + dx / 2)];
  const [top, bottom] = [y(window.y[1] + dy / 2), y(window.y[0] - dy / 2)];
  const marks: Mark[] = [
    { kind: 'rect', x: left, y: top, width: right - left, height: bottom - top, fill: levels.colors[0] },
  ];
  bands.forEach((band, k) => {
    const subpaths = band.coordinates.flatMap((polygon) => polygon.map(toPixels));
    if (subpaths.length === 0) return;
    const mark: PathMark = {
      kind: 'path',
      subpaths,
      fill: levels.colors[k + 1],
      fillRule: 'evenodd',
      stroke: '#ffffff',
      strokeWidth: 0.5,
    };
    marks.push(mark);
  });
  return marks;
}
