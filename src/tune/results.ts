/**
 * A sweep's results, read from its replayed journal: every trial ranked — completed ones by the metric,
 * then pruned ones (further rungs first, then by value), then failed ones — as a table and as JSON, and
 * the train config that reproduces the best trial.
 */
import type { SweepState, TrialState } from './journal.js';
import { lastRung } from './journal.js';
import { formatAssignment, formatValue } from './driver.js';
import type { Assignment } from './space.js';
import { trialConfig, type Sweep } from './sweep.js';

export interface TrialResult {
  readonly trial: number;
  readonly status: 'completed' | 'pruned' | 'failed' | 'running';
  /** The metric at the last rung reached (null when none was). */
  readonly value: number | null;
  readonly epochs: number;
  readonly config: Assignment;
  readonly seconds: number;
}

const ORDER = { completed: 0, pruned: 1, running: 2, failed: 3 } as const;

export function rankTrials(sweep: Sweep, state: SweepState): TrialResult[] {
  return state.trials
    .map(result)
    .sort(
      (a, b) =>
        ORDER[a.status] - ORDER[b.status] ||
        b.epochs - a.epochs ||
        sweep.sign * ((a.value ?? Infinity * sweep.sign) - (b.value ?? Infinity * sweep.sign)) ||
        a.trial - b.trial,
    );
}

function result(t: TrialState): TrialResult {
  const reached = t.reports.get(lastRung(t));
  const status = t.ending === undefined ? 'running' : t.ending.event;
  const seconds = [...t.reports.values()].reduce((sum, r) => sum + r.seconds, 0);
  return {
    trial: t.trial,
    status,
    value: reached?.value ?? null,
    epochs: reached?.epochs ?? 0,
    config: t.config,
    seconds,
  };
}

/** The table printed at the end: one row per trial, best first. */
export function formatTable(sweep: Sweep, results: readonly TrialResult[]): string {
  const header = ['rank', 'trial', 'status', 'epochs', sweep.settings.metric, 'settings'];
  const rows = results.map((r, i) => [
    String(i + 1),
    String(r.trial),
    r.status,
    String(r.epochs),
    r.value === null ? '-' : formatValue(r.value),
    formatAssignment(r.config),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** The train config of the best completed trial (undefined when none completed). */
export function bestConfig(sweep: Sweep, results: readonly TrialResult[]): Record<string, unknown> | undefined {
  const best = results.find((r) => r.status === 'completed');
  return best === undefined
    ? undefined
    : trialConfig(sweep.settings.base as Record<string, unknown>, best.config, best.epochs);
}
