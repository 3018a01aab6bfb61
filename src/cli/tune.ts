/**
 * `downhill tune`: a hyperparameter search over the settings of `downhill train` (src/tune/). Writes into --out:
 *
 *   journal.jsonl        every event of the sweep, appended and synced as it happens: the truth
 *   trials/NNNN/         each trial's own run directory (metrics.jsonl, checkpoints, summary.json)
 *   results.json         the trials ranked by the metric;  best.json: a train config reproducing the best
 *   figures/             the sweep's figures (src/cli/tuneFigures.ts; `downhill tune figures DIR` redraws them)
 *
 * `--resume` continues a sweep after Ctrl-C, kill -9 or a power cut: finished segments are not run again,
 * an interrupted one continues from its checkpoint, and `--trials N` means N in all. Exit codes: 0 done,
 * 2 a mistake in the sweep or a damaged journal (one line on stderr).
 */
import { Command } from 'commander';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  truncateSync,
  writeSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { explainPruning, runSweep } from '../tune/driver.js';
import { parseJournal, type JournalEvent, type SweepState } from '../tune/journal.js';
import { bestConfig, formatTable, rankTrials } from '../tune/results.js';
import { parseRedisAddress } from '../tune/redisAddress.js';
import { parseSweep, sweepSettings, trialConfig, type Sweep } from '../tune/sweep.js';
import { addSettingFlags, readSettings } from './flags.js';
import { makeDirectory, writeFileAtomic } from './files.js';
import { compareOptimizers } from './tuneCompare.js';
import { localExecutor } from './tuneExecutor.js';
import { drawSweepFigures, tuneFiguresCommand } from './tuneFigures.js';
import { TuneProgress } from './tuneProgress.js';
import { tuneReplayCommand } from './tuneReplay.js';

export function tuneCommand(): Command {
  const command = new Command('tune').description(
    'search the settings of `downhill train`: samplers, pruning schedulers, a journal that resumes',
  );
  command.enablePositionalOptions().addCommand(tuneFiguresCommand()).addCommand(tuneReplayCommand());
  return addSettingFlags(command, sweepSettings, {
    config: 'a JSON sweep: {base, space, sampler, scheduler, metric, trials, seed}; flags override it',
  }).action(async (flags: Record<string, unknown>) => {
    process.exitCode = await tune(readSettings(sweepSettings, flags));
  });
}

/** The settings that define a sweep; the rest (trials, workers, out, …) may change when it is resumed. */
const DEFINING = sweepSettings.keys.filter((key) => !sweepSettings.rows[key].resumable);

async function tune(given: Record<string, unknown>, printTable = true): Promise<number> {
  const out = given.out;
  if (typeof out !== 'string') throw new InputError("tune: 'out' is required (--out <dir>: the sweep directory)");
  if (given.compare !== undefined) return compareOptimizers(given, (sweep) => tune(sweep, false));
  const path = join(out, 'journal.jsonl');
  const events = given.resume === true ? readJournal(path) : [];
  if (given.resume !== true && existsSync(path))
    throw new InputError(
      `${out} holds a sweep already (${path}); add --resume to continue it, or choose another --out`,
    );
  const saved = events.find((e) => e.event === 'sweep')?.sweep as Record<string, unknown> | undefined;
  const sweep = parseSweep(resumedSweep(saved, given));
  // An unreachable Redis is reported before anything is written.
  const queue = await connectQueue(sweep.settings.queue);
  makeDirectory(out);
  const journal = openJournal(path);
  try {
    if (saved === undefined)
      journal.append({ event: 'sweep', sweep: { ...definition(sweep.settings), trials: sweep.settings.trials } });
    const workers = sweep.settings.workers ?? availableParallelism();
    const progress = new TuneProgress(sweep, workers, events, sweep.settings.quiet);
    const base = sweep.settings.base as Record<string, unknown>;
    const executor =
      queue === undefined
        ? localExecutor(out, sweep.settings.metric, workers)
        : await queue.executor(out, sweep.settings.metric, workers);
    try {
      const state = await runSweep(
        sweep,
        events,
        journal,
        executor,
        (t, epochs) => trialConfig(base, t.config, epochs),
        (line, event) => progress.event(line, event),
      ).finally(() => progress.stop());
      return await finish(sweep, state, out, printTable);
    } finally {
      await executor.close?.();
    }
  } finally {
    journal.close();
  }
}

/** With --queue, the `downhill worker`s on that Redis run the segments (BullMQ is loaded only then). */
async function connectQueue(url: string | undefined) {
  if (url === undefined) return undefined;
  const queue = await import('../queue/executor.js');
  return queue.connectQueue(parseRedisAddress(url, '--queue'));
}

/** The sweep's settings that define it, as the journal's first line records them. */
function definition(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(DEFINING.filter((key) => settings[key] !== undefined).map((key) => [key, settings[key]]));
}

/** A resumed sweep is the journal's (its definition and trials), with the resumable settings given now; a defining one given differently is refused. */
function resumedSweep(
  saved: Record<string, unknown> | undefined,
  given: Record<string, unknown>,
): Record<string, unknown> {
  if (saved === undefined) return given;
  const before = definition(sweepSettings.parse({ ...saved, out: given.out }));
  const now = definition(sweepSettings.parse({ ...saved, ...given }));
  for (const key of DEFINING) {
    if (JSON.stringify(before[key]) !== JSON.stringify(now[key])) {
      throw new InputError(
        `--resume: ${key} differs from the sweep in the journal; a resumed sweep keeps its definition (only trials, workers, queue, quiet may change)`,
      );
    }
  }
  return { ...saved, ...given };
}

/**
 * The journal's events. A torn last line (a crash mid-write) is cut off; a damaged line before the end is
 * named, the file as it was is kept beside it (journal.jsonl.damaged), and the sweep continues from the
 * events before that line.
 */
function readJournal(path: string): JournalEvent[] {
  if (!existsSync(path)) throw new InputError(`--resume: no sweep to resume: ${path} does not exist`);
  const text = readFileSync(path, 'utf8');
  const parsed = parseJournal(text);
  if (parsed.damaged !== undefined) {
    copyFileSync(path, `${path}.damaged`);
    process.stderr.write(
      `downhill: ${path} line ${parsed.damaged.line} is damaged (${parsed.damaged.reason}); continuing from the ${parsed.damaged.line - 1} lines before it (the file as it was: ${path}.damaged)\n`,
    );
  }
  if (parsed.validLength < Buffer.byteLength(text))
    truncateSync(path, Buffer.byteLength(text.slice(0, parsed.validLength)));
  return parsed.events;
}

function openJournal(path: string): { append(event: JournalEvent): void; close(): void } {
  const fd = openSync(path, 'a');
  return {
    append(event) {
      // One write per line and a sync before the loop acts on it: after a crash the file holds every event acted on.
      writeSync(fd, `${JSON.stringify({ ...event, at: Date.now() })}\n`);
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}

async function finish(sweep: Sweep, state: SweepState, out: string, printTable: boolean): Promise<number> {
  const results = rankTrials(sweep, state);
  writeFileAtomic(join(out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const best = bestConfig(sweep, results);
  if (best !== undefined) writeFileAtomic(join(out, 'best.json'), `${JSON.stringify(best, null, 2)}\n`);
  const pruned = state.trials.flatMap((t) => (t.ending?.event === 'pruned' ? [explainPruning(sweep, t.ending)] : []));
  const lines = [
    formatTable(sweep, results),
    ...(pruned.length === 0 ? [] : ['', 'pruning:', ...pruned]),
    '',
    best === undefined
      ? 'no trial completed'
      : `best: trial ${results[0].trial}; wrote ${join(out, 'best.json')} (downhill train --config ${join(out, 'best.json')} --out DIR)`,
    ...(await drawSweepFigures(out)),
  ];
  if (printTable) process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
