/**
 * A trace case: which surface, where to start, how many steps, which optimizer and schedule.
 *
 *   {"fn": {"name": "rosenbrock", "a": 1, "b": 100}, "start": [-1.5, 2.0], "steps": 200,
 *    "optimizer": {"name": "adam", "lr": 0.01, "amsgrad": true},
 *    "schedule": {"name": "step", "stepSize": 30, "gamma": 0.1}}
 *
 * `fn`, `optimizer` and `schedule` may also be bare names; `steps` defaults to 100. On a loss over data
 * (`gabor`, …), `"batchSize": 2` makes each step see a seeded mini-batch (`"seed"`, 0 by default). Option names may be written PyTorch's way
 * (`weight_decay`, `T_max`): they are read as downhill's camelCase names.
 */
import { camelCaseKeys } from '../config/names.js';
import type { Spec } from '../config/spec.js';
import { InputError } from '../errors.js';
import { show } from '../optim/options.js';

export interface TraceConfig {
  fn: Spec;
  start: [number, number];
  steps: number;
  optimizer: Spec;
  schedule?: Spec;
  /** Examples per step on a loss over data (stochastic gradient descent); all of them when absent. */
  batchSize?: number;
  /** Seeds the mini-batches' order. */
  seed?: number;
}

const KEYS = ['fn', 'start', 'steps', 'optimizer', 'schedule', 'batchSize', 'seed'];
const DEFAULT_STEPS = 100;
/** A generous cap that keeps a typo (steps: 1e9) from hanging the terminal. */
const MAX_STEPS = 10_000_000;

export function parseTraceConfig(raw: unknown): TraceConfig {
  if (!isObject(raw)) throw new InputError(`a trace config must be a JSON object (got ${show(raw)})`);
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) throw new InputError(`unknown config key '${key}'; valid keys: ${KEYS.join(', ')}`);
  }
  const { fn, start, steps, optimizer, schedule, batchSize, seed } = raw;
  if (fn === undefined) throw new InputError(`the config has no 'fn' (the function to minimise, e.g. "rosenbrock")`);
  if (optimizer === undefined) throw new InputError(`the config has no 'optimizer' (e.g. {"name": "adam", "lr": 0.01})`);
  return {
    fn: toSpec('fn', fn, false),
    start: toStart(start),
    steps: toSteps(steps),
    optimizer: toSpec('optimizer', optimizer, true),
    ...(schedule === undefined || schedule === null ? {} : { schedule: toSpec('schedule', schedule, true) }),
    ...(batchSize === undefined || batchSize === null ? {} : { batchSize: toInteger('batchSize', batchSize, 1, MAX_STEPS) }),
    ...(seed === undefined ? {} : { seed: toInteger('seed', seed, 0, 0xffffffff) }),
  };
}

function toInteger(key: string, value: unknown, min: number, max: number): number {
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  if (!ok) throw new InputError(`'${key}' must be an integer in [${min}, ${max}] (got ${show(value)})`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A bare name or an object with a `name`; nested schedule lists (sequential) are read the same way. */
function toSpec(key: string, value: unknown, camelCaseOptions: boolean): Spec {
  if (typeof value === 'string') return { name: value };
  if (!isObject(value) || typeof value.name !== 'string') {
    throw new InputError(`'${key}' must be a name or an object with a "name" (got ${show(value)})`);
  }
  const spec = (camelCaseOptions ? camelCaseKeys(value.name, value) : { ...value }) as Spec;
  for (const listKey of ['schedules', 'schedulers']) {
    const list = spec[listKey];
    if (Array.isArray(list)) spec[listKey] = list.map((inner) => toSpec(`${key}.${listKey}`, inner, camelCaseOptions));
  }
  return spec;
}

function toStart(value: unknown): [number, number] {
  const ok = Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw new InputError(`'start' must be two finite numbers [x, y] (got ${show(value)})`);
  return [value[0], value[1]];
}

function toSteps(value: unknown): number {
  if (value === undefined) return DEFAULT_STEPS;
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_STEPS;
  if (!ok) throw new InputError(`'steps' must be an integer in [0, ${MAX_STEPS}] (got ${show(value)})`);
  return value;
}
