/**
 * The optimization history: each trial's value by trial number — completed trials as dots, pruned ones as
 * grey crosses at the value of their last rung (after fewer epochs, so not comparable with the dots) — and
 * the best completed value so far as a step line.
 */
import { PATH_COLORS } from '../colors.js';
import { polyline, scatter } from '../curves.js';
import { curvePlot, paddedRange } from '../curvePlot.js';
import type { Figure } from '../figure.js';
import { formatSignificant } from '../format.js';
import { legendMarks } from '../legend.js';
import type { MarkerStyle } from '../marks.js';
import { MINIMUM_MARKER } from '../panel.js';
import type { Mark } from '../scene.js';
import { LEGEND_WIDTH, LEGEND_X, PLOT, PRUNED_INK, emptyFigure, sweepFigure } from './layout.js';
import { finalValue, type SweepRecord } from './record.js';

export interface HistoryPoint {
  readonly trial: number;
  readonly value: number;
  readonly epochs: number;
  readonly status: 'completed' | 'pruned';
}

export interface History {
  readonly points: readonly HistoryPoint[];
  /** After each completed trial (by number): the best completed value so far, and the trial that holds it. */
  readonly bestSoFar: readonly { readonly trial: number; readonly value: number; readonly holder: number }[];
}

export function optimizationHistory(record: SweepRecord): History {
  const points: HistoryPoint[] = [];
  const bestSoFar: { trial: number; value: number; holder: number }[] = [];
  for (const t of record.state.trials) {
    const status = t.ending?.event;
    const last = finalValue(t);
    if (last === undefined || (status !== 'completed' && status !== 'pruned')) continue;
    points.push({ trial: t.trial, value: last.value, epochs: last.epochs, status });
    if (status !== 'completed') continue;
    const previous = bestSoFar[bestSoFar.length - 1] as (typeof bestSoFar)[number] | undefined;
    const better = previous === undefined || record.sweep.sign * last.value < record.sweep.sign * previous.value;
    bestSoFar.push(better ? { trial: t.trial, value: last.value, holder: t.trial } : { ...previous, trial: t.trial });
  }
  return { points, bestSoFar };
}

const COMPLETED: MarkerStyle = { shape: 'circle', size: 4.5, fill: PATH_COLORS[1], stroke: '#ffffff', strokeWidth: 1 };
const PRUNED: MarkerStyle = { shape: 'cross', size: 5, fill: PRUNED_INK };
const BEST_COLOR = PATH_COLORS[0];

export function historyFigure(record: SweepRecord): Figure {
  const { points, bestSoFar } = optimizationHistory(record);
  const metric = record.sweep.settings.metric;
  const title = 'Optimization history';
  const marks: Mark[] = [];
  const last = Math.max(record.state.trials.length - 1, 1);
  if (points.length === 0) {
    return emptyFigure(record, title, 'no trial has a value yet');
  }
  const panel = curvePlot(PLOT, [-0.5, last + 0.5], paddedRange(points.map((p) => p.value)), {
    xLabel: 'trial',
    yLabel: metric,
    integerX: true,
  });
  marks.push(...panel.marks);
  const inside: Mark[] = [];
  const steps: [number, number][] = [];
  bestSoFar.forEach(({ trial, value }, k) => {
    steps.push([trial, value], [k + 1 < bestSoFar.length ? bestSoFar[k + 1].trial : last + 0.5, value]);
  });
  if (steps.length > 0) inside.push(polyline(steps, panel, { color: BEST_COLOR, width: 2, role: 'best-so-far' }));
  const of = (status: HistoryPoint['status']) =>
    points.filter((p) => p.status === status).map((p) => [p.trial, p.value] as const);
  inside.push(
    ...scatter(of('pruned'), panel, PRUNED, 'pruned'),
    ...scatter(of('completed'), panel, COMPLETED, 'completed'),
  );
  const best = bestSoFar[bestSoFar.length - 1];
  if (best !== undefined) inside.push(...scatter([[best.holder, best.value]], panel, MINIMUM_MARKER, 'best'));
  marks.push({ kind: 'group', clip: PLOT, marks: inside });
  const bestDetails =
    best === undefined ? ['no trial completed yet'] : [`${formatSignificant(best.value, 4)} (trial ${best.holder})`];
  marks.push(
    ...legendMarks(
      [
        {
          label: 'completed trial',
          details: ['its value after the full budget'],
          swatch: { kind: 'marker', style: COMPLETED },
        },
        {
          label: 'pruned trial',
          details: ['its value at the rung where it stopped: fewer epochs'],
          swatch: { kind: 'marker', style: PRUNED },
        },
        { label: 'best so far', details: bestDetails, swatch: { kind: 'line', color: BEST_COLOR } },
        { label: 'best trial', swatch: { kind: 'marker', style: MINIMUM_MARKER } },
      ],
      LEGEND_X,
      PLOT.y,
      LEGEND_WIDTH,
    ).marks,
  );
  return sweepFigure(record, title, marks);
}
