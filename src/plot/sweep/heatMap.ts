/**
 * A heat map of the metric over two settings: the learning rate and the weight decay where the sweep
 * searches both, else its two most important numeric settings (src/tune/importance.ts) — those that are
 * always on before conditional ones, which leave out the trials without them, and a choice filling in when
 * fewer than two ranges are always on. The plane is cut into cells — a choice's values, or equal steps along a
 * range's axis (in log(value) for a log range), √n of them at most 8 — and each cell shows the best value of
 * the trials in it; the trials are the dots. Values are compared at one budget (comparableLevel).
 */
import { scaleLinear } from 'd3-scale';
import type { Dimension } from '../../tune/space.js';
import { axisMarks, type AxisScale } from '../axes.js';
import { INK } from '../colors.js';
import type { Figure } from '../figure.js';
import { formatSignificant } from '../format.js';
import type { Mark, Rect } from '../scene.js';
import { textWidth } from '../text.js';
import { sweepImportance } from './importance.js';
import {
  dimensionAxis,
  HEIGHT,
  LEGEND_X,
  PLOT,
  valueBar,
  valueColor,
  type DimensionAxis,
  emptyFigure,
  sweepFigure,
} from './layout.js';
import { comparableLevel, scoreScale, type SweepRecord } from './record.js';

export interface HeatMap {
  readonly x: DimensionAxis;
  readonly y: DimensionAxis;
  /** Cells per axis. */
  readonly columns: number;
  readonly rows: number;
  /** Cells with trials: column, row (0 at the bottom), the best value among them and how many there are. */
  readonly cells: readonly { column: number; row: number; value: number; trials: number }[];
  /** The trials placed: fractions along each axis, and the value. */
  readonly points: readonly { trial: number; x: number; y: number; value: number }[];
  /** Trials with a value but without one of the two settings (a conditional one that was off). */
  readonly leftOut: number;
  readonly epochs: number;
}

const LR = ['lr', 'optimizer.lr'];
const WEIGHT_DECAY = ['weightDecay', 'optimizer.weightDecay'];

/** The two dimensions shown: lr × weight decay, else the most important (numeric ones first). */
export function heatMapDimensions(record: SweepRecord): [Dimension, Dimension] | undefined {
  const dims = record.sweep.space.dimensions;
  const lr = dims.find((d) => LR.includes(d.key));
  const wd = dims.find((d) => WEIGHT_DECAY.includes(d.key));
  if (lr !== undefined && wd !== undefined) return [lr, wd];
  const rank = sweepImportance(record).importances.map((imp) => imp.key);
  const conditional = (d: Dimension) => Number(Object.keys(d.when).length > 0);
  const ordered = [...dims].sort(
    (a, b) =>
      conditional(a) - conditional(b) ||
      Number(a.kind === 'choice') - Number(b.kind === 'choice') ||
      rank.indexOf(a.key) - rank.indexOf(b.key),
  );
  return ordered.length < 2 ? undefined : [ordered[0], ordered[1]];
}

export function heatMap(record: SweepRecord): HeatMap | undefined {
  const chosen = heatMapDimensions(record);
  if (chosen === undefined) return undefined;
  const [x, y] = chosen.map(dimensionAxis);
  const level = comparableLevel(record);
  const points: { trial: number; x: number; y: number; value: number }[] = [];
  for (const t of record.state.trials) {
    const value = level.values.get(t.trial);
    const fx = x.position(t.config[x.key]);
    const fy = y.position(t.config[y.key]);
    if (value !== undefined && fx !== undefined && fy !== undefined)
      points.push({ trial: t.trial, x: fx, y: fy, value });
  }
  const steps = Math.min(8, Math.max(2, Math.round(Math.sqrt(points.length))));
  const count = (d: Dimension) => (d.kind === 'choice' ? d.values.length : steps);
  const [columns, rows] = chosen.map(count);
  const cellOf = (f: number, n: number) => Math.min(n - 1, Math.floor(f * n));
  const cells = new Map<string, { column: number; row: number; value: number; trials: number }>();
  for (const p of points) {
    const column = cellOf(p.x, columns);
    const row = cellOf(p.y, rows);
    const key = `${column},${row}`;
    const cell = cells.get(key);
    if (cell === undefined) cells.set(key, { column, row, value: p.value, trials: 1 });
    else {
      cell.trials++;
      if (record.sweep.sign * p.value < record.sweep.sign * cell.value) cell.value = p.value;
    }
  }
  return {
    x,
    y,
    columns,
    rows,
    cells: [...cells.values()],
    points,
    leftOut: level.values.size - points.length,
    epochs: level.epochs,
  };
}

/** An axis over fractions [0, 1] of a dimension, ticked where the dimension's axis says. */
function fractionScale(axis: DimensionAxis, range: [number, number]): AxisScale {
  const linear = scaleLinear().domain([0, 1]).range(range);
  const scale = ((f: number) => linear(f)) as AxisScale;
  scale.domain = () => [0, 1];
  scale.ticks = () => axis.ticks.map((t) => t.at);
  scale.tickFormat = () => (f: number) => axis.ticks.find((t) => t.at === f)?.text ?? '';
  return scale;
}

const AREA: Rect = { x: PLOT.x + 10, y: PLOT.y, width: PLOT.width - 10, height: PLOT.height };

export function heatMapFigure(record: SweepRecord): Figure {
  const map = heatMap(record);
  const metric = record.sweep.settings.metric;
  const title = map === undefined ? 'Heat map' : `${metric} over ${map.x.key} × ${map.y.key}`;
  const marks: Mark[] = [];
  if (map === undefined || map.points.length === 0) {
    return emptyFigure(
      record,
      title,
      map === undefined ? 'the sweep searches one setting: no plane to map' : 'no trial has a value yet',
    );
  }
  const x = fractionScale(map.x, [AREA.x, AREA.x + AREA.width]);
  const y = fractionScale(map.y, [AREA.y + AREA.height, AREA.y]);
  const colorOf = scoreScale(
    record,
    map.points.map((p) => p.value),
  );
  const cellWidth = AREA.width / map.columns;
  const cellHeight = AREA.height / map.rows;
  for (const cell of map.cells) {
    const left = AREA.x + cell.column * cellWidth;
    const top = AREA.y + AREA.height - (cell.row + 1) * cellHeight;
    marks.push({
      kind: 'path',
      subpaths: [
        {
          points: [left, top, left + cellWidth, top, left + cellWidth, top + cellHeight, left, top + cellHeight],
          closed: true,
        },
      ],
      fill: valueColor(colorOf(cell.value)),
      stroke: '#ffffff',
      strokeWidth: 1,
      role: 'cell',
    });
    const text = formatSignificant(cell.value, 3);
    if (textWidth(text, 12, 'bold') < cellWidth - 8 && cellHeight > 22)
      marks.push({
        kind: 'text',
        x: left + 5,
        y: top + 15,
        text,
        size: 12,
        weight: 'bold',
        fill: colorOf(cell.value) < 0.6 ? '#ffffff' : INK,
        role: 'cell-value',
      });
  }
  for (const p of map.points)
    marks.push({
      kind: 'circle',
      cx: x(p.x),
      cy: y(p.y),
      r: 3.5,
      fill: '#ffffff',
      stroke: INK,
      strokeWidth: 1.25,
      role: 'trial-point',
    });
  marks.push(
    ...axisMarks(AREA, x, y, {
      xLabel: map.x.log ? `${map.x.key} (log scale)` : map.x.key,
      yLabel: map.y.log ? `${map.y.key} (log scale)` : map.y.key,
    }),
  );
  const values = map.points.map((p) => p.value);
  marks.push(
    ...valueBar(
      { x: LEGEND_X + 10, y: PLOT.y + 40, width: 16, height: PLOT.height - 80 },
      [Math.min(...values), Math.max(...values)],
      (v) => valueColor(colorOf(v)),
      `best ${metric} in a cell`,
    ),
    {
      kind: 'text',
      x: PLOT.x,
      y: HEIGHT - 22,
      text: `${map.points.length} trials (dots), values after ${map.epochs} epoch${map.epochs === 1 ? '' : 's'}${map.leftOut > 0 ? `; ${map.leftOut} without one of the two settings left out` : ''}; empty cells: no trial.`,
      size: 12,
      fill: '#555555',
    },
  );
  return sweepFigure(record, title, marks);
}
