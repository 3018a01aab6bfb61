/**
 * Parallel coordinates: one vertical axis per search dimension (log ranges on log axes, choices in their
 * order, a conditional dimension's trials without it at "off" below the axis) and a last axis for the metric;
 * each trial is a line through its settings to its value, coloured by the value, the best on top. Values are
 * compared at one budget (src/plot/sweep/record.ts, comparableLevel); a trial stopped before it is a grey
 * line through its settings only.
 */
import { scaleLinear } from 'd3-scale';
import { FRAME, INK, MUTED_INK } from '../colors.js';
import type { Figure } from '../figure.js';
import { formatSignificant } from '../format.js';
import type { Mark, Rect } from '../scene.js';
import { fittingSize, textWidth } from '../text.js';
import {
  dimensionAxis,
  HEIGHT,
  PLOT,
  PRUNED_INK,
  valueColor,
  WIDTH,
  type DimensionAxis,
  emptyFigure,
  sweepFigure,
} from './layout.js';
import { comparableLevel, scoreScale, type Level, type SweepRecord } from './record.js';

export interface ParallelLine {
  readonly trial: number;
  /** Per dimension: the fraction along its axis (0 bottom, 1 top), or undefined where it was off. */
  readonly positions: readonly (number | undefined)[];
  /** The metric at the level's budget, when the trial reached it. */
  readonly value?: number;
}

export interface ParallelCoordinates {
  readonly axes: readonly DimensionAxis[];
  readonly level: Level;
  readonly lines: readonly ParallelLine[];
}

export function parallelCoordinates(record: SweepRecord): ParallelCoordinates {
  const axes = record.sweep.space.dimensions.map(dimensionAxis);
  const level = comparableLevel(record);
  const lines = record.state.trials.map((t) => ({
    trial: t.trial,
    positions: axes.map((a) => a.position(t.config[a.key])),
    ...(level.values.has(t.trial) ? { value: level.values.get(t.trial) } : {}),
  }));
  return { axes, level, lines };
}

const AREA: Rect = { x: PLOT.x - 20, y: PLOT.y + 20, width: WIDTH - PLOT.x - 60, height: PLOT.height - 50 };
const OFF_GAP = 24;

export function parallelCoordinatesFigure(record: SweepRecord): Figure {
  const { axes, level, lines } = parallelCoordinates(record);
  const metric = record.sweep.settings.metric;
  const title = 'Parallel coordinates';
  const marks: Mark[] = [];
  const valued = lines.filter((l) => l.value !== undefined);
  if (valued.length === 0) {
    return emptyFigure(record, title, 'no trial has a value yet');
  }
  const values = valued.map((l) => l.value as number);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const valueScale = scaleLinear()
    .domain(lo < hi ? [lo, hi] : [lo - 1, hi + 1])
    .nice()
    .range([0, 1]);
  const colorOf = scoreScale(record, values);
  const count = axes.length + 1;
  const xOf = (k: number) => AREA.x + (k * AREA.width) / (count - 1);
  const bottom = AREA.y + AREA.height;
  const yOf = (f: number | undefined) => (f === undefined ? bottom + OFF_GAP : bottom - f * AREA.height);
  const path = (line: ParallelLine, withValue: boolean): number[] => [
    ...line.positions.flatMap((f, k) => [xOf(k), yOf(f)]),
    ...(withValue ? [xOf(axes.length), yOf(valueScale(line.value as number))] : []),
  ];
  const ranked = [...valued].sort((a, b) => colorOf(b.value as number) - colorOf(a.value as number));
  for (const line of lines.filter((l) => l.value === undefined)) {
    marks.push({
      kind: 'path',
      subpaths: [{ points: path(line, false), closed: false }],
      stroke: PRUNED_INK,
      strokeWidth: 1,
      opacity: 0.7,
      role: 'unvalued',
      label: `trial ${line.trial}`,
    });
  }
  for (const line of ranked) {
    marks.push({
      kind: 'path',
      subpaths: [{ points: path(line, true), closed: false }],
      stroke: valueColor(colorOf(line.value as number)),
      strokeWidth: 2,
      lineJoin: 'round',
      role: 'trial',
      label: `trial ${line.trial}`,
    });
  }
  const valueAxis: DimensionAxis = {
    key: metric,
    position: (v) => valueScale(v as number),
    ticks: valueScale.ticks(5).map((t) => ({ at: valueScale(t), text: formatSignificant(t, 3) })),
    log: false,
    conditional: false,
  };
  [...axes, valueAxis].forEach((axis, k) =>
    marks.push(...axisMarksAt(axis, xOf(k), (AREA.width / (count - 1)) * 0.95)),
  );
  marks.push({
    kind: 'text',
    x: PLOT.x,
    y: HEIGHT - 22,
    text: `Values after ${level.epochs} epoch${level.epochs === 1 ? '' : 's'}, the most that at least half the trials reached (${valued.length} of ${level.reached}); grey: stopped before.`,
    size: 12,
    fill: MUTED_INK,
  });
  return sweepFigure(record, title, marks);
}

/** One vertical axis at x: its line, ticks and labels on its left, its name above (and "off" below, when conditional). */
function axisMarksAt(axis: DimensionAxis, x: number, room: number): Mark[] {
  const bottom = AREA.y + AREA.height;
  const marks: Mark[] = [
    { kind: 'path', subpaths: [{ points: [x, AREA.y, x, bottom], closed: false }], stroke: FRAME, strokeWidth: 1.25 },
    {
      kind: 'text',
      x,
      y: AREA.y - 14,
      text: axis.log ? `${axis.key} (log)` : axis.key,
      size: fittingSize(axis.log ? `${axis.key} (log)` : axis.key, 12.5, room, 'bold'),
      weight: 'bold',
      anchor: 'middle',
      fill: INK,
      role: 'axis-name',
    },
  ];
  for (const tick of axis.ticks) {
    const y = bottom - tick.at * AREA.height;
    marks.push(
      { kind: 'path', subpaths: [{ points: [x - 4, y, x, y], closed: false }], stroke: FRAME, strokeWidth: 1 },
      ...haloText(tick.text, x - 6, y + 4),
    );
  }
  if (axis.conditional) marks.push(...haloText('off', x - 6, bottom + OFF_GAP + 4));
  return marks;
}

/** A tick label ending at x on a box of 75 % white, so that the lines crossing behind it neither hide it nor vanish. */
function haloText(text: string, x: number, y: number): Mark[] {
  const width = textWidth(text, 11);
  return [
    {
      kind: 'rect',
      x: x - width - 2,
      y: y - 10,
      width: width + 4,
      height: 13,
      fill: 'rgba(255, 255, 255, 0.75)',
      radius: 2,
    },
    { kind: 'text', x, y, text, size: 11, anchor: 'end', fill: MUTED_INK },
  ];
}
