/**
 * `downhill tune --compare optimizer`: the sweeps of a fair optimizer comparison (src/tune/compare.ts), one
 * after another, each an ordinary sweep in <out>/<optimizer>/seed-<k> (so --resume continues the comparison
 * where it stopped), then the comparison of their best values. Writes into --out:
 *
 *   comparison.json   per optimizer: the options searched, each seed's best value, trial and options, the
 *                     median, min and max
 *   comparison.svg    the figure: each seed's best, the spread over seeds and the median, per optimizer
 *   compare.json      each optimizer with its best options, as `downhill race` lists optimizers
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatValue } from '../tune/driver.js';
import {
  bestOptimizer,
  comparedSweeps,
  formatComparison,
  raceOptimizers,
  summarize,
  type SeedResult,
} from '../tune/compare.js';
import type { TrialResult } from '../tune/results.js';
import { DEFAULT_SEEDS, sweepSettings } from '../tune/sweep.js';
import { comparisonFigure } from '../plot/optimizerComparison.js';
import { makeDirectory, writeFileAtomic } from './files.js';
import { writeFigure } from './media.js';

/** Runs one sweep as `downhill tune` does (its files in its own --out), without printing its table. */
export type SweepRunner = (given: Record<string, unknown>) => Promise<number>;

export async function compareOptimizers(given: Record<string, unknown>, runSweep: SweepRunner): Promise<number> {
  const out = given.out as string;
  const sweeps = comparedSweeps(given);
  const settings = sweepSettings.parse(given);
  makeDirectory(out);
  const done: { optimizer: string; searched: readonly string[]; result: SeedResult }[] = [];
  for (const { optimizer, seedIndex, searched, sweep } of sweeps) {
    const dir = join(out, optimizer, `seed-${seedIndex}`);
    // A sweep finished or begun before (--resume) continues; a new one starts.
    const resume = given.resume === true && existsSync(join(dir, 'journal.jsonl'));
    const code = await runSweep({ ...sweep, out: dir, resume });
    if (code !== 0) return code;
    const result = readResult(dir, seedIndex);
    done.push({ optimizer, searched, result });
    process.stdout.write(
      `${optimizer}, seed +${seedIndex}: ${result.value === null ? 'no trial completed' : `best ${settings.metric} ${formatValue(result.value)} (trial ${result.trial})`} in ${dir}\n`,
    );
  }
  const sign = settings.metric === 'validationAccuracy' ? -1 : 1;
  const results = summarize(sign, done);
  const trials = settings.trials;
  const seeds = settings.seeds ?? DEFAULT_SEEDS;
  writeFileAtomic(
    join(out, 'comparison.json'),
    `${JSON.stringify({ metric: settings.metric, trials, seeds, optimizers: results }, null, 2)}\n`,
  );
  writeFileAtomic(join(out, 'compare.json'), `${JSON.stringify(raceOptimizers(results), null, 2)}\n`);
  const figure = comparisonFigure(
    results.map((r) => ({ optimizer: r.optimizer, values: r.seeds.map((s) => s.value), median: r.median })),
    settings.metric,
    `${trials} trials per sweep, ${seeds} seeds per optimizer; sampler ${(settings.sampler as { name: string }).name}, scheduler ${(settings.scheduler as { name: string }).name}`,
  );
  await writeFigure(join(out, 'comparison.svg'), figure);
  process.stdout.write(
    `\n${formatComparison(results, settings.metric)}\n\nwrote ${join(out, 'comparison.json')}, ${join(out, 'comparison.svg')} and ${join(out, 'compare.json')} (each optimizer's best options, as downhill race takes them)\n`,
  );
  return 0;
}

/** A finished sweep's best: its results.json (ranked) and best.json (the best trial's train config). */
function readResult(dir: string, seed: number): SeedResult {
  const ranked = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as TrialResult[];
  const best = ranked[0]?.status === 'completed' ? ranked[0] : undefined;
  const bestPath = join(dir, 'best.json');
  return {
    seed,
    dir,
    trial: best?.trial ?? null,
    value: best?.value ?? null,
    optimizer:
      best === undefined || !existsSync(bestPath)
        ? null
        : bestOptimizer(JSON.parse(readFileSync(bestPath, 'utf8')) as Record<string, unknown>),
  };
}
