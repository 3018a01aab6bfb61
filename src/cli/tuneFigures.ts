/**
 * The figures of a sweep (src/plot/sweep/registry.ts), drawn from its directory: journal.jsonl and each
 * trial's metrics.jsonl, written into DIR/figures/ as .svg and .png. `downhill tune` draws them when it ends;
 * `downhill tune figures DIR` redraws them from a sweep directory, finished, interrupted or still running —
 * a subcommand of tune, as `tune replay` is, because it reads what a tune wrote and takes none of its settings.
 */
import { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { EpochLosses } from '../plot/metrics.js';
import { parseMetricsJsonl } from '../plot/metrics.js';
import { sweepRecord, type SweepRecord } from '../plot/sweep/record.js';
import { sweepFigures } from '../plot/sweep/registry.js';
import { parseJournal, type JournalEvent } from '../tune/journal.js';
import { makeDirectory } from './files.js';
import { writeFigure } from './media.js';
import { trialDirectory } from './tuneExecutor.js';

export function tuneFiguresCommand(): Command {
  return new Command('figures')
    .description(`redraw a sweep's figures into DIR/figures/ (${sweepFigures.names.join(', ')})`)
    .argument('<dir>', 'the sweep directory (what downhill tune --out wrote)')
    .action(async (dir: string) => {
      for (const line of await drawSweepFigures(dir)) process.stdout.write(`${line}\n`);
    });
}

/** Reads the sweep in `dir` and writes its figures; returns the lines that say what was written. */
export async function drawSweepFigures(dir: string): Promise<string[]> {
  const record = readSweepRecord(dir);
  const out = join(dir, 'figures');
  makeDirectory(out);
  const formats: ('svg' | 'png')[] = ['svg', 'png'];
  const lines: string[] = [];
  for (const [name, entry] of sweepFigures.entries()) {
    const figure = entry.build(record);
    for (const format of [...formats]) {
      try {
        await writeFigure(join(out, `${name}.${format}`), figure, format);
      } catch (error) {
        // Without the optional canvas package there are no PNGs; the SVGs are the figures all the same.
        if (!(error instanceof InputError) || format !== 'png') throw error;
        formats.splice(formats.indexOf('png'), 1);
        lines.push(`no .png files: ${error.message}`);
      }
    }
  }
  lines.push(`figures: ${join(out, `{${sweepFigures.names.join(',')}}`)}.{${formats.join(',')}}`);
  return lines;
}

/** The sweep's journal (its valid part: a torn or damaged end is left out) and its trials' metrics. */
export function readSweepRecord(dir: string): SweepRecord {
  const { events, metrics } = readSweepFiles(dir);
  return sweepRecord(events, metrics);
}

/** The files a sweep record is made of: the journal's events and each trial's metrics.jsonl that is readable. */
export function readSweepFiles(dir: string): { events: JournalEvent[]; metrics: Map<number, EpochLosses[]> } {
  const path = join(dir, 'journal.jsonl');
  if (!existsSync(path)) throw new InputError(`${dir} is not a sweep directory: ${path} does not exist`);
  const { events } = parseJournal(readFileSync(path, 'utf8'));
  const metrics = new Map<number, EpochLosses[]>();
  for (const event of events) {
    if (event.event !== 'created') continue;
    const file = join(trialDirectory(dir, event.trial), 'metrics.jsonl');
    if (!existsSync(file)) continue;
    // A trial's metrics.jsonl torn by a crash mid-write: its values at the rungs (from the journal) stand in.
    try {
      metrics.set(event.trial, parseMetricsJsonl(readFileSync(file, 'utf8'), file));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
    }
  }
  return { events, metrics };
}
