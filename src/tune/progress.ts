/**
 * A sweep's progress, as its events tell it: trials done, running, pruned and failed, the best so far, and
 * an estimate of the time left. Browser-safe; the clock is the caller's (milliseconds), so a test can use a
 * fake one and the lab can replay a recorded sweep.
 *
 * Time left. A segment's time is modelled as t = a + b·Δe: a fixed cost per segment (starting the process,
 * loading the data, reading the checkpoint) plus b seconds per epoch trained, Δe being the segment's epochs
 * beyond the trial's previous rung. a and b are the least-squares fit over the finished segments,
 *
 *   b = Σ (Δe − mean Δe)(t − mean t) / Σ (Δe − mean Δe)²,   a = mean t − b · mean Δe,
 *
 * refitted through the origin (a = 0, b = Σ t·Δe / Σ Δe²) when every Δe is the same or a comes out negative,
 * and a = mean t, b = 0 when b does. The work left is counted in segments and epochs: a trial that has not
 * ended needs the mean segments s̄ and epochs ē of the trials that ended so far (its whole ladder, an upper
 * bound, while none has), less what it has done — at least the segment it is running; a trial not yet created
 * needs s̄ and ē. A running segment's predicted time is reduced by the time it has run (not below 0). Then
 *
 *   time left = Σ over trials of (a · segments left + b · epochs left − elapsed of its running segment) / W,
 *
 * W = min(workers, trials not ended): the work is shared by the workers while there are trials to share.
 */
import { apply, lastRung, replay, type JournalEvent, type SweepState } from './journal.js';
import { rankTrials } from './results.js';
import type { Sweep } from './sweep.js';

export interface ProgressSnapshot {
  readonly total: number;
  readonly created: number;
  readonly completed: number;
  readonly pruned: number;
  readonly failed: number;
  /** Segments in flight. */
  readonly running: number;
  readonly best?: { readonly trial: number; readonly value: number };
  /** Seconds, or undefined before the first segment finished. */
  readonly secondsLeft?: number;
}

/** A finished segment: the epochs it trained and the seconds it took. */
export interface SegmentTime {
  readonly epochs: number;
  readonly seconds: number;
}

export class SweepProgress {
  private readonly state: SweepState;
  private readonly segments: SegmentTime[] = [];
  /** Trial → its running segment: when it started (ms) and the epochs it trains beyond the last rung. */
  private readonly running = new Map<number, { since: number; epochs: number }>();

  /** `events`: the journal so far (a resumed sweep); none of its segments is running any more. */
  constructor(
    private readonly sweep: Sweep,
    private readonly workers: number,
    events: readonly JournalEvent[] = [],
  ) {
    this.state = replay([]);
    for (const event of events) this.record(event, 0);
    this.running.clear();
  }

  /** One event, recorded at `now` (ms). */
  record(event: JournalEvent, now: number): void {
    if (event.event === 'segment' || event.event === 'report') {
      const trial = this.state.trials[event.trial];
      const before = trial === undefined ? 0 : (trial.reports.get(lastRung(trial))?.epochs ?? 0);
      if (event.event === 'segment') this.running.set(event.trial, { since: now, epochs: event.epochs - before });
      else if (trial !== undefined && !trial.reports.has(event.rung)) {
        this.segments.push({ epochs: event.epochs - before, seconds: event.seconds });
      }
    }
    if (event.event === 'report' || event.event === 'failed') this.running.delete(event.trial);
    apply(this.state, event);
  }

  snapshot(now: number): ProgressSnapshot {
    const ended = (kind: string) => this.state.trials.filter((t) => t.ending?.event === kind).length;
    const best = rankTrials(this.sweep, this.state)[0];
    return {
      total: this.sweep.total,
      created: this.state.trials.length,
      completed: ended('completed'),
      pruned: ended('pruned'),
      failed: ended('failed'),
      running: this.running.size,
      ...(best?.status === 'completed' && best.value !== null
        ? { best: { trial: best.trial, value: best.value } }
        : {}),
      ...(this.segments.length === 0 ? {} : { secondsLeft: this.secondsLeft(now) }),
    };
  }

  private secondsLeft(now: number): number {
    const { a, b } = fitSegmentTime(this.segments);
    const { segments, epochs } = this.perTrial();
    let seconds = (this.sweep.total - this.state.trials.length) * (a * segments + b * epochs);
    let open = this.sweep.total - this.state.trials.length;
    for (const trial of this.state.trials) {
      if (trial.ending !== undefined) continue;
      open++;
      const done = trial.reports.get(lastRung(trial))?.epochs ?? 0;
      const current = this.running.get(trial.trial);
      const segmentsLeft = Math.max(segments - trial.reports.size, current === undefined ? 0 : 1);
      const epochsLeft = Math.max(epochs - done, current?.epochs ?? 0);
      seconds += a * segmentsLeft + b * epochsLeft;
      if (current !== undefined) seconds -= Math.min(a + b * current.epochs, Math.max(0, (now - current.since) / 1000));
    }
    return Math.max(0, seconds) / Math.max(1, Math.min(this.workers, open));
  }

  /** s̄ and ē: the mean segments and epochs of the trials that ended; a whole ladder while none has. */
  private perTrial(): { segments: number; epochs: number } {
    const ended = this.state.trials.filter((t) => t.ending !== undefined);
    if (ended.length === 0) {
      const rungs = this.sweep.scheduler.rungs(this.state.trials.length);
      return { segments: rungs.length, epochs: rungs[rungs.length - 1] };
    }
    const mean = (f: (t: (typeof ended)[number]) => number) => ended.reduce((sum, t) => sum + f(t), 0) / ended.length;
    return {
      segments: mean((t) => t.reports.size),
      epochs: mean((t) => t.reports.get(lastRung(t))?.epochs ?? 0),
    };
  }
}

/** t ≈ a + b·Δe by least squares (see the top of this file), a and b kept >= 0. */
export function fitSegmentTime(segments: readonly SegmentTime[]): { a: number; b: number } {
  const n = segments.length;
  const meanE = segments.reduce((s, x) => s + x.epochs, 0) / n;
  const meanT = segments.reduce((s, x) => s + x.seconds, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const { epochs, seconds } of segments) {
    sxx += (epochs - meanE) ** 2;
    sxy += (epochs - meanE) * (seconds - meanT);
  }
  const b = sxx > 0 ? sxy / sxx : -1;
  if (b < 0) return sxx > 0 ? { a: meanT, b: 0 } : throughOrigin(segments);
  const a = meanT - b * meanE;
  return a >= 0 ? { a, b } : throughOrigin(segments);
}

function throughOrigin(segments: readonly SegmentTime[]): { a: number; b: number } {
  const sxy = segments.reduce((s, x) => s + x.epochs * x.seconds, 0);
  const sxx = segments.reduce((s, x) => s + x.epochs * x.epochs, 0);
  return { a: 0, b: sxx > 0 ? sxy / sxx : 0 };
}

/** 75 → "1m15s", 3725 → "1h02m", 9 → "9s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
