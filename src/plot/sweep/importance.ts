/**
 * Parameter importance: one horizontal bar per search dimension, its length the share of the metric's
 * variance over the trials that the dimension explains alone (ε², src/tune/importance.ts says how), the values
 * taken at one budget (comparableLevel), most important on top.
 */
import { scaleLinear } from 'd3-scale';
import { parameterImportance, type Importance } from '../../tune/importance.js';
import { axisMarks, yAxisWidth } from '../axes.js';
import { categoryTicks } from '../curvePlot.js';
import { INK, MUTED_INK, PATH_COLORS } from '../colors.js';
import type { Figure } from '../figure.js';
import type { Mark, Rect } from '../scene.js';
import { wrapText } from '../text.js';
import { HEIGHT, PLOT, WIDTH, emptyFigure, sweepFigure } from './layout.js';
import { comparableLevel, type SweepRecord } from './record.js';

/** The importances over the trials with a value at the comparable budget, and that budget. */
export function sweepImportance(record: SweepRecord): { importances: Importance[]; epochs: number; trials: number } {
  const level = comparableLevel(record);
  const samples = record.state.trials.flatMap((t) => {
    const value = level.values.get(t.trial);
    return value === undefined ? [] : [{ config: t.config, value }];
  });
  return {
    importances: parameterImportance(record.sweep.space.dimensions, samples),
    epochs: level.epochs,
    trials: samples.length,
  };
}

export function importanceFigure(record: SweepRecord): Figure {
  const { importances, epochs, trials } = sweepImportance(record);
  const metric = record.sweep.settings.metric;
  const title = 'Parameter importance';
  const marks: Mark[] = [];
  if (trials < 3) {
    return emptyFigure(record, title, 'too few trials with a value to estimate importance');
  }
  // Most important on top: category 0 at the top of the plot.
  const keys = importances.map((imp) => imp.key);
  const rows = (plot: Rect) =>
    categoryTicks(
      scaleLinear()
        .domain([-0.5, keys.length - 0.5])
        .range([plot.y, plot.y + plot.height]),
      keys,
    );
  const left = 40 + yAxisWidth(rows(PLOT), PLOT.height);
  const plot: Rect = { x: left, y: PLOT.y, width: WIDTH - left - 90, height: PLOT.height - 20 };
  const x = scaleLinear()
    .domain([0, 1])
    .range([plot.x, plot.x + plot.width]);
  const y = rows(plot);
  marks.push(
    ...axisMarks(plot, x, y, {
      xLabel: `share of the variance of ${metric} explained alone (ε²)`,
      yLabel: '',
      grid: true,
    }),
  );
  const half = Math.min(18, (plot.height / keys.length) * 0.3);
  importances.forEach((imp, k) => {
    const middle = y(k);
    if (imp.share === undefined) {
      marks.push({
        kind: 'text',
        x: plot.x + 6,
        y: middle + 4,
        text: 'too few trials, or all alike in it: no estimate',
        size: 12,
        fill: MUTED_INK,
      });
      return;
    }
    marks.push(
      {
        kind: 'path',
        subpaths: [
          {
            points: [
              x(0),
              middle - half,
              x(imp.share),
              middle - half,
              x(imp.share),
              middle + half,
              x(0),
              middle + half,
            ],
            closed: true,
          },
        ],
        fill: PATH_COLORS[1],
        role: 'importance-bar',
        label: imp.key,
      },
      {
        kind: 'text',
        x: x(imp.share) + 6,
        y: middle + 4,
        text: imp.share.toFixed(2),
        size: 12,
        fill: INK,
        role: 'importance-value',
      },
    );
  });
  const note = `${trials} trials, values after ${epochs} epoch${epochs === 1 ? '' : 's'}; ε² = (SS between groups − (k − 1)·SS within / (n − k)) / SS total, the trials grouped by one setting (k groups); interactions are not counted.`;
  wrapText(note, 12, WIDTH - PLOT.x - 16).forEach((line, i, lines) =>
    marks.push({
      kind: 'text',
      x: PLOT.x,
      y: HEIGHT - 12 - 16 * (lines.length - 1 - i),
      text: line,
      size: 12,
      fill: MUTED_INK,
    }),
  );
  return sweepFigure(record, title, marks);
}
