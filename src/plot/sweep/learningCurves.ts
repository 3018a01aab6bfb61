/**
 * The learning curves of all trials: each trial's metric per epoch (its metrics.jsonl, or its values at the
 * rungs), completed trials coloured by their final value, pruned ones grey and ending in a cross where they
 * were stopped, failed ones red, the best trial drawn last and thicker.
 */
import { polyline, scatter } from '../curves.js';
import { curvePlot, paddedRange } from '../curvePlot.js';
import { rankTrials, type TrialResult } from '../../tune/results.js';
import type { Figure } from '../figure.js';
import { formatSignificant } from '../format.js';
import { legendMarks } from '../legend.js';
import type { MarkerStyle } from '../marks.js';
import type { Mark, Rect } from '../scene.js';
import {
  FAILED_INK,
  LEGEND_WIDTH,
  LEGEND_X,
  PLOT,
  PRUNED_INK,
  valueBar,
  valueColor,
  emptyFigure,
  sweepFigure,
} from './layout.js';
import { scoreScale, trialCurve, type Curve, type SweepRecord } from './record.js';

export interface LearningCurve {
  readonly trial: number;
  readonly status: 'completed' | 'pruned' | 'failed' | 'running';
  readonly curve: Curve;
}

/** Every trial's curve, the best completed trial last (drawn on top). */
export function learningCurves(record: SweepRecord): LearningCurve[] {
  const curves = record.state.trials
    .map((t) => ({ trial: t.trial, status: t.ending?.event ?? ('running' as const), curve: trialCurve(record, t) }))
    .filter((c) => c.curve.length > 0);
  const best = bestCompleted(record);
  const order = (c: LearningCurve) => (c.trial === best ? 3 : c.status === 'completed' ? 2 : 1);
  return curves.sort((a, b) => order(a) - order(b) || a.trial - b.trial);
}

/** The best completed trial, as the sweep's results rank it (undefined while none has completed). */
function bestCompleted(record: SweepRecord): number | undefined {
  const best = rankTrials(record.sweep, record.state)[0] as TrialResult | undefined;
  return best?.status === 'completed' ? best.trial : undefined;
}

const CROSS: MarkerStyle = { shape: 'cross', size: 4.5, fill: '#6f6f6f' };
const BAR: Rect = { x: LEGEND_X, y: PLOT.y + 200, width: 16, height: PLOT.height - 200 };

export function learningCurvesFigure(record: SweepRecord): Figure {
  const curves = learningCurves(record);
  const metric = record.sweep.settings.metric;
  const title = 'Learning curves';
  const marks: Mark[] = [];
  if (curves.length === 0) {
    return emptyFigure(record, title, 'no trial has reported yet');
  }
  const points = curves.flatMap((c) => c.curve);
  const last = Math.max(...points.map(([e]) => e));
  const panel = curvePlot(PLOT, [0.5, last + 0.5], paddedRange(points.map(([, v]) => v)), {
    xLabel: 'epoch',
    yLabel: metric,
    integerX: true,
  });
  marks.push(...panel.marks);
  const completed = curves.filter((c) => c.status === 'completed').map((c) => c.curve[c.curve.length - 1][1]);
  const colorOf = scoreScale(record, completed);
  const best = bestCompleted(record);
  const inside: Mark[] = [];
  for (const c of curves) {
    const end = c.curve[c.curve.length - 1];
    const color =
      c.status === 'completed' ? valueColor(colorOf(end[1])) : c.status === 'failed' ? FAILED_INK : PRUNED_INK;
    const width = c.trial === best ? 3.5 : c.status === 'completed' ? 2 : 1.25;
    inside.push(polyline(c.curve, panel, { color, width, role: c.status, label: `trial ${c.trial}` }));
    if (c.status === 'pruned') inside.push(...scatter([end], panel, CROSS, 'pruned-end'));
  }
  marks.push({ kind: 'group', clip: PLOT, marks: inside });
  const bestCurve = curves.find((c) => c.trial === best);
  marks.push(
    ...legendMarks(
      [
        {
          label: 'completed trial',
          details: ['coloured by its final value'],
          swatch: { kind: 'line', color: valueColor(0.5) },
        },
        ...(bestCurve === undefined
          ? []
          : [
              {
                label: `best: trial ${bestCurve.trial}`,
                details: [`${formatSignificant(bestCurve.curve[bestCurve.curve.length - 1][1], 4)} at the end`],
                swatch: { kind: 'line' as const, color: valueColor(0) },
              },
            ]),
        { label: 'pruned trial', details: ['stopped at the cross'], swatch: { kind: 'line', color: PRUNED_INK } },
        ...(curves.some((c) => c.status === 'failed')
          ? [{ label: 'failed trial', swatch: { kind: 'line' as const, color: FAILED_INK } }]
          : []),
      ],
      LEGEND_X,
      PLOT.y,
      LEGEND_WIDTH,
    ).marks,
  );
  if (completed.length > 1) {
    const range = [Math.min(...completed), Math.max(...completed)] as const;
    marks.push(...valueBar(BAR, range, (v) => valueColor(colorOf(v)), `final ${metric}`));
  }
  return sweepFigure(record, title, marks);
}
