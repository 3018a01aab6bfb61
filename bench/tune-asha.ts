/**
 * ASHA against seeded random search on Fashion-MNIST (examples/sweep-fmnist.json: 27 random trials of a
 * 784-64-10 MLP on 4,000 training and 1,000 validation images, 27 epochs each), and a local sweep's wall time
 * against the sum of its trials' times divided by the parallelism. Targets (issue 12): ASHA reaches the best
 * validation accuracy of random search in at most half its epochs; the wall time within 5 %.
 *
 * How: one full-budget random sweep is recorded (`downhill tune --scheduler none`: every trial trains all 27
 * epochs and its metrics.jsonl holds every epoch) and timed; then replay (src/tune/replay.ts, what `downhill
 * tune replay` runs) re-runs those same trials under ASHA, successive halving and Hyperband, so every scheduler
 * sees the same configurations and the same learning curves. The replay gives what a live sweep would, since
 * a trial resumed from its checkpoint continues bit for bit. Epochs are counted on one simulated worker.
 *
 *   npm run bench:tune-asha                        records into a temporary directory (a minute or two)
 *   npm run bench:tune-asha -- --recording DIR     records into DIR, or replays the recording already there
 *   npm run bench:tune-asha -- --workers N         the recording's parallelism (default 2)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSpec } from '../src/config/settings.js';
import type { Spec } from '../src/config/spec.js';
import { readSweepFiles } from '../src/cli/tuneFigures.js';
import type { JournalEvent } from '../src/tune/journal.js';
import { readRecording, replaySweep } from '../src/tune/replay.js';
import type { TrialResult } from '../src/tune/results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SWEEP = join(ROOT, 'examples', 'sweep-fmnist.json');

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

const workers = Number(option('workers') ?? 2);
const dir = option('recording') ?? join(mkdtempSync(join(tmpdir(), 'downhill-fmnist-')), 'random');

// ——— 1. The recording: a full-budget random sweep, timed ———

if (existsSync(join(dir, 'results.json'))) {
  console.log(`replaying the recording in ${dir} (its wall time was measured when it was made)`);
} else {
  console.log(`recording ${SWEEP} under --scheduler none on ${workers} workers into ${dir} …`);
  const args = ['tune', '--config', SWEEP, '--scheduler', 'none', '--workers', String(workers), '--quiet'];
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args, '--out', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const wall = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`the recording failed (exit code ${run.status})`);
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as TrialResult[];
  const sum = results.reduce((s, r) => s + r.seconds, 0);
  console.log(
    `local sweep: wall time ${wall.toFixed(1)} s (the whole \`downhill tune\` command); its ${results.length} ` +
      `trials' times sum to ${sum.toFixed(1)} s, / ${workers} workers = ${(sum / workers).toFixed(1)} s; ` +
      `ratio ${(wall / (sum / workers)).toFixed(3)} (target <= 1.05)`,
  );
}

// ——— 2. The replays ———

const { events, metrics } = readSweepFiles(dir);
const recording = readRecording(events, (trial) => metrics.get(trial));
const sign = recording.sweep.sign;
const random = await replaySweep(recording, { scheduler: { name: 'none' }, workers: 1 });
const target = random.ranked[0];
if (target?.value == null) throw new Error('the recording completed no trial');
const budget = random.epochs;

/** Epochs trained, in the order a replay trained them, until a report at least as good as the target. */
function epochsToReach(replayed: readonly JournalEvent[], value: number): number | null {
  const trained = new Map<number, number>();
  let total = 0;
  for (const e of replayed) {
    if (e.event !== 'report') continue;
    total += e.epochs - (trained.get(e.trial) ?? 0);
    trained.set(e.trial, e.epochs);
    if (sign * e.value <= sign * value) return total;
  }
  return null;
}

const metric = recording.sweep.settings.metric;
console.log(
  `\nrandom search (${recording.state.trials.length} trials of up to ${recording.sweep.scheduler.rungs(0).at(-1)} epochs): ` +
    `best ${metric} ${target.value.toFixed(4)} (trial ${target.trial}), ${budget} epochs in all`,
);
const schedulers: Spec[] = [
  { name: 'none' },
  { name: 'asha', eta: 3, minEpochs: 1 },
  { name: 'sh', eta: 3, minEpochs: 1 },
  { name: 'hyperband', eta: 3, minEpochs: 1 },
  { name: 'median' },
];
const table: string[][] = [['scheduler', `best ${metric}`, 'epochs', 'epochs to reach', 'of random', 's on 8 workers']];
for (const scheduler of schedulers) {
  const one = await replaySweep(recording, { scheduler, workers: 1 });
  const eight = await replaySweep(recording, { scheduler, workers: 8 });
  const reached = epochsToReach(one.events, target.value);
  table.push([
    formatSpec(scheduler),
    one.ranked[0]?.value == null ? '-' : one.ranked[0].value.toFixed(4),
    String(one.epochs),
    reached === null ? 'not reached' : String(reached),
    reached === null ? '-' : `${((100 * reached) / budget).toFixed(1)} %`,
    eight.seconds.toFixed(1),
  ]);
}
const widths = table[0].map((_, c) => Math.max(...table.map((cells) => cells[c].length)) + 2);
for (const cells of table)
  console.log(
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('')
      .trimEnd(),
  );
console.log(`\ntarget: ASHA reaches random search's best in at most 50 % of its ${budget} epochs`);
