/**
 * Schedulers: how many epochs each trial gets. A trial trains in segments and reports its metric at the end
 * of each (a rung, counted in epochs); after each rung but its last, the scheduler lets it continue, stops
 * it (pruned, with the rung, its value, the cutoff and its rank, so the stop explains itself), or has it
 * wait for the results its decision needs.
 *
 *   none       every trial trains its full budget
 *   sh         successive halving (Jamieson & Talwalkar 2016): all trials start at minEpochs; at each rung
 *              the best 1/eta of those that reached it continue, decided once all have reported
 *   hyperband  successive halving in brackets that start at different budgets (Li et al., JMLR 2018, Alg. 1):
 *              bracket s has ⌈(s_max + 1)/(s + 1)·eta^s⌉ trials starting at maxEpochs·eta^−s
 *   asha       asynchronous successive halving (Li et al., MLSys 2020), as Optuna's stopping variant: a
 *              trial continues if its value is within the best ⌊n/eta⌋ of the n values at its rung (the
 *              best one while n < eta)
 *   median     stops a trial whose value is worse than the median of the other trials' at the same epoch
 *              (Golovin et al., "Google Vizier", KDD 2017), once `startup` others have reported there
 *
 * In reproducible mode (the default) a decision at a rung compares the trial with the trials before it in
 * trial order only, and waits until each of them has reported at that rung or stopped before it: the
 * decisions, and so the whole sweep, are then the same for any number of workers. Otherwise ASHA and the
 * median rule compare with whatever has been reported so far, as Ray Tune and Optuna do.
 */
import { registry, type RegistryEntry } from '../config/registry.js';
import { integer, settingsTable } from '../config/settings.js';
import type { Spec } from '../config/spec.js';
import { InputError } from '../errors.js';

/** What a scheduler may know of the sweep: values at rungs, in "lower is better" form. */
export interface SweepView {
  /** Trials created so far (numbers 0 … created − 1), and how many the sweep has in all. */
  readonly created: number;
  readonly total: number;
  readonly reproducible: boolean;
  /** Trial t's score at rung k of its ladder (undefined if it has not reported there). */
  score(trial: number, rung: number): number | undefined;
  /** Whether trial t has reported at rung k or ended before reaching it. */
  resolved(trial: number, rung: number): boolean;
}

export type Decision =
  | { readonly kind: 'continue' }
  | { readonly kind: 'wait' }
  /** Stopped: its score, the cutoff it had to reach, its rank among `of` scores at the rung, and the rule in words. */
  | {
      readonly kind: 'stop';
      readonly score: number;
      readonly cutoff: number;
      readonly rank: number;
      readonly of: number;
      readonly rule: string;
    };

export interface Scheduler {
  /** The epochs at which `trial` reports, ascending; the last is its full budget. */
  rungs(trial: number): number[];
  /** After `trial` reported at rung index `rung` (not its last). */
  decide(trial: number, rung: number, view: SweepView): Decision;
}

interface SchedulerEntry extends RegistryEntry {
  /** Its options: a settings table (defaults, ranges, the unknown-option error). */
  readonly options: { parse(raw: unknown): object };
  create(options: Record<string, unknown>): Scheduler;
}

const budget = {
  minEpochs: integer({ default: 1, min: 1, help: 'the first rung, in epochs' }),
  maxEpochs: integer({ min: 1, help: "the full budget in epochs (default: the base run's epochs)" }),
  eta: integer({ default: 3, min: 2, help: 'the reduction factor: 1/eta of the trials continue at each rung' }),
};

interface Budget {
  minEpochs: number;
  maxEpochs: number;
  eta: number;
}

function readBudget(options: Record<string, unknown>, owner: string): Budget {
  const b = options as unknown as Budget;
  if (b.minEpochs > b.maxEpochs)
    throw new InputError(`scheduler ${owner}: minEpochs must be <= maxEpochs (got ${b.minEpochs} > ${b.maxEpochs})`);
  return b;
}

/** start, start·eta, start·eta², … while <= max, then max itself if the ladder stopped short of it. */
function ladder(start: number, max: number, eta: number): number[] {
  const rungs: number[] = [];
  for (let epochs = start; epochs <= max; epochs *= eta) rungs.push(epochs);
  if (rungs[rungs.length - 1] !== max) rungs.push(max);
  return rungs;
}

/** The rank (1 = best) of `score` among `scores`, ties going to the earlier trial (scores in trial order, own last). */
function rankOf(score: number, earlier: readonly number[]): number {
  return 1 + earlier.filter((s) => s <= score).length;
}

/** The scores at rung `rung` of `trials`, or 'wait' while one of them has not resolved there. */
function scoresAt(trials: readonly number[], rung: number, view: SweepView): number[] | 'wait' {
  if (trials.some((t) => !view.resolved(t, rung))) return 'wait';
  return trials.map((t) => view.score(t, rung)).filter((s): s is number => s !== undefined);
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);

/** Keep the best `keep` of the scores (own last): continue, or stop with the k-th best as the cutoff. */
function keepBest(own: number, others: readonly number[], keep: number, rule: string): Decision {
  const all = [...others, own];
  const cutoff = ascending(all)[keep - 1];
  const rank = rankOf(own, others);
  return rank <= keep ? { kind: 'continue' } : { kind: 'stop', score: own, cutoff, rank, of: all.length, rule };
}

/** Successive halving over the bracket [first, end): decided once every member has resolved at the rung. */
function halving(trial: number, rung: number, first: number, end: number, eta: number, view: SweepView): Decision {
  const members = range(first, end);
  if (view.created < end) return { kind: 'wait' };
  const others = scoresAt(
    members.filter((t) => t !== trial),
    rung,
    view,
  );
  if (others === 'wait') return { kind: 'wait' };
  const own = view.score(trial, rung) as number;
  const keep = Math.max(1, Math.floor((others.length + 1) / eta));
  return keepBest(own, others, keep, `the best ${keep} of ${others.length + 1} continue (1/${eta})`);
}

/** Hyperband's brackets: s = s_max … 0, bracket s with n_s trials starting at maxEpochs·eta^−s (as minEpochs·eta^(s_max − s)). */
function brackets(b: Budget): { size: number; start: number }[] {
  const sMax = Math.floor(Math.log(b.maxEpochs / b.minEpochs) / Math.log(b.eta) + 1e-9);
  return range(0, sMax + 1).map((i) => {
    const s = sMax - i;
    return { size: Math.ceil(((sMax + 1) / (s + 1)) * b.eta ** s), start: b.minEpochs * b.eta ** (sMax - s) };
  });
}

export const schedulers = registry<SchedulerEntry>('scheduler', {
  none: {
    summary: 'every trial trains its full budget',
    options: settingsTable('scheduler none', { maxEpochs: budget.maxEpochs }, { noun: 'option' }),
    create: (o) => ({ rungs: () => [o.maxEpochs as number], decide: () => ({ kind: 'continue' }) }),
  },
  sh: {
    summary: 'successive halving: the best 1/eta continue at each rung, decided together',
    aliases: ['successive-halving'],
    options: settingsTable('scheduler sh', budget, { noun: 'option' }),
    create: (o) => {
      const b = readBudget(o, 'sh');
      return {
        rungs: () => ladder(b.minEpochs, b.maxEpochs, b.eta),
        decide: (trial, rung, view) => halving(trial, rung, 0, view.total, b.eta, view),
      };
    },
  },
  hyperband: {
    summary: 'successive halving in brackets starting at different budgets',
    options: settingsTable('scheduler hyperband', budget, { noun: 'option' }),
    create: (o) => {
      const b = readBudget(o, 'hyperband');
      const list = brackets(b);
      const cycle = list.reduce((n, x) => n + x.size, 0);
      const bracketOf = (trial: number, total: number) => {
        let first = trial - (trial % cycle);
        for (const bracket of list) {
          if (trial < first + bracket.size) return { ...bracket, first, end: Math.min(total, first + bracket.size) };
          first += bracket.size;
        }
        throw new Error('unreachable: every trial lies in a bracket');
      };
      return {
        rungs: (trial) => ladder(bracketOf(trial, Number.POSITIVE_INFINITY).start, b.maxEpochs, b.eta),
        decide: (trial, rung, view) => {
          const bracket = bracketOf(trial, view.total);
          return halving(trial, rung, bracket.first, bracket.end, b.eta, view);
        },
      };
    },
  },
  asha: {
    summary: 'asynchronous successive halving: continue while within the best 1/eta at the rung',
    options: settingsTable('scheduler asha', budget, { noun: 'option' }),
    create: (o) => {
      const b = readBudget(o, 'asha');
      return {
        rungs: () => ladder(b.minEpochs, b.maxEpochs, b.eta),
        decide: (trial, rung, view) => {
          const others = competitors(trial, rung, view);
          if (others === 'wait') return { kind: 'wait' };
          // Optuna's SuccessiveHalvingPruner: the ⌊n/eta⌋-th best value is the cutoff; the best one while n < eta.
          const keep = Math.max(1, Math.floor((others.length + 1) / b.eta));
          return keepBest(
            view.score(trial, rung) as number,
            others,
            keep,
            `the best ${keep} of ${others.length + 1} at this rung continue (1/${b.eta})`,
          );
        },
      };
    },
  },
  median: {
    summary: 'stops a trial worse than the median of the others at the same epoch',
    options: settingsTable(
      'scheduler median',
      {
        warmup: integer({ default: 1, min: 1, help: 'the first epoch at which trials are compared' }),
        interval: integer({ default: 1, min: 1, help: 'epochs between comparisons' }),
        startup: integer({ default: 3, min: 1, help: 'other trials needed at an epoch before any is stopped there' }),
        maxEpochs: budget.maxEpochs,
      },
      { noun: 'option' },
    ),
    create: (o) => {
      const { warmup, interval, startup, maxEpochs } = o as {
        warmup: number;
        interval: number;
        startup: number;
        maxEpochs: number;
      };
      const rungs: number[] = [];
      for (let epochs = Math.min(warmup, maxEpochs); epochs < maxEpochs; epochs += interval) rungs.push(epochs);
      rungs.push(maxEpochs);
      return {
        rungs: () => rungs,
        decide: (trial, rung, view) => {
          const others = competitors(trial, rung, view);
          if (others === 'wait') return { kind: 'wait' };
          if (others.length < startup) return { kind: 'continue' };
          const sorted = ascending(others);
          const mid = sorted.length / 2;
          const median = sorted.length % 2 === 1 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
          const own = view.score(trial, rung) as number;
          if (own <= median) return { kind: 'continue' };
          return {
            kind: 'stop',
            score: own,
            cutoff: median,
            rank: rankOf(own, others),
            of: others.length + 1,
            rule: `worse than the median of ${others.length} others`,
          };
        },
      };
    },
  },
});

/**
 * The scores a trial is compared with at a rung: the earlier trials' (reproducible, or 'wait' while one of them
 * has not resolved there), or all reported so far. One loop without intermediate arrays: the median rule asks
 * this at every epoch of every trial, over all the trials before it.
 */
function competitors(trial: number, rung: number, view: SweepView): number[] | 'wait' {
  const scores: number[] = [];
  const end = view.reproducible ? trial : view.created;
  for (let t = 0; t < end; t++) {
    if (t === trial) continue;
    if (view.reproducible && !view.resolved(t, rung)) return 'wait';
    const score = view.score(t, rung);
    if (score !== undefined) scores.push(score);
  }
  return scores;
}

/** The scores in ascending order (a typed array sorts numbers without a comparator call per pair). */
function ascending(scores: readonly number[]): Float64Array {
  return Float64Array.from(scores).sort();
}

/** The scheduler a sweep names; maxEpochs defaults to the base run's epochs. */
export function createScheduler(spec: Spec, baseEpochs: number): Scheduler {
  const { name, ...given } = spec;
  const entry = schedulers.get(name);
  return entry.create(entry.options.parse({ maxEpochs: baseEpochs, ...given }) as Record<string, unknown>);
}
