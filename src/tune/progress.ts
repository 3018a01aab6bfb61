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
 * and a = mean t, b = 0 when b does. Which segments are still to come follows the rungs: a trial trains
 * towards rung k (k = 0 … its last) with probability P(k) — 1 for the segment it is running, else the
 * product of the continuation rates q(E) of the rungs E it must still pass, q(E) = the trials that went on
 * from E / the trials decided at E so far (1 while none has been: an upper bound). A trial not yet created
 * has its whole ladder ahead. A running segment's predicted time is reduced by the time it has run (not
 * below 0). Then
 *
 *   work(trial) = Σ_k P(k) · (a + b · Δe_k), less the time its running segment has run,
 *   time left   = max(Σ work / W, max work),
 *
 * W = min(workers, trials not ended): the work is shared by the workers while there are trials to share, but a
 * trial's own segments run one after another, so the longest one bounds the time left from below.
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
    const q = this.continuationRates();
    /** The expected seconds of the segments from rung index `from` on, the first certain when `certain`. */
    const ahead = (rungs: readonly number[], from: number, certain: boolean) => {
      let seconds = 0;
      let p = 1;
      for (let k = from; k < rungs.length; k++) {
        if (k > from || !certain) p *= k === 0 ? 1 : (q.get(rungs[k - 1]) ?? 1);
        seconds += p * (a + b * (rungs[k] - (k === 0 ? 0 : rungs[k - 1])));
      }
      return seconds;
    };
    const work: number[] = [];
    for (let trial = this.state.trials.length; trial < this.sweep.total; trial++)
      work.push(ahead(this.sweep.scheduler.rungs(trial), 0, true));
    for (const trial of this.state.trials) {
      if (trial.ending !== undefined) continue;
      const current = this.running.get(trial.trial);
      const run =
        current === undefined ? 0 : Math.min(a + b * current.epochs, Math.max(0, (now - current.since) / 1000));
      work.push(ahead(this.sweep.scheduler.rungs(trial.trial), lastRung(trial) + 1, current !== undefined) - run);
    }
    const total = work.reduce((sum, w) => sum + w, 0);
    return Math.max(0, total / Math.max(1, Math.min(this.workers, work.length)), ...work);
  }

  /** q(E) for each rung E (epochs) decided so far: the share of the trials decided there that went on. */
  private continuationRates(): Map<number, number> {
    const counts = new Map<number, { on: number; decided: number }>();
    for (const trial of this.state.trials) {
      const reports = [...trial.reports.entries()].sort(([x], [y]) => x - y);
      reports.forEach(([rung, report]) => {
        const wentOn = trial.segments.has(rung + 1);
        const stopped = trial.ending?.event === 'pruned' && trial.ending.rung === rung;
        if (!wentOn && !stopped) return;
        const c = counts.get(report.epochs) ?? { on: 0, decided: 0 };
        counts.set(report.epochs, { on: c.on + Number(wentOn), decided: c.decided + 1 });
      });
    }
    return new Map([...counts].map(([epochs, c]) => [epochs, c.on / c.decided]));
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
