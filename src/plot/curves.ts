/**
 * Marks for 1-D plots (fits, loss curves): a function sampled across a plot area, a polyline through data
 * points, and a scatter of points, in a panel's scales. Curves are clipped by the caller's group; far
 * values are pulled in as paths are (src/plot/marks.ts), so a curve that leaves the plot still draws.
 */
import type { AxisScale } from './axes.js';
import { marker, pathPixels, type MarkerStyle } from './marks.js';
import type { Mark, PathMark, Rect } from './scene.js';

export interface CurveStyle {
  color: string;
  width?: number;
  dash?: readonly number[];
  /** Written as the path's class, so a test or reader can find it. */
  role?: string;
  label?: string;
}

/** y = f(x) sampled every `every` pixels across the plot. */
export function functionCurve(
  f: (x: number) => number,
  panel: { plot: Rect; x: AxisScale & { invert(v: number): number }; y: AxisScale },
  style: CurveStyle,
  every = 2,
): PathMark {
  const points: [number, number][] = [];
  const { plot } = panel;
  for (let px = plot.x; px <= plot.x + plot.width + 1e-9; px += every) {
    const x = panel.x.invert(Math.min(px, plot.x + plot.width));
    points.push([x, f(x)]);
  }
  return polyline(points, panel, style);
}

/** A line through the points (in data coordinates). */
export function polyline(
  points: readonly (readonly [number, number])[],
  panel: { plot: Rect; x: AxisScale; y: AxisScale },
  style: CurveStyle,
): PathMark {
  return {
    kind: 'path',
    subpaths: [{ points: pathPixels(points, panel.x, panel.y, panel.plot), closed: false }],
    stroke: style.color,
    strokeWidth: style.width ?? 2,
    dash: style.dash,
    lineJoin: 'round',
    lineCap: 'round',
    role: style.role,
    label: style.label,
  };
}

/** One marker per point (in data coordinates). */
export function scatter(
  points: readonly (readonly [number, number])[],
  panel: { x: AxisScale; y: AxisScale },
  style: MarkerStyle,
  role?: string,
): Mark[] {
  return points.map(([x, y]) => marker(panel.x(x), panel.y(y), style, role));
}
