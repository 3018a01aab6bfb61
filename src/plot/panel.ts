/**
 * Panels: a plot area with its scales and axes. A surface panel is filled contours of L over the window,
 * clipped to the plot, under the axes; a curve panel is an empty grid for 1-D curves. Figure titles and the
 * shared marker styles live here too, so every figure looks alike.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import type { Window } from '../problems/surface.js';
import { axisMarks } from './axes.js';
import { INK, MUTED_INK } from './colors.js';
import { chooseLevels, contourMarks, sampleGrid, type Levels } from './contours.js';
import type { MarkerStyle } from './marks.js';
import type { Mark, Rect } from './scene.js';
import { fittingSize } from './text.js';

export interface Panel {
  plot: Rect;
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  marks: Mark[];
}

export interface SurfacePanel extends Panel {
  levels: Levels;
}

export interface SurfacePanelOptions {
  xLabel?: string;
  yLabel?: string;
  hideY?: boolean;
  /** Pixels per grid cell of the contour sampling (default 4). */
  cell?: number;
  /** Levels shared by several panels (so their colours mean the same loss); chosen from this panel's grid if absent. */
  levels?: Levels;
}

export function surfacePanel(
  f: (x: number, y: number) => number,
  window: Window,
  plot: Rect,
  options: SurfacePanelOptions = {},
): SurfacePanel {
  const { x, y } = scales(window, plot);
  const cell = options.cell ?? 4;
  const grid = sampleGrid(
    f,
    window,
    Math.max(16, Math.round(plot.width / cell)),
    Math.max(16, Math.round(plot.height / cell)),
  );
  const levels = options.levels ?? chooseLevels(grid.values);
  const marks: Mark[] = [
    { kind: 'group', clip: plot, marks: contourMarks(grid, levels, x, y) },
    ...axisMarks(plot, x, y, { xLabel: options.xLabel ?? 'x', yLabel: options.yLabel ?? 'y', hideY: options.hideY }),
  ];
  return { plot, x, y, marks, levels };
}

export function curvePanel(
  window: Window,
  plot: Rect,
  labels: { xLabel: string; yLabel: string; hideY?: boolean },
): Panel {
  const { x, y } = scales(window, plot);
  return { plot, x, y, marks: axisMarks(plot, x, y, { ...labels, grid: true }) };
}

function scales(window: Window, plot: Rect): { x: ScaleLinear<number, number>; y: ScaleLinear<number, number> } {
  return {
    x: scaleLinear()
      .domain([window.x[0], window.x[1]])
      .range([plot.x, plot.x + plot.width]),
    y: scaleLinear()
      .domain([window.y[0], window.y[1]])
      .range([plot.y + plot.height, plot.y]),
  };
}

/** Loss values for the colour-map levels of several panels at once, so they share one colour bar. */
export function sharedLevels(f: (x: number, y: number) => number, window: Window): Levels {
  return chooseLevels(sampleGrid(f, window, 120, 120).values);
}

/** A panel's title above its plot area (left-aligned), with an optional smaller grey line under it. */
export function panelTitle(plot: Rect, title: string, subtitle?: string): Mark[] {
  const size = fittingSize(title, 14, plot.width, 'bold');
  const marks: Mark[] = [
    { kind: 'text', x: plot.x, y: plot.y - (subtitle ? 24 : 9), text: title, size, weight: 'bold', fill: INK },
  ];
  if (subtitle)
    marks.push({
      kind: 'text',
      x: plot.x,
      y: plot.y - 8,
      text: subtitle,
      size: fittingSize(subtitle, 12, plot.width),
      fill: MUTED_INK,
    });
  return marks;
}

/** A figure's title at the top left, with a grey line of settings under it. */
export function figureTitle(x: number, title: string, subtitle?: string): Mark[] {
  const marks: Mark[] = [{ kind: 'text', x, y: 28, text: title, size: 18, weight: 'bold', fill: INK, role: 'title' }];
  if (subtitle) marks.push({ kind: 'text', x, y: 49, text: subtitle, size: 13, fill: MUTED_INK });
  return marks;
}

/** The plot areas of a rows × cols grid inside `area`, separated by gaps. */
export function gridPlots(area: Rect, rows: number, cols: number, gapX: number, gapY: number): Rect[] {
  const width = (area.width - gapX * (cols - 1)) / cols;
  const height = (area.height - gapY * (rows - 1)) / rows;
  const plots: Rect[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++)
      plots.push({ x: area.x + c * (width + gapX), y: area.y + r * (height + gapY), width, height });
  }
  return plots;
}

export const MINIMUM_MARKER: MarkerStyle = { shape: 'star', size: 10, fill: '#ffffff', stroke: INK, strokeWidth: 1.5 };
export const START_MARKER: MarkerStyle = { shape: 'square', size: 6, fill: '#ffffff', stroke: INK, strokeWidth: 1.5 };

export function headMarker(color: string): MarkerStyle {
  return { shape: 'circle', size: 5, fill: color, stroke: '#ffffff', strokeWidth: 1.5 };
}
