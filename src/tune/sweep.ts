/**
 * A sweep as `downhill tune --config sweep.json` takes it:
 *
 *   {"base": {"dataset": "spiral", "model": "mlp:8", "epochs": 9},     what `downhill train --config` takes
 *    "space": {"lr": {"range": [1e-3, 0.3]}, …},                       src/tune/space.ts
 *    "sampler": "tpe", "scheduler": "asha:eta=3,minEpochs=1",         specs, as optimizers are written
 *    "metric": "validationLoss", "trials": 12, "seed": 0}
 *
 * Every setting is one row of `sweepSettings` (flags, help, ranges and errors come from it, as for train);
 * the base run is checked by train's own table, so a sweep is refused before anything runs with the same
 * messages `train` gives.
 */
import {
  boolean,
  choice,
  integer,
  list,
  object,
  settingsTable,
  spec,
  text,
  type SettingsValues,
} from '../config/settings.js';
import type { Spec } from '../config/spec.js';
import { show } from '../config/validate.js';
import { InputError } from '../errors.js';
import { mapOptimizer } from '../optim/chain.js';
import { optimizers } from '../optim/registry.js';
import { parseRunConfig, trainSettings } from '../train/runConfig.js';
import { parseRedisAddress } from './redisAddress.js';
import { createSampler, samplers, type Sampler } from './samplers.js';
import { createScheduler, schedulers, type Scheduler } from './schedulers.js';
import { isRecord, optionComponent, parseSpace, withComponent, type Assignment, type Space } from './space.js';

/** How many seeds --compare optimizer tunes each optimizer with, unless `seeds` says otherwise. */
export const DEFAULT_SEEDS = 3;

/**
 * What --compare optimizer searches for each optimizer that has the option, with the same range for every
 * one: the learning rate (a log range, as its row says) and the momentum — `momentum` where an optimizer has
 * one (sgd, rmsprop), β1 (`betas.0`) in the Adam family.
 */
export const DEFAULT_OPTION_SPACE: Record<string, unknown> = {
  lr: { range: [1e-4, 1] },
  momentum: { range: [0, 0.99] },
  'betas.0': { range: [0, 0.99] },
};

export const sweepSettings = settingsTable('tune', {
  base: object({
    required: true,
    describe: 'a train config (what downhill train --config takes)',
    is: isRecord,
    help: 'the run every trial starts from',
  }),
  space: object({
    required: true,
    describe: 'an object of dimensions such as {"lr": {"range": [1e-4, 0.1]}}',
    is: isRecord,
    help: 'the settings searched',
  }),
  sampler: spec({
    kind: 'sampler',
    default: { name: 'random' },
    help: 'grid, random, sobol or tpe:startup=8,lag=4',
    check: (s) => void samplers.canonical(s.name),
  }),
  scheduler: spec({
    kind: 'scheduler',
    default: { name: 'none' },
    help: 'none, sh, hyperband, asha:eta=3,minEpochs=1 or median',
    check: (s) => void schedulers.canonical(s.name),
  }),
  metric: choice(['validationLoss', 'validationAccuracy'], {
    default: 'validationLoss',
    help: 'what the search optimizes (loss: lower is better; accuracy: higher)',
  }),
  trials: integer({
    default: 12,
    min: 1,
    resumable: true,
    help: 'trials in total (a resumed sweep may be given more)',
  }),
  seed: integer({ default: 0, min: 0, max: 0xffffffff, help: "the seed of the sampler's choices" }),
  reproducible: boolean({
    default: true,
    help: 'decisions compare trials in trial order, so results do not depend on the number of workers',
  }),
  workers: integer({
    min: 1,
    max: 1024,
    resumable: true,
    help: 'trials trained at once (default: the number of cores)',
  }),
  compare: choice(['optimizer'], {
    help: 'compare optimizers, each tuned alike over its own options (src/tune/compare.ts)',
  }),
  optimizers: list({
    flag: 'optimizer',
    placeholder: 'name',
    min: 1,
    describe: 'an optimizer name (downhill list optimizers)',
    help: "an optimizer to compare (default: the space's optimizer choices)",
    item: (value: unknown, where: string) => {
      if (typeof value !== 'string') throw new InputError(`${where} must be an optimizer name (got ${show(value)})`);
      return optimizers.canonical(value);
    },
    formatItem: (name: string) => name,
  }),
  seeds: integer({
    min: 1,
    max: 1000,
    help: `compare: how many seeds each optimizer is tuned with (the sweep seed and the base run seed, each + 0, 1, …; default ${DEFAULT_SEEDS})`,
  }),
  optionSpace: object({
    describe: 'an object of option dimensions such as {"lr": {"range": [1e-4, 1]}, "momentum": {"range": [0, 0.99]}}',
    is: isRecord,
    help: `compare: the options searched for each optimizer that has them (default ${JSON.stringify(DEFAULT_OPTION_SPACE)})`,
  }),
  out: text({
    required: true,
    resumable: true,
    placeholder: 'dir',
    help: 'the sweep directory: journal.jsonl, a run directory per trial, results',
  }),
  queue: text({
    resumable: true,
    placeholder: 'url',
    help: 'run the segments on `downhill worker`s through the Redis at this URL (redis://host:6379) instead of here',
    check: (url, where) => void parseRedisAddress(url, where),
  }),
  resume: boolean({ default: false, resumable: true, help: 'continue the sweep in --out' }),
  quiet: boolean({ default: false, resumable: true, help: 'print only the results' }),
});

/** The settings that only a comparison reads (src/tune/compare.ts). */
export const COMPARE_KEYS = ['compare', 'optimizers', 'seeds', 'optionSpace'] as const;

export type SweepSettings = SettingsValues<typeof sweepSettings> & { sampler: Spec; scheduler: Spec };

export interface Sweep {
  readonly settings: SweepSettings;
  readonly space: Space;
  readonly sampler: Sampler;
  readonly scheduler: Scheduler;
  /** +1 when lower values are better (a loss), −1 when higher are (an accuracy): score = sign · value. */
  readonly sign: 1 | -1;
  /** The trials the sweep runs: `trials`, or fewer when a grid is smaller. */
  readonly total: number;
}

export function parseSweep(raw: unknown): Sweep {
  const settings = sweepSettings.parse(raw) as SweepSettings;
  for (const key of COMPARE_KEYS) {
    if (settings[key] !== undefined)
      throw new InputError(`tune: ${key} is a setting of --compare optimizer, which this sweep does not ask for`);
  }
  const base = settings.base as Record<string, unknown>;
  for (const key of ['out', 'resume'] as const) {
    if (base[key] !== undefined)
      throw new InputError(`base: ${key} is the sweep's (each trial has its own run directory under --out)`);
  }
  const baseRun = parseRunConfig({ ...base, out: '.' });
  const space = parseSpace(settings.space, base);
  const sampler = createSampler(settings.sampler, space, settings.seed);
  const scheduler = createScheduler(settings.scheduler, baseRun.epochs);
  return {
    settings,
    space,
    sampler,
    scheduler,
    sign: settings.metric === 'validationAccuracy' ? -1 : 1,
    total: Math.min(settings.trials, sampler.size),
  };
}

/**
 * The train config of a trial: the base run with the trial's settings on top. A chosen optimizer keeps the
 * base optimizer's options only when it is the same optimizer; `optimizer.<option>` dimensions add options.
 */
export function trialConfig(
  base: Record<string, unknown>,
  assignment: Assignment,
  epochs: number,
): Record<string, unknown> {
  const config: Record<string, unknown> = { ...base, epochs };
  const baseOptimizer = trainSettings.rows.optimizer.parse(
    base.optimizer ?? trainSettings.rows.optimizer.default,
    'base: optimizer',
  );
  for (const [key, value] of Object.entries(assignment)) if (!key.startsWith('optimizer')) config[key] = value;
  // In a chain ({"chain": [{"clipGradNorm": 1}, {"name": "adam"}]}) the named optimizer is the one searched.
  const optimizer = mapOptimizer(baseOptimizer, (named) => {
    const name = typeof assignment.optimizer === 'string' ? assignment.optimizer : named.name;
    let chosen: Spec = name === named.name ? { ...named } : { name };
    for (const [key, value] of Object.entries(assignment)) {
      if (!key.startsWith('optimizer.')) continue;
      // `optimizer.betas.0` replaces one number of the list (the one given, else the optimizer's default).
      const { option, index } = optionComponent(key.slice('optimizer.'.length));
      const current = chosen[option] ?? (optimizers.get(name).defaults as Record<string, unknown>)[option];
      chosen = { ...chosen, [option]: withComponent(current, index, value) };
    }
    return chosen;
  });
  config.optimizer = optimizer;
  return config;
}
