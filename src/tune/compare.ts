/**
 * A fair optimizer comparison (`downhill tune --compare optimizer`): which optimizer is better, when each is
 * tuned as well as the others? Every optimizer gets
 *
 *   - the same budget: the sweep's trials, sampler and scheduler;
 *   - the same search space over its own options: each option of `optionSpace` that the optimizer declares
 *     (its rows in src/optim), with the same range for all — by default the learning rate on a log scale and
 *     the momentum (`momentum`, or β1 of Adam's `betas` as `betas.0`) — plus the space's other dimensions
 *     (activation, dropout, …), searched alike for all;
 *   - the same seeds: sweep k (k = 0 … seeds − 1) uses the sweep's seed + k for its sampler and the base run's
 *     seed + k for the training (initial weights, shuffling), so optimizer A's sweep k and B's see the same
 *     sampler draws and the same data order.
 *
 * Each (optimizer, seed) is an ordinary sweep in its own directory, <out>/<optimizer>/seed-<k>, resumable as
 * any sweep is; the comparison reads their results: each sweep's best value, and per optimizer the median and
 * the spread (min, max) over seeds, best optimizer first.
 */
import { InputError } from '../errors.js';
import { mapOptimizer, splitChain } from '../optim/chain.js';
import { optimizers } from '../optim/registry.js';
import { parseRunConfig, trainSettings } from '../train/runConfig.js';
import { optionComponent, isRecord } from './space.js';
import {
  COMPARE_KEYS,
  DEFAULT_OPTION_SPACE,
  DEFAULT_SEEDS,
  parseSweep,
  sweepSettings,
  type SweepSettings,
} from './sweep.js';

export interface ComparedSweep {
  readonly optimizer: string;
  /** k: the sweep's seed + k and the base run's seed + k. */
  readonly seedIndex: number;
  /** The options searched (keys of optionSpace the optimizer has). */
  readonly searched: readonly string[];
  /** The sweep, as `downhill tune` takes it (without out). */
  readonly sweep: Record<string, unknown>;
}

/** The space's dimensions that choose or tune the optimizer; the comparison replaces them with each optimizer's own. */
const isOptimizerDimension = (key: string) => key === 'optimizer' || key === 'lr' || key.startsWith('optimizer.');

/** The sweeps of a comparison, optimizer by optimizer, seed by seed; each checked, so a bad one is refused before any runs. */
export function comparedSweeps(given: Record<string, unknown>): ComparedSweep[] {
  const sweeps = buildSweeps(given);
  for (const { sweep } of sweeps) parseSweep({ ...sweep, out: '.' });
  return sweeps;
}

function buildSweeps(given: Record<string, unknown>): ComparedSweep[] {
  const settings = sweepSettings.parse(given) as SweepSettings;
  const names = comparedOptimizers(settings);
  const optionSpace = (settings.optionSpace as Record<string, unknown> | undefined) ?? DEFAULT_OPTION_SPACE;
  const space = settings.space as Record<string, unknown>;
  const shared = Object.fromEntries(Object.entries(space).filter(([key]) => !isOptimizerDimension(key)));
  const base = settings.base as Record<string, unknown>;
  const seeds = settings.seeds ?? DEFAULT_SEEDS;
  const rest = Object.fromEntries(
    Object.entries(given).filter(([key]) => !(COMPARE_KEYS as readonly string[]).includes(key) && key !== 'out'),
  );
  return names.flatMap((optimizer) => {
    const searched = Object.keys(optionSpace).filter((key) => declares(optimizer, key));
    const optionDimensions = Object.fromEntries(searched.map((key) => [`optimizer.${key}`, optionSpace[key]]));
    return Array.from({ length: seeds }, (_, k) => {
      const { lr: _lr, ...baseWithoutLr } = base; // a base lr would override the searched one
      const seeded = {
        ...(searched.includes('lr') ? baseWithoutLr : base),
        optimizer: renamed(base.optimizer, optimizer),
        seed: ((base.seed as number | undefined) ?? (trainSettings.rows.seed.default as number)) + k,
      };
      const sweep = { ...rest, base: seeded, space: { ...shared, ...optionDimensions }, seed: settings.seed + k };
      return { optimizer, seedIndex: k, searched, sweep };
    });
  });
}

/** The optimizers compared: `optimizers`, else the choices of the space's `optimizer` dimension. */
function comparedOptimizers(settings: SweepSettings): string[] {
  if (settings.optimizers !== undefined) return settings.optimizers as string[];
  const choice = (settings.space as Record<string, unknown>).optimizer;
  if (isRecord(choice) && Array.isArray(choice.choice)) return choice.choice.map((name) => optimizers.canonical(name));
  throw new InputError(
    'tune: --compare optimizer needs the optimizers to compare: --optimizer NAME (repeatable), "optimizers": [...] or an optimizer choice in the space',
  );
}

/** Whether the optimizer has the option (`momentum`) or the list option's number (`betas.0`), as its rows declare. */
function declares(optimizer: string, key: string): boolean {
  const entry = optimizers.get(optimizer);
  const declared = (entry.rows ?? entry.defaults) as Record<string, unknown>;
  const { option, index } = optionComponent(key);
  if (!Object.hasOwn(declared, option)) return false;
  if (index === undefined) return true;
  const value = (entry.defaults as Record<string, unknown>)[option];
  return Array.isArray(value) && index < value.length;
}

/** The base run's optimizer replaced by `name` with its own defaults (a chain's transforms kept). */
function renamed(baseOptimizer: unknown, name: string): unknown {
  const parsed = trainSettings.rows.optimizer.parse(
    baseOptimizer ?? trainSettings.rows.optimizer.default,
    'base: optimizer',
  );
  return mapOptimizer(parsed, () => ({ name }));
}

// ——— Results ———

/** One sweep's outcome: its best completed trial (null values when none completed). */
export interface SeedResult {
  readonly seed: number;
  readonly dir: string;
  readonly trial: number | null;
  readonly value: number | null;
  /** The best trial's optimizer spec (its tuned options, the learning rate folded in). */
  readonly optimizer: Record<string, unknown> | null;
}

export interface OptimizerResult {
  readonly optimizer: string;
  readonly searched: readonly string[];
  readonly seeds: readonly SeedResult[];
  /** Over the seeds whose sweep completed a trial. */
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** The best sweep of all seeds (its options are the ones a race gets). */
  readonly best: SeedResult | null;
}

/** The optimizer spec of a sweep's best.json (a train config). */
export function bestOptimizer(bestTrainConfig: Record<string, unknown>): Record<string, unknown> {
  const config = parseRunConfig({ ...bestTrainConfig, out: '.' });
  return { ...splitChain(config.optimizer).optimizer };
}

/** Per optimizer: the median and spread over seeds, best median first (sign: +1 lower is better, −1 higher). */
export function summarize(
  sign: 1 | -1,
  sweeps: readonly { optimizer: string; searched: readonly string[]; result: SeedResult }[],
): OptimizerResult[] {
  const names = [...new Set(sweeps.map((s) => s.optimizer))];
  const results = names.map((optimizer) => {
    const own = sweeps.filter((s) => s.optimizer === optimizer);
    const seeds = own.map((s) => s.result);
    const done = seeds.filter((s) => s.value !== null) as (SeedResult & { value: number })[];
    const values = done.map((s) => s.value).sort((a, b) => sign * (a - b)); // best first
    const best = done.length === 0 ? null : done.reduce((a, b) => (sign * b.value < sign * a.value ? b : a));
    return {
      optimizer,
      searched: own[0].searched,
      seeds,
      median: values.length === 0 ? null : median(values),
      min: values.length === 0 ? null : Math.min(...values),
      max: values.length === 0 ? null : Math.max(...values),
      best,
    };
  });
  return results.sort(
    (a, b) => (a.median === null ? 1 : 0) - (b.median === null ? 1 : 0) || sign * ((a.median ?? 0) - (b.median ?? 0)),
  );
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The comparison as a table: per optimizer the options searched, each seed's best, the median and min–max. */
export function formatComparison(results: readonly OptimizerResult[], metric: string): string {
  const seedCount = Math.max(...results.map((r) => r.seeds.length));
  const cell = (v: number | null) => (v === null ? '-' : v.toFixed(4));
  const header = [
    'rank',
    'optimizer',
    'searched',
    ...Array.from({ length: seedCount }, (_, k) => `seed+${k}`),
    `median ${metric}`,
    'min',
    'max',
  ];
  const rows = results.map((r, i) => [
    String(i + 1),
    r.optimizer,
    r.searched.join(', '),
    ...Array.from({ length: seedCount }, (_, k) => cell(r.seeds[k]?.value ?? null)),
    cell(r.median),
    cell(r.min),
    cell(r.max),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The tuned optimizers as `downhill race` lists them: each one's best options, labelled with its name. */
export function raceOptimizers(results: readonly OptimizerResult[]): { optimizers: Record<string, unknown>[] } {
  return {
    optimizers: results.flatMap((r) =>
      r.best?.optimizer == null ? [] : [{ label: r.optimizer, ...r.best.optimizer, name: r.optimizer }],
    ),
  };
}
