/**
 * What the sweep figures share: their size, the title with the sweep in a grey line under it, the colour of a
 * value (viridis, dark for the best, so the best trials stand out on white) with its colour bar, and an axis for
 * one search dimension (a log or linear range, or a choice's values in order).
 */
import { scaleLinear } from 'd3-scale';
import { interpolateViridis } from 'd3-scale-chromatic';
import type { Dimension, Value } from '../../tune/space.js';
import { formatAssignment } from '../../tune/driver.js';
import type { AxisScale } from '../axes.js';
import { INK, MUTED_INK } from '../colors.js';
import { logScale } from '../curvePlot.js';
import { formatSignificant } from '../format.js';
import { figureTitle } from '../panel.js';
import type { Figure } from '../figure.js';
import type { Mark, Rect } from '../scene.js';
import type { SweepRecord } from './record.js';

export const WIDTH = 960;
export const HEIGHT = 540;
/** The plot area of a figure with a legend column on the right. */
export const PLOT: Rect = { x: 84, y: 84, width: 610, height: 380 };
export const LEGEND_X = PLOT.x + PLOT.width + 40;
export const LEGEND_WIDTH = WIDTH - LEGEND_X - 16;
/** Pruned trials and other context: drawn light, behind the rest. */
export const PRUNED_INK = '#9a9a9a';
export const FAILED_INK = '#d62728';

/** t ∈ [0, 1] (0: the best value) → a viridis colour, stopping short of its palest yellow. */
export function valueColor(t: number): string {
  return interpolateViridis(0.88 * Math.min(1, Math.max(0, t)));
}

/** "sobol sampler, asha (minEpochs=1 eta=3) scheduler, 12 trials; validationLoss, lower is better" */
export function sweepLine(record: SweepRecord): string {
  const { settings } = record.sweep;
  const spec = ({ name, ...options }: { name: string }) =>
    Object.keys(options).length === 0 ? name : `${name} (${formatAssignment(options)})`;
  return `${spec(settings.sampler)} sampler, ${spec(settings.scheduler)} scheduler, ${record.state.trials.length} trials; ${settings.metric}, ${record.sweep.sign === 1 ? 'lower' : 'higher'} is better`;
}

/** A sweep figure: its title with the sweep's line under it, above `marks`. */
export function sweepFigure(record: SweepRecord, title: string, marks: readonly Mark[]): Figure {
  return {
    scene: {
      width: WIDTH,
      height: HEIGHT,
      background: '#ffffff',
      marks: [...figureTitle(PLOT.x, title, sweepLine(record)), ...marks],
    },
  };
}

/** A sweep figure with nothing to draw yet: a note in the middle of its plot ("no trial completed"). */
export function emptyFigure(record: SweepRecord, title: string, note: string): Figure {
  return sweepFigure(record, title, [
    {
      kind: 'text',
      x: PLOT.x + PLOT.width / 2,
      y: PLOT.y + PLOT.height / 2,
      text: note,
      size: 14,
      anchor: 'middle',
      fill: MUTED_INK,
      role: 'note',
    },
  ]);
}

/**
 * A vertical colour bar for values: the values' range upwards, each height in the colour of its value, ticked
 * at d3's nice values; `title` above it.
 */
export function valueBar(
  area: Rect,
  range: readonly [number, number],
  color: (value: number) => string,
  title: string,
): Mark[] {
  const [lo, hi] = range[0] < range[1] ? range : [range[0] - 1, range[1] + 1];
  const y = scaleLinear()
    .domain([lo, hi])
    .range([area.y + area.height, area.y]);
  const steps = 48;
  const marks: Mark[] = [{ kind: 'text', x: area.x, y: area.y - 10, text: title, size: 12, fill: INK }];
  for (let k = 0; k < steps; k++) {
    const top = area.y + (k * area.height) / steps;
    marks.push({
      kind: 'rect',
      x: area.x,
      y: top,
      width: area.width,
      height: area.height / steps + 0.5,
      fill: color(y.invert(top + area.height / steps / 2)),
    });
  }
  marks.push({ kind: 'rect', ...area, stroke: '#444444', strokeWidth: 1 });
  for (const tick of y.ticks(5)) {
    marks.push(
      {
        kind: 'path',
        subpaths: [{ points: [area.x + area.width, y(tick), area.x + area.width + 4, y(tick)], closed: false }],
        stroke: '#444444',
        strokeWidth: 1,
      },
      {
        kind: 'text',
        x: area.x + area.width + 7,
        y: y(tick) + 4,
        text: formatSignificant(tick, 3),
        size: 11,
        fill: MUTED_INK,
      },
    );
  }
  return marks;
}

/** One search dimension as an axis over [0, 1]: where a value sits, and the ticks to label. */
export interface DimensionAxis {
  readonly key: string;
  /** The fraction along the axis; undefined where the dimension was off (a conditional one). */
  position(value: Value | undefined): number | undefined;
  readonly ticks: readonly { at: number; text: string }[];
  readonly log: boolean;
  /** A conditional dimension: some trials have no value. */
  readonly conditional: boolean;
}

export function dimensionAxis(d: Dimension): DimensionAxis {
  const conditional = Object.keys(d.when).length > 0;
  if (d.kind === 'choice') {
    const at = (i: number) => (i + 0.5) / d.values.length;
    return {
      key: d.key,
      position: (v) => (v === undefined || !d.values.includes(v) ? undefined : at(d.values.indexOf(v))),
      ticks: d.values.map((v, i) => ({ at: at(i), text: String(v) })),
      log: false,
      conditional,
    };
  }
  const scale: AxisScale = d.log
    ? logScale([d.low, d.high], [0, 1])
    : scaleLinear().domain([d.low, d.high]).range([0, 1]);
  const format = scale.tickFormat(5);
  const ticks = scale.ticks(5).filter((t) => t >= d.low && t <= d.high);
  return {
    key: d.key,
    position: (v) => (typeof v === 'number' ? Math.min(1, Math.max(0, scale(v))) : undefined),
    ticks: ticks.map((t) => ({ at: scale(t), text: d.kind === 'int' || d.log ? formatSignificant(t, 3) : format(t) })),
    log: d.log,
    conditional,
  };
}
