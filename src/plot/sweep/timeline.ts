/**
 * The worker timeline: every segment (a trial training towards a rung) as a bar from the time its "segment"
 * line was written to the time its result ("report" or "failed") was, read from the journal lines' "at"
 * stamps. The journal does not say which worker ran a segment, so each is put in the lowest slot free when
 * it started (slots are the sweep's parallelism, as a machine's cores would be used); a segment cut short by
 * an interruption ends at the journal's last line before it was started again, and is marked so.
 */
import { scaleLinear } from 'd3-scale';
import type { JournalEvent } from '../../tune/journal.js';
import { axisMarks } from '../axes.js';
import { INK, PATH_COLORS } from '../colors.js';
import { categoryTicks } from '../curvePlot.js';
import type { Figure } from '../figure.js';
import { legendMarks } from '../legend.js';
import type { Mark } from '../scene.js';
import { textWidth } from '../text.js';
import { FAILED_INK, LEGEND_WIDTH, LEGEND_X, PLOT, PRUNED_INK, emptyFigure, sweepFigure } from './layout.js';
import type { SweepRecord } from './record.js';

export type SegmentOutcome = 'continued' | 'completed' | 'pruned' | 'failed' | 'interrupted' | 'running';

export interface TimelineSegment {
  readonly trial: number;
  readonly rung: number;
  readonly slot: number;
  /** Seconds since the sweep's first stamped line. */
  readonly start: number;
  readonly end: number;
  readonly outcome: SegmentOutcome;
}

/** The segments of a journal, from its stamps; empty when its lines carry none. */
export function timelineSegments(events: readonly JournalEvent[]): TimelineSegment[] {
  const stamped = events.filter((e) => e.at !== undefined);
  if (stamped.length === 0) return [];
  const origin = stamped[0].at as number;
  const seconds = (at: number) => (at - origin) / 1000;
  const open = new Map<number, { rung: number; start: number }>();
  const ended: { trial: number; rung: number; start: number; end: number; outcome: SegmentOutcome }[] = [];
  const endings = new Map<number, 'completed' | 'pruned' | 'failed'>();
  let lastSeen = 0;
  for (const e of events) {
    if (e.at === undefined) continue;
    const now = seconds(e.at);
    if (e.event === 'segment') {
      const interrupted = open.get(e.trial);
      if (interrupted !== undefined)
        ended.push({ trial: e.trial, ...interrupted, end: lastSeen, outcome: 'interrupted' });
      open.set(e.trial, { rung: e.rung, start: now });
    } else if (e.event === 'report' || e.event === 'failed') {
      const segment = open.get(e.trial);
      if (segment !== undefined && segment.rung === e.rung) {
        ended.push({ trial: e.trial, ...segment, end: now, outcome: e.event === 'failed' ? 'failed' : 'continued' });
        open.delete(e.trial);
      }
    }
    if ((e.event === 'completed' || e.event === 'pruned' || e.event === 'failed') && !endings.has(e.trial))
      endings.set(e.trial, e.event);
    lastSeen = now;
  }
  for (const [trial, segment] of open) ended.push({ trial, ...segment, end: lastSeen, outcome: 'running' });
  // A trial's last finished segment carries the trial's ending.
  const lastOf = new Map<number, number>();
  ended.forEach((s, i) => {
    if (s.outcome === 'continued') lastOf.set(s.trial, i);
  });
  for (const [trial, i] of lastOf) {
    const ending = endings.get(trial);
    if (ending === 'completed' || ending === 'pruned') ended[i].outcome = ending;
  }
  return assignSlots(ended.sort((a, b) => a.start - b.start || a.trial - b.trial));
}

/** Each segment in the lowest slot free at its start (greedy interval colouring, by start time). */
function assignSlots(segments: readonly Omit<TimelineSegment, 'slot'>[]): TimelineSegment[] {
  const busyUntil: number[] = [];
  return segments.map((s) => {
    let slot = busyUntil.findIndex((end) => end <= s.start);
    if (slot === -1) slot = busyUntil.length;
    busyUntil[slot] = s.end;
    return { ...s, slot };
  });
}

const COLORS: Record<SegmentOutcome, string> = {
  continued: PATH_COLORS[1],
  completed: PATH_COLORS[7],
  pruned: PRUNED_INK,
  failed: FAILED_INK,
  interrupted: PATH_COLORS[2],
  running: PATH_COLORS[4],
};
const LABELS: Record<SegmentOutcome, string> = {
  continued: 'segment, then promoted',
  completed: 'segment, then completed',
  pruned: 'segment, then pruned',
  failed: 'failed',
  interrupted: 'interrupted (run again on resume)',
  running: 'running when drawn',
};

export function timelineFigure(record: SweepRecord): Figure {
  const segments = timelineSegments(record.events);
  const title = 'Worker timeline';
  const marks: Mark[] = [];
  if (segments.length === 0) {
    return emptyFigure(record, title, 'the journal has no time stamps (written before downhill recorded them)');
  }
  const slots = Math.max(...segments.map((s) => s.slot)) + 1;
  const end = Math.max(...segments.map((s) => s.end));
  const x = scaleLinear()
    .domain([0, end > 0 ? end : 1])
    .nice()
    .range([PLOT.x, PLOT.x + PLOT.width]);
  const names = Array.from({ length: slots }, (_, i) => `slot ${i + 1}`);
  const y = categoryTicks(
    scaleLinear()
      .domain([-0.5, slots - 0.5])
      .range([PLOT.y, PLOT.y + PLOT.height]),
    names,
  );
  marks.push(
    ...axisMarks(PLOT, x, y, {
      xLabel: 'wall time (s); the number on a bar is its trial',
      yLabel: 'worker slot',
      grid: false,
    }),
  );
  const half = Math.min(16, (PLOT.height / slots) * 0.36);
  const bars: Mark[] = [];
  for (const s of segments) {
    const left = x(s.start);
    const right = Math.max(x(s.end), left + 1.5);
    const middle = y(s.slot);
    bars.push({
      kind: 'path',
      subpaths: [
        {
          points: [left, middle - half, right, middle - half, right, middle + half, left, middle + half],
          closed: true,
        },
      ],
      fill: COLORS[s.outcome],
      stroke: '#ffffff',
      strokeWidth: 1,
      role: 'segment',
      label: `trial ${s.trial} rung ${s.rung}`,
    });
    const text = String(s.trial);
    if (textWidth(text, 11) < right - left - 4 && half >= 7)
      bars.push({
        kind: 'text',
        x: (left + right) / 2,
        y: middle + 4,
        text,
        size: 11,
        anchor: 'middle',
        fill: s.outcome === 'pruned' ? INK : '#ffffff',
      });
  }
  marks.push({ kind: 'group', clip: PLOT, marks: bars });
  const present = (Object.keys(COLORS) as SegmentOutcome[]).filter((o) => segments.some((s) => s.outcome === o));
  marks.push(
    ...legendMarks(
      present.map((o) => ({ label: LABELS[o], swatch: { kind: 'line' as const, color: COLORS[o] } })),
      LEGEND_X,
      PLOT.y,
      LEGEND_WIDTH,
    ).marks,
  );
  return sweepFigure(record, title, marks);
}
