/**
 * Replay: a recorded sweep's learning curves re-run under another scheduler or worker count, in simulated
 * time (src/tune/simulatedClock.ts), so that random search, successive halving and ASHA can be compared on
 * the same recorded trials in seconds. The trials are the recorded ones — the same settings in the same
 * order, whatever sampler proposed them — and a segment's result is the recorded metric at the epoch it
 * trains to; its duration is the recorded seconds of the epochs it adds, plus the recording's mean start-up
 * cost of a segment (a segment's seconds beyond its epochs' own: starting a process, loading data).
 *
 * A curve is only as long as the recording trained it. A trial pruned (or failed) in the recording has a
 * truncated curve: when a replay asks for epochs beyond it, the trial is treated as a run that stopped at
 * its last recorded epoch (as early stopping stops one): it reports its last recorded value there and
 * completes — ranked after the trials that trained their full budget — and the replay lists it, so that
 * nobody mistakes it for a result. A trial that failed in the recording fails again where its curve ends.
 * Record a full-budget sweep (scheduler none) to replay any scheduler without truncation.
 */
import type { Spec } from '../config/spec.js';
import type { EpochMetrics } from '../train/state.js';
import { InputError } from '../errors.js';
import { runSweep, type SegmentOutcome } from './driver.js';
import { lastRung, replay, type JournalEvent, type SweepState, type TrialState } from './journal.js';
import { rankTrials, type TrialResult } from './results.js';
import type { Sampler } from './samplers.js';
import { parseSweep, type Sweep } from './sweep.js';
import { simulatedClock } from './simulatedClock.js';

/** One epoch of a recorded curve: the metric there and, where the run directory recorded it, the epoch's seconds. */
export interface CurvePoint {
  readonly value: number;
  readonly seconds?: number;
}

/** An epoch's line of a trial's metrics.jsonl, as much of it as replay reads. */
export type MetricLine = Pick<EpochMetrics, 'epoch'> &
  Partial<Pick<EpochMetrics, 'validationLoss' | 'validationAccuracy' | 'seconds'>>;

export interface Recording {
  readonly sweep: Sweep;
  readonly state: SweepState;
  /** Per trial, epoch → its point: the journal's reports, completed by the trial's metrics.jsonl where there is one. */
  readonly curves: readonly Map<number, CurvePoint>[];
  /** Seconds a segment costs beyond its epochs' own (the recording's mean). */
  readonly segmentOverhead: number;
  /** Segments that were in flight at once at most: the recording's worker count, as far as the journal shows. */
  readonly workers: number;
  /** The recording's wall time in seconds, from its journal's first time stamp to its last (a resumed sweep's pause included; undefined without them). */
  readonly seconds?: number;
}

/** A recording from a journal's events and, where they exist, the trials' metrics.jsonl lines. */
export function readRecording(
  events: readonly JournalEvent[],
  metricLines: (trial: number) => readonly MetricLine[] | undefined,
): Recording {
  const state = replay(events);
  if (state.sweep === undefined) throw new InputError('the journal has no sweep line; it is not a sweep journal');
  if (state.trials.length === 0) throw new InputError('the journal records no trial; there is nothing to replay');
  const sweep = parseSweep({ ...(state.sweep as Record<string, unknown>), out: 'replay' });
  const metric = sweep.settings.metric;
  const curves = state.trials.map((t) => curveOf(t, metricLines(t.trial), metric));
  const times = events.flatMap((e) => (e.at === undefined ? [] : [e.at]));
  return {
    sweep,
    state,
    curves,
    segmentOverhead: segmentOverhead(state, curves),
    workers: mostInFlight(events),
    ...(times.length < 2 ? {} : { seconds: (times.reduce((a, b) => Math.max(a, b)) - times[0]) / 1000 }),
  };
}

function curveOf(
  trial: TrialState,
  lines: readonly MetricLine[] | undefined,
  metric: Sweep['settings']['metric'],
): Map<number, CurvePoint> {
  const curve = new Map<number, CurvePoint>();
  for (const line of lines ?? []) {
    const value = line[metric];
    if (typeof value === 'number' && Number.isFinite(value))
      curve.set(line.epoch, { value, ...(typeof line.seconds === 'number' ? { seconds: line.seconds } : {}) });
  }
  // The journal's reports are the truth where both hold a value (the decisions were made on them).
  for (const report of trial.reports.values())
    curve.set(report.epochs, { ...curve.get(report.epochs), value: report.value });
  return curve;
}

/** The mean of (a segment's seconds − its epochs' seconds) over the segments whose epochs' seconds are all known. */
function segmentOverhead(state: SweepState, curves: readonly Map<number, CurvePoint>[]): number {
  const extras: number[] = [];
  for (const t of state.trials) {
    let from = 0;
    for (const rung of [...t.reports.keys()].sort((a, b) => a - b)) {
      const report = t.reports.get(rung) as { epochs: number; seconds: number };
      const epochs = epochSeconds(curves[t.trial], from, report.epochs);
      if (epochs !== undefined) extras.push(Math.max(0, report.seconds - epochs));
      from = report.epochs;
    }
  }
  return extras.length === 0 ? 0 : extras.reduce((a, b) => a + b, 0) / extras.length;
}

/** Σ seconds of epochs from + 1 … to, or undefined if one of them has none recorded. */
function epochSeconds(curve: Map<number, CurvePoint>, from: number, to: number): number | undefined {
  let sum = 0;
  for (let epoch = from + 1; epoch <= to; epoch++) {
    const seconds = curve.get(epoch)?.seconds;
    if (seconds === undefined) return undefined;
    sum += seconds;
  }
  return sum;
}

function mostInFlight(events: readonly JournalEvent[]): number {
  const inFlight = new Set<number>();
  let most = 1;
  for (const e of events) {
    if (e.event === 'segment') inFlight.add(e.trial);
    else if (e.event === 'report' || e.event === 'failed') inFlight.delete(e.trial);
    most = Math.max(most, inFlight.size);
  }
  return most;
}

export interface ReplayOptions {
  /** The scheduler to replay under (default: the recorded one). */
  readonly scheduler?: Spec;
  /** Simulated workers (default: the recording's). */
  readonly workers?: number;
}

/** A trial whose recorded curve ended before the epochs the replay asked of it. */
export interface Truncation {
  readonly trial: number;
  /** The last epoch recorded, and how the recording ended the trial there. */
  readonly recordedEpochs: number;
  readonly recordedEnding: 'pruned' | 'failed' | 'running';
  /** The epochs the replay asked for. */
  readonly requested: number;
}

export interface ReplayResult {
  readonly sweep: Sweep;
  readonly state: SweepState;
  readonly events: JournalEvent[];
  readonly ranked: TrialResult[];
  readonly workers: number;
  /** Epochs trained over all trials (a trial continued from its checkpoint counts its epochs once). */
  readonly epochs: number;
  /** Simulated wall time, seconds. */
  readonly seconds: number;
  readonly truncated: Truncation[];
}

export async function replaySweep(recording: Recording, options: ReplayOptions = {}): Promise<ReplayResult> {
  const { state: recorded, curves } = recording;
  const workers = options.workers ?? recording.workers;
  // The recorded sweep under the scheduler asked for: parsed as a sweep is, so a bad scheduler reads as in `tune`.
  const given = options.scheduler === undefined ? {} : { scheduler: options.scheduler };
  const rescheduled = parseSweep({ ...(recorded.sweep as Record<string, unknown>), ...given, out: 'replay' });
  const sweep: Sweep = { ...rescheduled, sampler: recordedSampler(recorded), total: recorded.trials.length };
  const truncated: Truncation[] = [];
  const trained = new Map<number, number>();
  const clock = simulatedClock(workers, (task) => {
    const curve = curves[task.trial];
    const from = task.continues ? (trained.get(task.trial) ?? 0) : 0;
    const last = Math.max(0, ...curve.keys());
    const to = Math.min(task.epochs, last);
    if (to < task.epochs) {
      const ending = recorded.trials[task.trial].ending?.event;
      const recordedEnding = ending === 'pruned' || ending === 'failed' ? ending : 'running';
      truncated.push({ trial: task.trial, recordedEpochs: last, recordedEnding, requested: task.epochs });
    }
    trained.set(task.trial, to);
    const seconds = recording.segmentOverhead + segmentSeconds(recorded.trials[task.trial], curve, from, to);
    return { outcome: outcomeAt(recorded.trials[task.trial], curve, to, task.epochs, seconds), seconds };
  });
  const events: JournalEvent[] = [];
  const state = await runSweep(sweep, [], { append: (e) => void events.push(e) }, clock, (t) => t.config);
  const epochs = state.trials.reduce((sum, t) => sum + (t.reports.get(lastRung(t))?.epochs ?? 0), 0);
  return { sweep, state, events, ranked: rankTrials(sweep, state), workers, epochs, seconds: clock.now(), truncated };
}

/** The recorded trials, in their order: the configs are the recording's, whatever proposed them. */
function recordedSampler(state: SweepState): Sampler {
  return { size: state.trials.length, waitsFor: () => 0, suggest: (trial) => [...state.trials[trial].point] };
}

function outcomeAt(
  trial: TrialState,
  curve: Map<number, CurvePoint>,
  epochs: number,
  asked: number,
  seconds: number,
): SegmentOutcome {
  if (epochs < asked && trial.ending?.event === 'failed')
    return { ok: false, reason: `failed in the recording: ${trial.ending.reason}` };
  if (epochs === 0) return { ok: false, reason: 'the recording has no epoch of it' };
  const point = curve.get(epochs);
  if (point === undefined)
    throw new InputError(
      `trial ${trial.trial}: the recording has no value at epoch ${epochs} (replay reads each epoch from trials/NNNN/metrics.jsonl)`,
    );
  return { ok: true, value: point.value, epochs, seconds };
}

/**
 * The seconds of epochs from + 1 … to: each epoch's recorded seconds, or — where the run directory did not
 * record them — the seconds of the recorded segment that trained it, spread evenly over that segment's epochs.
 */
function segmentSeconds(trial: TrialState, curve: Map<number, CurvePoint>, from: number, to: number): number {
  const exact = epochSeconds(curve, from, to);
  if (exact !== undefined) return exact;
  const segments = [...trial.reports.values()].sort((a, b) => a.epochs - b.epochs);
  let sum = 0;
  for (let epoch = from + 1; epoch <= to; epoch++) {
    const index = segments.findIndex((s) => s.epochs >= epoch);
    const start = index <= 0 ? 0 : segments[index - 1].epochs;
    // An epoch past the last report (metrics without seconds) costs what none recorded: nothing.
    const spread = index === -1 ? 0 : segments[index].seconds / (segments[index].epochs - start);
    sum += curve.get(epoch)?.seconds ?? spread;
  }
  return sum;
}
