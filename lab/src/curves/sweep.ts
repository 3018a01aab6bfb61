/**
 * A sweep's directory as `downhill tune --out` writes it, read in the page: journal.jsonl (the truth about
 * every trial, src/tune/journal.ts) and trials/NNNN/metrics.jsonl (each trial's epochs). The trials are
 * ranked as `downhill tune` ranks them (src/tune/results.ts), so the best one here is the CLI's best.
 */
import { InputError } from '../../../src/errors';
import { parseMetricsJsonl, type EpochLosses } from '../../../src/plot/metrics';
import { parseJournal, replay } from '../../../src/tune/journal';
import { rankTrials, type TrialResult } from '../../../src/tune/results';
import { parseSweep } from '../../../src/tune/sweep';

/** A file of the directory: its path inside it (or its name) and a way to read it. */
export interface DirectoryFile {
  path: string;
  text(): Promise<string>;
}

export interface SweepTrial extends TrialResult {
  metrics: EpochLosses[];
}

export interface SweepCurves {
  /** The metric the sweep ranks by: validationLoss or validationAccuracy. */
  metric: 'validationLoss' | 'validationAccuracy';
  /** Best first, as `downhill tune` ranks them. */
  trials: SweepTrial[];
  /** The best completed trial's number, if one completed. */
  best: number | null;
  /** A damaged journal line: the trials are those of the lines before it. */
  notice?: string;
}

const TRIAL_METRICS = /(?:^|\/)trials\/(\d+)\/metrics\.jsonl$/;

/** Whether `files` hold a sweep (a journal.jsonl) rather than one run's metrics. */
export function isSweep(files: readonly DirectoryFile[]): boolean {
  return files.some((f) => /(?:^|\/)journal\.jsonl$/.test(f.path));
}

export async function readSweep(files: readonly DirectoryFile[]): Promise<SweepCurves> {
  const journals = files.filter((f) => /(?:^|\/)journal\.jsonl$/.test(f.path));
  if (journals.length === 0)
    throw new InputError(
      `no journal.jsonl among the ${files.length} files: open the directory that downhill tune --out wrote`,
    );
  const journal = journals.reduce((a, b) => (b.path.length < a.path.length ? b : a));
  const parsed = parseJournal(await journal.text());
  const state = replay(parsed.events);
  if (state.sweep === undefined) throw new InputError(`${journal.path}: no sweep event on its first line`);
  // The journal records the sweep without where it was written; the directory is this one.
  const sweep = parseSweep({ ...(state.sweep as object), out: '.' });
  const metricsOf = new Map<number, DirectoryFile>();
  for (const file of files) {
    const match = TRIAL_METRICS.exec(file.path);
    if (match) metricsOf.set(Number(match[1]), file);
  }
  const trials = await Promise.all(
    rankTrials(sweep, state).map(async (result) => {
      const file = metricsOf.get(result.trial);
      return { ...result, metrics: file ? parseMetricsJsonl(await file.text(), file.path) : [] };
    }),
  );
  return {
    metric: sweep.settings.metric as SweepCurves['metric'],
    trials,
    best: trials.find((t) => t.status === 'completed')?.trial ?? null,
    ...(parsed.damaged
      ? {
          notice: `${journal.path}: line ${parsed.damaged.line}: ${parsed.damaged.reason}; the lines before it are shown`,
        }
      : {}),
  };
}

/** The files of a dropped folder (walked through its entries) or the dropped files themselves. */
export async function droppedFiles(transfer: DataTransfer): Promise<DirectoryFile[]> {
  const entries = Array.from(transfer.items, (item) => item.webkitGetAsEntry()).filter((e) => e !== null);
  if (!entries.some((entry) => entry.isDirectory)) return Array.from(transfer.files, fileOf);
  const files: DirectoryFile[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    const path = `${prefix}${entry.name}`;
    if (entry.isFile) {
      const file = await new Promise<File>((done, fail) => (entry as FileSystemFileEntry).file(done, fail));
      files.push({ path, text: () => file.text() });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries hands out a directory's entries in batches until it returns none.
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((done, fail) => reader.readEntries(done, fail));
      if (batch.length === 0) return;
      for (const child of batch) await walk(child, `${path}/`);
    }
  };
  for (const entry of entries) await walk(entry, '');
  return files;
}

/** A chosen file (with its path inside a chosen directory, where the browser gives one). */
export function fileOf(file: File): DirectoryFile {
  return { path: file.webkitRelativePath || file.name, text: () => file.text() };
}
