/**
 * The sweep's journal: an append-only file of JSON lines, one per event, and the only truth about a sweep.
 * The state of every trial — and so the sampler's and the scheduler's — is replayed from it; nothing else is
 * saved. Events:
 *
 *   {"event":"sweep","sweep":{…}}                                   the sweep as given (first line)
 *   {"event":"created","trial":3,"point":[…],"config":{"lr":0.01}}  a trial and the settings it tries
 *   {"event":"segment","trial":3,"rung":1,"epochs":3}               training towards a rung started
 *   {"event":"report","trial":3,"rung":1,"epochs":3,"value":0.41,"seconds":2.1}
 *   {"event":"pruned","trial":3,"rung":1,"epochs":3,"value":0.41,"cutoff":0.38,"rank":3,"of":4,"rule":"…"}
 *   {"event":"completed","trial":3,"epochs":9,"value":0.35}
 *   {"event":"failed","trial":3,"rung":1,"reason":"training diverged at step 12"}
 *
 * A line written by `downhill tune` also carries "at", the wall-clock time it was written (milliseconds since
 * 1970): the worker timeline reads it; nothing the sweep decides depends on it.
 *
 * Exactly once under at-least-once execution: a result is keyed by (trial, rung) and the first record wins,
 * as does a trial's first ending; a segment run twice changes nothing. A last line without its newline was
 * torn by a crash mid-write and is dropped; a damaged line before the end is named, and the events before it
 * are kept.
 */
import { InputError } from '../errors.js';
import type { Assignment } from './space.js';
import { isRecord } from './space.js';

export type JournalEvent = (
  | { event: 'sweep'; sweep: unknown }
  | { event: 'created'; trial: number; point: number[]; config: Assignment }
  | { event: 'segment'; trial: number; rung: number; epochs: number }
  | { event: 'report'; trial: number; rung: number; epochs: number; value: number; seconds: number }
  | {
      event: 'pruned';
      trial: number;
      rung: number;
      epochs: number;
      value: number;
      cutoff: number;
      rank: number;
      of: number;
      rule: string;
    }
  | { event: 'completed'; trial: number; epochs: number; value: number }
  | { event: 'failed'; trial: number; rung: number; reason: string }
) & { at?: number };

export type Ending = Extract<JournalEvent, { event: 'pruned' | 'completed' | 'failed' }>;

export interface TrialState {
  readonly trial: number;
  readonly point: readonly number[];
  readonly config: Assignment;
  /** Rung index → its first report. */
  readonly reports: Map<number, { value: number; epochs: number; seconds: number }>;
  /** Rung indices whose segment was started. */
  readonly segments: Set<number>;
  ending?: Ending;
}

export interface SweepState {
  sweep?: unknown;
  readonly trials: TrialState[];
}

/** What a journal file's text holds: its events, the length of its good part, and what was wrong after it. */
export interface ParsedJournal {
  readonly events: JournalEvent[];
  /** Bytes (UTF-16 units of the text) of the complete, valid lines; anything after is torn or damaged. */
  readonly validLength: number;
  /** The line after the valid part, when one is damaged (a torn last line is not reported). */
  readonly damaged?: { line: number; reason: string };
}

export function parseJournal(text: string): ParsedJournal {
  const events: JournalEvent[] = [];
  let offset = 0;
  let line = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    if (end === -1) break; // torn by a crash mid-write: never completed, so never happened
    line++;
    const body = text.slice(offset, end);
    let event: JournalEvent;
    try {
      event = readEvent(JSON.parse(body));
    } catch (error) {
      const reason =
        error instanceof SyntaxError ? 'not JSON' : error instanceof InputError ? error.message : String(error);
      return { events, validLength: offset, damaged: { line, reason } };
    }
    events.push(event);
    offset = end + 1;
  }
  return { events, validLength: offset };
}

const FIELDS: Record<JournalEvent['event'], Record<string, 'integer' | 'number' | 'string' | 'object' | 'points'>> = {
  sweep: { sweep: 'object' },
  created: { trial: 'integer', point: 'points', config: 'object' },
  segment: { trial: 'integer', rung: 'integer', epochs: 'integer' },
  report: { trial: 'integer', rung: 'integer', epochs: 'integer', value: 'number', seconds: 'number' },
  pruned: {
    trial: 'integer',
    rung: 'integer',
    epochs: 'integer',
    value: 'number',
    cutoff: 'number',
    rank: 'integer',
    of: 'integer',
    rule: 'string',
  },
  completed: { trial: 'integer', epochs: 'integer', value: 'number' },
  failed: { trial: 'integer', rung: 'integer', reason: 'string' },
};

function readEvent(raw: unknown): JournalEvent {
  if (!isRecord(raw) || typeof raw.event !== 'string' || !Object.hasOwn(FIELDS, raw.event)) {
    throw new InputError(`not a journal event (valid: ${Object.keys(FIELDS).join(', ')})`);
  }
  for (const [field, kind] of Object.entries(FIELDS[raw.event as JournalEvent['event']])) {
    const value = raw[field];
    const ok =
      kind === 'integer'
        ? Number.isInteger(value) && (value as number) >= 0
        : kind === 'number'
          ? typeof value === 'number' && Number.isFinite(value)
          : kind === 'string'
            ? typeof value === 'string'
            : kind === 'object'
              ? isRecord(value)
              : Array.isArray(value) && value.every((u) => typeof u === 'number' && u >= 0 && u <= 1);
    if (!ok)
      throw new InputError(
        `${raw.event} event: ${field} must be ${kind === 'points' ? 'a list of numbers in [0, 1]' : `a${kind === 'integer' ? 'n integer >= 0' : kind === 'object' ? 'n object' : ` ${kind}`}`}`,
      );
  }
  if (raw.at !== undefined && !(typeof raw.at === 'number' && Number.isFinite(raw.at) && raw.at >= 0))
    throw new InputError(`${raw.event} event: at must be a time in milliseconds since 1970, a number >= 0`);
  return raw as JournalEvent;
}

/** The sweep's state after `events`, in order. */
export function replay(events: readonly JournalEvent[]): SweepState {
  const state: SweepState = { trials: [] };
  for (const event of events) apply(state, event);
  return state;
}

/** One event into the state; a repeated result or ending, or an event of an unknown trial, changes nothing. */
export function apply(state: SweepState, event: JournalEvent): void {
  if (event.event === 'sweep') {
    state.sweep ??= event.sweep;
    return;
  }
  if (event.event === 'created') {
    if (event.trial === state.trials.length) {
      state.trials.push({
        trial: event.trial,
        point: event.point,
        config: event.config,
        reports: new Map(),
        segments: new Set(),
      });
    }
    return;
  }
  const trial = state.trials[event.trial] as TrialState | undefined;
  if (trial === undefined) return;
  if (event.event === 'segment') trial.segments.add(event.rung);
  else if (event.event === 'report') {
    if (!trial.reports.has(event.rung))
      trial.reports.set(event.rung, { value: event.value, epochs: event.epochs, seconds: event.seconds });
  } else trial.ending ??= event;
}

/** The highest rung index a trial reported at (−1: none). */
export function lastRung(trial: TrialState): number {
  // A loop, not Math.max(...keys()): the scheduler asks this for every earlier trial at every decision.
  let last = -1;
  for (const rung of trial.reports.keys()) if (rung > last) last = rung;
  return last;
}
