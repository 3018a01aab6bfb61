/**
 * The rung ladder: why each trial was stopped. The rungs (the budgets at which the scheduler decides, in
 * epochs) stand side by side; each trial is a line through its values at the rungs it reached, a pruned one
 * ending in a cross, and each stop's cutoff — the value it had to reach to continue — is a short bar at its
 * rung, so a cross above its bar (below, for an accuracy) reads as "stopped because it was worse than this".
 */
import { PATH_COLORS } from '../colors.js';
import { polyline } from '../curves.js';
import { curvePlot, paddedRange } from '../curvePlot.js';
import type { Figure } from '../figure.js';
import { legendMarks } from '../legend.js';
import { marker, type MarkerStyle } from '../marks.js';
import type { Mark } from '../scene.js';
import { FAILED_INK, LEGEND_WIDTH, LEGEND_X, PLOT, PRUNED_INK, emptyFigure, sweepFigure } from './layout.js';
import type { SweepRecord } from './record.js';

export interface RungLadder {
  /** The budgets at which trials reported, in epochs, ascending; a rung's index is its place here. */
  readonly rungs: readonly number[];
  /** Trials with their value at each rung reached: [rung index, value]. */
  readonly lines: readonly {
    readonly trial: number;
    readonly status: 'completed' | 'pruned' | 'failed' | 'running';
    readonly points: readonly (readonly [rung: number, value: number])[];
  }[];
  /** One per stop: the rung index, the cutoff the trial missed, and its own value. */
  readonly cutoffs: readonly {
    readonly trial: number;
    readonly rung: number;
    readonly cutoff: number;
    readonly value: number;
  }[];
}

export function rungLadder(record: SweepRecord): RungLadder {
  const { trials } = record.state;
  const rungs = [...new Set(trials.flatMap((t) => [...t.reports.values()].map((r) => r.epochs)))].sort((a, b) => a - b);
  const lines = trials
    .filter((t) => t.reports.size > 0)
    .map((t) => ({
      trial: t.trial,
      status: t.ending?.event ?? ('running' as const),
      points: [...t.reports.values()]
        .map((r) => [rungs.indexOf(r.epochs), r.value] as const)
        .sort((a, b) => a[0] - b[0]),
    }));
  const cutoffs = trials.flatMap((t) =>
    t.ending?.event === 'pruned'
      ? [{ trial: t.trial, rung: rungs.indexOf(t.ending.epochs), cutoff: t.ending.cutoff, value: t.ending.value }]
      : [],
  );
  return { rungs, lines, cutoffs };
}

const CROSS: MarkerStyle = { shape: 'cross', size: 5.5, fill: PATH_COLORS[0] };
const DOT: MarkerStyle = { shape: 'circle', size: 3.5, fill: PATH_COLORS[1], stroke: '#ffffff', strokeWidth: 1 };
const CUTOFF_INK = '#111111';
const COLORS = { completed: PATH_COLORS[1], running: PATH_COLORS[2], pruned: PRUNED_INK, failed: FAILED_INK };

/** Each stopped trial's offset from its rung (in rungs): the stops at a rung spread evenly, 0.05 apart at most. */
function stopOffsets(ladder: RungLadder): Map<number, number> {
  const offsets = new Map<number, number>();
  ladder.rungs.forEach((_, rung) => {
    const here = ladder.cutoffs.filter((c) => c.rung === rung);
    const step = Math.min(0.05, 0.6 / (here.length + 1));
    here.forEach((c, i) => offsets.set(c.trial, (i - (here.length - 1) / 2) * step));
  });
  return offsets;
}

export function rungLadderFigure(record: SweepRecord): Figure {
  const ladder = rungLadder(record);
  const title = 'Rung ladder: where and why trials were stopped';
  const marks: Mark[] = [];
  if (ladder.lines.length === 0) {
    return emptyFigure(record, title, 'no trial has reported yet');
  }
  const reachedAt = ladder.rungs.map((_, i) => ladder.lines.filter((l) => l.points.some(([r]) => r === i)).length);
  const names = ladder.rungs.map(
    (e, i) => `${e} epoch${e === 1 ? '' : 's'}: ${reachedAt[i]} trial${reachedAt[i] === 1 ? '' : 's'}`,
  );
  const values = [...ladder.lines.flatMap((l) => l.points.map(([, v]) => v)), ...ladder.cutoffs.map((c) => c.cutoff)];
  const panel = curvePlot(PLOT, [-0.5, ladder.rungs.length - 0.5], paddedRange(values), {
    xLabel: 'rung (budget in epochs: trials that reached it)',
    yLabel: record.sweep.settings.metric,
    xCategories: names,
  });
  marks.push(...panel.marks);
  // The stops at a rung stand side by side (in trial order), each cross beside its own cutoff.
  const shift = stopOffsets(ladder);
  const end = (line: RungLadder['lines'][number]) =>
    line.points.map(([r, v], i) => [i === line.points.length - 1 ? r + (shift.get(line.trial) ?? 0) : r, v] as const);
  const inside: Mark[] = [];
  for (const line of [...ladder.lines].sort((a, b) => Number(a.status !== 'pruned') - Number(b.status !== 'pruned'))) {
    const color = COLORS[line.status];
    inside.push(
      polyline(end(line), panel, {
        color,
        width: line.status === 'pruned' ? 1.25 : 2,
        role: 'ladder',
        label: `trial ${line.trial}`,
      }),
    );
    if (line.status !== 'pruned')
      inside.push(...line.points.map(([r, v]) => marker(panel.x(r), panel.y(v), { ...DOT, fill: color })));
  }
  for (const c of ladder.cutoffs) {
    const x = panel.x(c.rung + (shift.get(c.trial) ?? 0));
    const half = 7;
    inside.push(
      {
        kind: 'path',
        subpaths: [{ points: [x - half, panel.y(c.cutoff), x + half, panel.y(c.cutoff)], closed: false }],
        stroke: CUTOFF_INK,
        strokeWidth: 2,
        role: 'cutoff',
      },
      // Dotted from the cutoff to the stopped value: how far the trial missed it.
      {
        kind: 'path',
        subpaths: [{ points: [x, panel.y(c.cutoff), x, panel.y(c.value)], closed: false }],
        stroke: CROSS.fill,
        strokeWidth: 1.25,
        dash: [2, 3],
        role: 'shortfall',
      },
      marker(x, panel.y(c.value), CROSS, 'pruned'),
    );
  }
  marks.push({ kind: 'group', clip: PLOT, marks: inside });
  const pruned = ladder.cutoffs.length;
  marks.push(
    ...legendMarks(
      [
        { label: 'completed trial', swatch: { kind: 'line', color: COLORS.completed } },
        {
          label: 'pruned trial',
          details: [`${pruned} stopped, each at a cross`],
          swatch: { kind: 'line', color: COLORS.pruned },
        },
        { label: 'stopped here', swatch: { kind: 'marker', style: CROSS } },
        {
          label: 'cutoff of a stop',
          details: [
            `the value needed to continue (${record.sweep.sign === 1 ? 'at or below' : 'at or above'} it); dotted: how far the stopped trial missed it`,
          ],
          swatch: { kind: 'line', color: CUTOFF_INK },
        },
        ...(ladder.lines.some((l) => l.status === 'running')
          ? [{ label: 'still running', swatch: { kind: 'line' as const, color: COLORS.running } }]
          : []),
        ...(ladder.lines.some((l) => l.status === 'failed')
          ? [{ label: 'failed', swatch: { kind: 'line' as const, color: COLORS.failed } }]
          : []),
      ],
      LEGEND_X,
      PLOT.y,
      LEGEND_WIDTH,
    ).marks,
  );
  return sweepFigure(record, title, marks);
}
