/**
 * The metrics of a training run as `downhill train` writes them to metrics.jsonl — one JSON object per
 * epoch, {"epoch", "step", "trainLoss", "validationLoss"?, …} (src/train/state.ts, EpochMetrics) — read
 * back for plotting, with one-line errors naming the line that is wrong; and the early-stopping epoch: the
 * first epoch with the lowest validation loss, the one whose weights fit keeps (its rule: an epoch must
 * beat the best so far, ties do not).
 */
import { InputError } from '../errors.js';
import type { EpochMetrics } from '../train/state.js';

/** One epoch's metrics as plotted: the epoch and training loss always, the rest when the run recorded them. */
export type EpochLosses = Pick<EpochMetrics, 'epoch' | 'trainLoss'> &
  Partial<Omit<EpochMetrics, 'epoch' | 'trainLoss'>>;

const REQUIRED = ['epoch', 'trainLoss'] as const;
const OPTIONAL = ['step', 'validationLoss', 'trainAccuracy', 'validationAccuracy', 'lr', 'seconds'] as const;

/** Parses metrics.jsonl text; `source` (the file's name) starts every error message. */
export function parseMetricsJsonl(text: string, source: string): EpochLosses[] {
  const metrics: EpochLosses[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const entry = parseLine(line, `${source}: line ${index + 1}`);
    const previous = metrics[metrics.length - 1];
    if (previous !== undefined && entry.epoch <= previous.epoch) {
      throw new InputError(
        `${source}: line ${index + 1}: epoch ${entry.epoch} comes after epoch ${previous.epoch}; epochs must increase`,
      );
    }
    metrics.push(entry);
  });
  if (metrics.length === 0)
    throw new InputError(
      `${source}: no epochs (expected one JSON object per line, as downhill train writes metrics.jsonl)`,
    );
  return metrics;
}

function parseLine(line: string, where: string): EpochLosses {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new InputError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${where} must be a JSON object such as {"epoch": 1, "trainLoss": 0.5} (got ${brief(value)})`);
  }
  const record = value as Record<string, unknown>;
  for (const key of REQUIRED) {
    if (typeof record[key] !== 'number' || !Number.isFinite(record[key])) {
      throw new InputError(
        `${where} needs "${key}" as a finite number (got ${record[key] === undefined ? 'nothing' : brief(record[key], line, key)})`,
      );
    }
  }
  if (!Number.isInteger(record.epoch) || (record.epoch as number) < 0)
    throw new InputError(`${where}: "epoch" must be an integer >= 0 (got ${record.epoch})`);
  for (const key of OPTIONAL) {
    if (record[key] !== undefined && (typeof record[key] !== 'number' || !Number.isFinite(record[key]))) {
      throw new InputError(
        `${where}: "${key}" must be a finite number when present (got ${brief(record[key], line, key)})`,
      );
    }
  }
  const entry: EpochLosses = { epoch: record.epoch as number, trainLoss: record.trainLoss as number };
  for (const key of OPTIONAL) if (record[key] !== undefined) entry[key] = record[key] as number;
  return entry;
}

/**
 * A value as JSON, cut to 60 characters: an error line stays one short line. A number beyond a double's
 * range (1e400 reads as Infinity, which JSON writes as null) is shown as written in `line`.
 */
function brief(value: unknown, line = '', key = ''): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    const written = new RegExp(`"${key}"\\s*:\\s*(-?[\\d.eE+-]+)`).exec(line)?.[1];
    return `${written ?? value}, beyond a double's range of ±1.8e308`;
  }
  const text = JSON.stringify(value);
  return text.length <= 60 ? text : `${text.slice(0, 57)}…`;
}

/** The early-stopping epoch: the first with the lowest validation loss; null when no epoch has one. */
export function earlyStoppingEpoch<T extends EpochLosses>(metrics: readonly T[]): T | null {
  let best: T | null = null;
  for (const m of metrics) {
    if (m.validationLoss !== undefined && (best === null || m.validationLoss < (best.validationLoss as number)))
      best = m;
  }
  return best;
}
