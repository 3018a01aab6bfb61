/**
 * Axes of a plot area: a frame, outward ticks at d3-scale's "nice" values with its tick formats, tick labels
 * spaced so they never touch, axis labels (the y label turned to read bottom to top), optional light grid
 * lines. The tick count follows the available length, about one label per 70 px across and 45 px up.
 */
import { FRAME, INK, MUTED_INK } from './colors.js';
import type { Mark, Rect } from './scene.js';
import { textWidth } from './text.js';

/** The part of a d3 continuous scale that axes need (scaleLinear and scaleLog both fit). */
export interface AxisScale {
  (value: number): number;
  domain(): number[];
  ticks(count?: number): number[];
  tickFormat(count?: number, specifier?: string): (value: number) => string;
}

export interface AxisOptions {
  xLabel: string;
  yLabel: string;
  /** Light lines across the plot at the ticks (for curves; off for contour maps). */
  grid?: boolean;
  /** Leave out the y tick labels and y label (a panel that shares the y axis of the one on its left). */
  hideY?: boolean;
}

export const TICK_SIZE = 12;
export const LABEL_SIZE = 13;
const TICK_LENGTH = 5;

export function axisMarks(plot: Rect, x: AxisScale, y: AxisScale, options: AxisOptions): Mark[] {
  const xTicks = visibleTicks(x, Math.max(2, Math.floor(plot.width / 70)));
  const yTicks = visibleTicks(y, Math.max(2, Math.floor(plot.height / 45)));
  const marks: Mark[] = [];
  if (options.grid) marks.push(gridLines(plot, x, y, xTicks, yTicks));
  marks.push({ kind: 'rect', ...plot, stroke: FRAME, strokeWidth: 1 });
  marks.push(tickLines(plot, x, y, xTicks, options.hideY ? [] : yTicks));
  const bottom = plot.y + plot.height;
  const formatX = x.tickFormat(Math.max(2, Math.floor(plot.width / 70)));
  for (const t of xTicks) {
    marks.push({
      kind: 'text',
      x: x(t),
      y: bottom + TICK_LENGTH + TICK_SIZE + 1,
      text: formatX(t),
      size: TICK_SIZE,
      anchor: 'middle',
      fill: MUTED_INK,
    });
  }
  marks.push({
    kind: 'text',
    x: plot.x + plot.width / 2,
    y: bottom + 38,
    text: options.xLabel,
    size: LABEL_SIZE,
    anchor: 'middle',
    fill: INK,
  });
  if (options.hideY) return marks;
  const formatY = y.tickFormat(Math.max(2, Math.floor(plot.height / 45)));
  let widest = 0;
  for (const t of yTicks) {
    const text = formatY(t);
    widest = Math.max(widest, textWidth(text, TICK_SIZE));
    marks.push({
      kind: 'text',
      x: plot.x - TICK_LENGTH - 3,
      y: y(t) + TICK_SIZE * 0.35,
      text,
      size: TICK_SIZE,
      anchor: 'end',
      fill: MUTED_INK,
    });
  }
  const labelX = plot.x - TICK_LENGTH - 3 - widest - 10;
  marks.push({
    kind: 'text',
    x: labelX,
    y: plot.y + plot.height / 2,
    text: options.yLabel,
    size: LABEL_SIZE,
    anchor: 'middle',
    fill: INK,
    rotate: -90,
  });
  return marks;
}

/** The space an axis needs to the left of the plot for these tick labels and the label. */
export function yAxisWidth(y: AxisScale, plotHeight: number): number {
  const count = Math.max(2, Math.floor(plotHeight / 45));
  const format = y.tickFormat(count);
  const widest = Math.max(0, ...visibleTicks(y, count).map((t) => textWidth(format(t), TICK_SIZE)));
  return TICK_LENGTH + 3 + widest + 10 + LABEL_SIZE;
}

function visibleTicks(scale: AxisScale, count: number): number[] {
  const [a, b] = scale.domain();
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const slack = (hi - lo) * 1e-9;
  return scale.ticks(count).filter((t) => t >= lo - slack && t <= hi + slack);
}

function tickLines(plot: Rect, x: AxisScale, y: AxisScale, xTicks: number[], yTicks: number[]): Mark {
  const bottom = plot.y + plot.height;
  const subpaths = [
    ...xTicks.map((t) => ({ points: [x(t), bottom, x(t), bottom + TICK_LENGTH], closed: false })),
    ...yTicks.map((t) => ({ points: [plot.x - TICK_LENGTH, y(t), plot.x, y(t)], closed: false })),
  ];
  return { kind: 'path', subpaths, stroke: FRAME, strokeWidth: 1 };
}

function gridLines(plot: Rect, x: AxisScale, y: AxisScale, xTicks: number[], yTicks: number[]): Mark {
  const subpaths = [
    ...xTicks.map((t) => ({ points: [x(t), plot.y, x(t), plot.y + plot.height], closed: false })),
    ...yTicks.map((t) => ({ points: [plot.x, y(t), plot.x + plot.width, y(t)], closed: false })),
  ];
  return { kind: 'path', subpaths, stroke: '#e4e4e4', strokeWidth: 1 };
}
