/**
 * `downhill tune replay DIR --scheduler asha --workers 8`: the sweep recorded in DIR (its journal and each
 * trial's metrics.jsonl) re-run under another scheduler or worker count in simulated time (src/tune/replay.ts).
 * It prints what a sweep prints — the trials ranked, why each was pruned, the best — with the epochs trained
 * and the simulated wall time, and lists the trials whose recorded curve was too short for the replay.
 * DIR is only read.
 */
import { Command } from 'commander';
import { boolean, formatSpec, settingsTable } from '../config/settings.js';
import type { Spec } from '../config/spec.js';
import { explainPruning, formatValue } from '../tune/driver.js';
import { readRecording, replaySweep, type ReplayResult, type Truncation } from '../tune/replay.js';
import { formatTable } from '../tune/results.js';
import { sweepSettings } from '../tune/sweep.js';
import { addSettingFlags, readSettings } from './flags.js';
import { readSweepFiles } from './tuneFigures.js';

export const replaySettings = settingsTable('tune replay', {
  scheduler: {
    ...sweepSettings.rows.scheduler,
    default: undefined,
    help: 'the scheduler to replay under (default: the recorded one): none, sh, hyperband, asha:eta=3,minEpochs=1 or median',
  },
  workers: {
    ...sweepSettings.rows.workers,
    help: 'simulated workers (default: the most segments the recording ran at once)',
  },
  json: boolean({ default: false, help: 'print the replay as JSON' }),
});

export function tuneReplayCommand(): Command {
  const command = new Command('replay')
    .description('re-run a recorded sweep under another scheduler or worker count, in simulated time')
    .argument('<dir>', 'the sweep directory (its journal.jsonl and trials/)');
  return addSettingFlags(command, replaySettings).action((dir: string, flags: Record<string, unknown>) =>
    replayCommand(dir, replaySettings.parse(readSettings(replaySettings, flags))),
  );
}

async function replayCommand(
  dir: string,
  settings: { scheduler?: Spec; workers?: number; json: boolean },
): Promise<void> {
  const { events, metrics } = readSweepFiles(dir);
  const recording = readRecording(events, (trial) => metrics.get(trial));
  const result = await replaySweep(recording, settings);
  process.stdout.write(
    settings.json ? `${JSON.stringify(asJson(result), null, 2)}\n` : `${report(dir, result, recording.seconds)}\n`,
  );
}

function report(dir: string, r: ReplayResult, recordedSeconds: number | undefined): string {
  const pruned = r.state.trials.flatMap((t) =>
    t.ending?.event === 'pruned' ? [explainPruning(r.sweep, t.ending)] : [],
  );
  const best = r.ranked[0];
  const metric = r.sweep.settings.metric;
  return [
    `replay of ${dir} (${r.state.trials.length} trials) under scheduler ${formatSpec(r.sweep.settings.scheduler)} with ${r.workers} simulated worker${r.workers === 1 ? '' : 's'}`,
    '',
    formatTable(r.sweep, r.ranked),
    ...(pruned.length === 0 ? [] : ['', 'pruning:', ...pruned]),
    ...(r.truncated.length === 0 ? [] : ['', 'truncated curves:', ...r.truncated.map(explainTruncation)]),
    '',
    best?.status === 'completed' && best.value !== null
      ? `best: trial ${best.trial}, ${metric} ${formatValue(best.value)} after ${best.epochs} epochs`
      : 'no trial completed',
    `${r.epochs} epochs trained in all; ${r.seconds.toFixed(1)} s of simulated wall time` +
      (recordedSeconds === undefined ? '' : ` (the recording took ${recordedSeconds.toFixed(1)} s)`),
  ].join('\n');
}

/** "trial 4 was pruned at epoch 3 in the recording; asked for 9 epochs, it stops at epoch 3 (its curve ends there)" */
function explainTruncation(t: Truncation): string {
  const how = t.recordedEnding === 'running' ? 'was still running' : `was ${t.recordedEnding}`;
  const then = t.recordedEnding === 'failed' ? 'fails it there' : `stops it at epoch ${t.recordedEpochs}`;
  return `trial ${t.trial} ${how} at epoch ${t.recordedEpochs} in the recording; asked for ${t.requested} epochs, the replay ${then} (its curve ends there)`;
}

function asJson(r: ReplayResult): Record<string, unknown> {
  return {
    scheduler: r.sweep.settings.scheduler,
    workers: r.workers,
    metric: r.sweep.settings.metric,
    epochs: r.epochs,
    seconds: r.seconds,
    best: r.ranked[0]?.status === 'completed' ? r.ranked[0] : null,
    truncated: r.truncated,
    trials: r.ranked,
  };
}
