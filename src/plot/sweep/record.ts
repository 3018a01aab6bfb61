/**
 * What the sweep figures are drawn from: a sweep's journal events and, where its trials' run directories are
 * at hand, each trial's metric per epoch (its metrics.jsonl). Browser-safe: the caller reads the files (the CLI
 * from a sweep directory, the lab from files the user opens) and hands over their contents.
 *
 * Values of different trials are compared at the same budget: a trial pruned after 1 epoch cannot be ranked
 * against one trained for 9. `comparableLevel` picks the budget the value-coloured figures use: the most
 * epochs at which at least half of the trials with any value have one (every trial, with scheduler none).
 */
import { InputError } from '../../errors.js';
import { lastRung, replay, type JournalEvent, type SweepState, type TrialState } from '../../tune/journal.js';
import { parseSweep, type Sweep } from '../../tune/sweep.js';
import type { EpochLosses } from '../metrics.js';

/** A trial's metric per epoch, epochs ascending. */
export type Curve = readonly (readonly [epoch: number, value: number])[];

export interface SweepRecord {
  readonly sweep: Sweep;
  readonly events: readonly JournalEvent[];
  readonly state: SweepState;
  /** Trial number → its metric per epoch; a trial without one is drawn from its values at the rungs. */
  readonly curves: ReadonlyMap<number, Curve>;
}

/** The record of a journal's events (its first line names the sweep) and the trials' metrics. */
export function sweepRecord(
  events: readonly JournalEvent[],
  metrics: ReadonlyMap<number, readonly EpochLosses[]> = new Map(),
): SweepRecord {
  const saved = events.find((e) => e.event === 'sweep');
  if (saved === undefined) throw new InputError('the journal has no sweep line, so there is no sweep to draw');
  const sweep = parseSweep({ ...(saved.sweep as object), out: '.' });
  const curves = new Map<number, Curve>();
  for (const [trial, rows] of metrics) {
    const curve = rows.flatMap((m) => {
      const value = m[sweep.settings.metric];
      return value === undefined ? [] : [[m.epoch, value] as const];
    });
    if (curve.length > 0) curves.set(trial, curve);
  }
  return { sweep, events, state: replay(events), curves };
}

/** A trial's metric per epoch: its metrics.jsonl where given, else its values at the rungs it reported at. */
export function trialCurve(record: SweepRecord, trial: TrialState): Curve {
  const fromRuns = record.curves.get(trial.trial);
  if (fromRuns !== undefined) return fromRuns;
  return [...trial.reports.entries()].sort(([a], [b]) => a - b).map(([, r]) => [r.epochs, r.value] as const);
}

export interface Level {
  /** The budget the values are taken at. */
  readonly epochs: number;
  /** Trial number → its value after `epochs` epochs. */
  readonly values: ReadonlyMap<number, number>;
  /** Trials with any value at all. */
  readonly reached: number;
}

/** The values of the trials at the most epochs that at least half of the trials with a value reached. */
export function comparableLevel(record: SweepRecord): Level {
  const trials = record.state.trials.filter((t) => t.reports.size > 0);
  const budgets = [...new Set(trials.flatMap((t) => [...t.reports.values()].map((r) => r.epochs)))].sort(
    (a, b) => b - a,
  );
  const at = (epochs: number) =>
    new Map(
      trials.flatMap((t) => {
        const value = trialCurve(record, t).find(([e]) => e === epochs)?.[1];
        return value === undefined ? [] : [[t.trial, value] as const];
      }),
    );
  for (const epochs of budgets) {
    const values = at(epochs);
    if (2 * values.size >= trials.length) return { epochs, values, reached: trials.length };
  }
  return { epochs: 0, values: new Map(), reached: trials.length };
}

/** The value a trial ended with: at its last rung. */
export function finalValue(trial: TrialState): { value: number; epochs: number } | undefined {
  return trial.reports.get(lastRung(trial));
}

/** Score (lower is better) → a colour parameter in [0, 1], 0 the best, over the scores given. */
export function scoreScale(record: SweepRecord, values: Iterable<number>): (value: number) => number {
  const scores = [...values].map((v) => record.sweep.sign * v);
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  return (value) => (hi > lo ? (record.sweep.sign * value - lo) / (hi - lo) : 0);
}
