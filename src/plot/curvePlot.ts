/**
 * A plot area for loss curves: a linear x axis (epochs, a line parameter t) and a y axis for the loss,
 * logarithmic when the losses span more than a factor of LOG_RATIO (so the late, small differences between
 * training and validation loss stay visible), with ticks at 1, 2 and 5 per decade (1 only, when there are
 * many decades) labelled as plain numbers (0.05, not d3's "50m"), the label saying "(log scale)". Light grid
 * lines at the ticks.
 */
import { scaleLinear, scaleLog, type ScaleLinear } from 'd3-scale';
import { axisMarks, type AxisScale } from './axes.js';
import { formatSignificant } from './format.js';
import type { Mark, Rect } from './scene.js';

export interface CurvePlot {
  plot: Rect;
  x: AxisScale & { invert(value: number): number };
  y: AxisScale;
  logY: boolean;
  marks: Mark[];
}

/** Losses spanning more than this ratio get a log axis. */
export const LOG_RATIO = 10;

export interface CurvePlotLabels {
  xLabel: string;
  yLabel: string;
  /** Ticks on whole numbers only (epochs). */
  integerX?: boolean;
  /** The x axis shows these categories at 0, 1, …, each tick labelled with its name (rungs). */
  xCategories?: readonly string[];
}

export function curvePlot(
  plot: Rect,
  x: readonly [number, number],
  y: readonly [number, number],
  labels: CurvePlotLabels,
): CurvePlot {
  const linear = scaleLinear()
    .domain([x[0], x[1]])
    .range([plot.x, plot.x + plot.width]);
  const xScale =
    labels.xCategories !== undefined
      ? categoryTicks(linear, labels.xCategories)
      : labels.integerX
        ? integerTicks(linear)
        : linear;
  const logY = y[0] > 0 && y[1] / y[0] > LOG_RATIO;
  const yScale = logY
    ? logScale(y, [plot.y + plot.height, plot.y])
    : scaleLinear()
        .domain([y[0], y[1]])
        .range([plot.y + plot.height, plot.y])
        .nice();
  const yLabel = logY ? `${labels.yLabel} (log scale)` : labels.yLabel;
  return {
    plot,
    x: xScale,
    y: yScale,
    logY,
    marks: axisMarks(plot, xScale, yScale, { xLabel: labels.xLabel, yLabel, grid: true }),
  };
}

/** The range of `values` with a margin: 8 % on a linear axis (not below 0 for values that are not), 8 % of the decades on a log one. */
export function paddedRange(values: readonly number[], log: boolean | 'auto' = 'auto'): [number, number] {
  // A loop, not Math.min(...values): a spread of 100,000 epochs' losses overflows the stack.
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const useLog = log === 'auto' ? lo > 0 && hi / lo > LOG_RATIO : log;
  if (useLog) {
    const pad = 0.08 * Math.log10(hi / lo);
    return [lo / 10 ** pad, hi * 10 ** pad];
  }
  const pad = 0.08 * (hi - lo || Math.abs(hi) || 1);
  // Losses are never negative: an axis for them starts at 0 at the lowest.
  return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad];
}

/** The scale with only its whole-number ticks (at least the domain's ends when none is left). */
function integerTicks(scale: ScaleLinear<number, number>): CurvePlot['x'] {
  const wrapped = ((value: number) => scale(value)) as CurvePlot['x'];
  wrapped.domain = () => scale.domain();
  wrapped.invert = (value: number) => scale.invert(value);
  wrapped.ticks = (count?: number) => {
    const ticks = scale.ticks(count).filter(Number.isInteger);
    return ticks.length > 0 ? ticks : scale.domain().map(Math.round);
  };
  wrapped.tickFormat = () => (value: number) => formatSignificant(value, 6);
  return wrapped;
}

/** The scale with a tick at each category's index, labelled with its name. */
export function categoryTicks(scale: ScaleLinear<number, number>, names: readonly string[]): CurvePlot['x'] {
  const wrapped = ((value: number) => scale(value)) as CurvePlot['x'];
  wrapped.domain = () => scale.domain();
  wrapped.invert = (value: number) => scale.invert(value);
  wrapped.ticks = () => names.map((_, i) => i);
  wrapped.tickFormat = () => (value: number) => names[value] ?? '';
  return wrapped;
}

/** A log scale with ticks at 1, 2 and 5 per decade (1 only, over more than 2.5 decades), labelled as plain numbers. */
export function logScale(domain: readonly [number, number], range: [number, number]): AxisScale {
  const scale = scaleLog().domain([domain[0], domain[1]]).range(range);
  const decades = Math.log10(domain[1] / domain[0]);
  const mantissas = decades <= 2.5 ? [1, 2, 5] : [1];
  const ticks = (): number[] => {
    const chosen = scale
      .ticks()
      .filter((t) => mantissas.includes(Number((t / 10 ** Math.floor(Math.log10(t) + 1e-9)).toFixed(6))));
    return chosen.length >= 2 ? chosen : scale.ticks();
  };
  const wrapped = ((value: number) => scale(value)) as AxisScale;
  wrapped.domain = () => scale.domain();
  wrapped.ticks = ticks;
  wrapped.tickFormat = () => (value: number) => formatSignificant(value, 2);
  return wrapped;
}
