/**
 * Samplers: where in the search space each trial goes. A trial's point is a pure function of the sweep's
 * seed, the trial's number and — for TPE — the results of the trials before it in trial order, so the same
 * sweep proposes the same trials whatever the number of workers or interruptions.
 *
 *   grid     every choice × `steps` values per range, in order (the sweep ends when the grid does)
 *   random   independent uniform coordinates from a generator seeded by (seed, trial)
 *   sobol    the shifted Sobol sequence (src/tune/sobol.ts): covers the space more evenly than random
 *   tpe      random for the first `startup` trials, then TPE (src/tune/tpe.ts) on the trials finished
 *            before trial − lag: with `lag` workers' worth of trials in flight the result does not
 *            depend on which of them finish first
 */
import { registry, type RegistryEntry } from '../config/registry.js';
import { integer, number, settingsTable } from '../config/settings.js';
import type { Spec } from '../config/spec.js';
import { Random } from '../tensor/random.js';
import { sobolPoints } from './sobol.js';
import type { Space } from './space.js';
import { tpeSuggest, type TpeObservation } from './tpe.js';

export interface Sampler {
  /** How many distinct trials it proposes (a grid's size; Infinity otherwise). */
  readonly size: number;
  /** How many of the first trials must be finished before `trial` can be proposed (0: none). */
  waitsFor(trial: number): number;
  /** The point of `trial`, given the first waitsFor(trial) trials' outcomes, best first (failed ones left out). */
  suggest(trial: number, finished: readonly TpeObservation[]): number[];
}

interface SamplerEntry extends RegistryEntry {
  /** Its options: a settings table (defaults, ranges, the unknown-option error). */
  readonly options: { parse(raw: unknown): object };
  create(space: Space, options: Record<string, unknown>, seed: number): Sampler;
}

/** The seed of trial `trial`'s own generator: (seed, trial) mixed by two murmur3 finalizer rounds. */
export function trialSeed(seed: number, trial: number): number {
  let h = Math.imul(seed ^ (seed >>> 16), 0x85ebca6b) >>> 0;
  h = (h ^ Math.imul(trial + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

function randomPoint(space: Space, seed: number, trial: number): number[] {
  const random = new Random(trialSeed(seed, trial));
  return space.dimensions.map(() => random.uniform());
}

const independent = (size: number, suggest: (trial: number) => number[]): Sampler => ({
  size,
  waitsFor: () => 0,
  suggest,
});

const tpeOptions = settingsTable(
  'sampler tpe',
  {
    startup: integer({ default: 8, min: 1, help: 'random trials before the model is used' }),
    lag: integer({
      default: 4,
      min: 0,
      help: 'trials proposed before the ones they learn from finish (keep >= workers - 1)',
    }),
    gamma: number({ default: 0.25, min: 0, max: 1, minOpen: true, help: 'the share of trials counted as good' }),
    candidates: integer({ default: 24, min: 1, help: 'draws compared per dimension' }),
  },
  { noun: 'option' },
);

export const samplers = registry<SamplerEntry>('sampler', {
  grid: {
    summary: 'every combination: each choice, `steps` values per range',
    options: settingsTable(
      'sampler grid',
      { steps: integer({ default: 3, min: 1, help: 'values per range' }) },
      { noun: 'option' },
    ),
    create: (space, options) => {
      const points = space.grid(options.steps as number);
      return independent(points.length, (trial) => points[trial]);
    },
  },
  random: {
    summary: 'independent uniform draws, seeded per trial',
    options: settingsTable('sampler random', {}, { noun: 'option' }),
    create: (space, _options, seed) =>
      independent(Number.POSITIVE_INFINITY, (trial) => randomPoint(space, seed, trial)),
  },
  sobol: {
    summary: 'a shifted Sobol sequence (low discrepancy)',
    options: settingsTable('sampler sobol', {}, { noun: 'option' }),
    create: (space, _options, seed) => {
      // Computed in doublings, so that each trial costs O(dimensions) on average; this also refuses too many dimensions up front.
      let points = sobolPoints(space.dimensions.length, 64, seed);
      return independent(Number.POSITIVE_INFINITY, (trial) => {
        if (trial >= points.length)
          points = sobolPoints(space.dimensions.length, Math.max(trial + 1, 2 * points.length), seed);
        return points[trial];
      });
    },
  },
  tpe: {
    summary: 'tree-structured Parzen estimator (model-based), random for the first trials',
    options: tpeOptions,
    create: (space, raw, seed) => {
      const options = tpeOptions.parse(raw);
      return {
        size: Number.POSITIVE_INFINITY,
        waitsFor: (trial) => (trial < options.startup ? 0 : Math.max(0, trial - options.lag)),
        suggest: (trial, finished) =>
          trial < options.startup || finished.length === 0
            ? randomPoint(space, seed, trial)
            : tpeSuggest(space.dimensions, finished, new Random(trialSeed(seed, trial)), options),
      };
    },
  },
});

/** The sampler a sweep names: its spec's options read by the sampler's option table. */
export function createSampler(spec: Spec, space: Space, seed: number): Sampler {
  const { name, ...given } = spec;
  const entry = samplers.get(name);
  return entry.create(space, entry.options.parse(given) as Record<string, unknown>, seed);
}
