/**
 * A search space: the settings of `downhill train` (rows of `trainSettings`) and the options of its
 * optimizer (`optimizer.<option>`) that a sweep varies, each over a list of choices or a range:
 *
 *   "space": {
 *     "optimizer":          {"choice": ["sgd", "adam"]},
 *     "lr":                 {"range": [1e-4, 0.3]},                 (log, because lr's row is on a log scale)
 *     "batchSize":          {"int": [8, 64], "scale": "log"},
 *     "dropout":            {"range": [0, 0.5]},
 *     "optimizer.momentum": {"range": [0, 0.95], "when": {"optimizer": "sgd"}}
 *   }
 *
 * A dimension with `when` is active only where the dimensions it names (declared before it) took one of
 * the values given. Every bound and every choice is read by the setting's own row (or checked by building
 * the optimizer), so a space is refused with the same one-line messages as `train`.
 *
 * Samplers propose points of the unit cube, one coordinate per dimension; `decode` turns a point into the
 * settings it stands for. A choice of k values owns the k equal slices of [0, 1); a log range is uniform in
 * log(value); an integer range of n integers owns n equal slices.
 */
import { show } from '../config/validate.js';
import { InputError } from '../errors.js';
import { splitChain } from '../optim/chain.js';
import { optimizers } from '../optim/registry.js';
import { trainSettings } from '../train/runConfig.js';
import type { Setting } from '../config/settings.js';

export type Value = string | number | boolean;

interface Common {
  /** `lr`, `optimizer`, `optimizer.momentum`. */
  readonly key: string;
  /** Active only where each named dimension took one of the listed values. */
  readonly when: Readonly<Record<string, readonly Value[]>>;
}

export type Dimension =
  | (Common & { readonly kind: 'choice'; readonly values: readonly Value[] })
  | (Common & { readonly kind: 'range' | 'int'; readonly low: number; readonly high: number; readonly log: boolean });

export type Assignment = Record<string, Value>;

export interface Space {
  readonly dimensions: readonly Dimension[];
  /** The settings a point stands for: the active dimensions' values. */
  decode(point: readonly number[]): Assignment;
  /** The points of a grid: every choice, and `steps` evenly spread values of each range (duplicates dropped). */
  grid(steps: number): number[][];
}

/** Keys a sweep may not vary: where and how a run reports, and the budget, which the scheduler owns. */
const NOT_SEARCHABLE = new Set(['out', 'resume', 'quiet', 'threads', 'data', 'test', 'epochs', 'checkpointEvery']);

const where = (key: string) => `space: ${key}`;

export function parseSpace(raw: unknown, base: Record<string, unknown>): Space {
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    throw new InputError(
      `space must be a JSON object of dimensions such as {"lr": {"range": [1e-4, 0.1]}} (got ${show(raw)})`,
    );
  }
  const dimensions: Dimension[] = [];
  for (const key of Object.keys(raw)) dimensions.push(parseDimension(key, raw[key], dimensions, base));
  return {
    dimensions,
    decode: (point) => decode(dimensions, point),
    grid: (steps) => grid(dimensions, steps),
  };
}

function parseDimension(
  key: string,
  raw: unknown,
  before: readonly Dimension[],
  base: Record<string, unknown>,
): Dimension {
  if (!isRecord(raw))
    throw new InputError(
      `${where(key)} must be {"choice": [...]}, {"range": [low, high]} or {"int": [low, high]} (got ${show(raw)})`,
    );
  const kinds = ['choice', 'range', 'int'].filter((kind) => Object.hasOwn(raw, kind));
  if (kinds.length !== 1)
    throw new InputError(`${where(key)} needs exactly one of "choice", "range" or "int" (got ${show(raw)})`);
  for (const field of Object.keys(raw)) {
    if (!['choice', 'range', 'int', 'scale', 'when'].includes(field))
      throw new InputError(`${where(key)}: unknown field '${field}'; valid: choice, range, int, scale, when`);
  }
  const when = parseWhen(key, raw.when, before);
  const check = valueCheck(key, when, before, base);
  const kind = kinds[0] as 'choice' | 'range' | 'int';
  if (kind === 'choice') {
    const values = raw.choice;
    if (!Array.isArray(values) || values.length === 0)
      throw new InputError(`${where(key)}: choice must be a non-empty list of values (got ${show(values)})`);
    return { key, when, kind, values: values.map((value, i) => check.value(value, `${where(key)}.choice[${i}]`)) };
  }
  const bounds = raw[kind];
  if (
    !Array.isArray(bounds) ||
    bounds.length !== 2 ||
    !bounds.every((b) => typeof b === 'number' && Number.isFinite(b))
  ) {
    throw new InputError(`${where(key)}: ${kind} must be [low, high], two finite numbers (got ${show(bounds)})`);
  }
  const [low, high] = bounds as [number, number];
  if (kind === 'int' && !(Number.isInteger(low) && Number.isInteger(high)))
    throw new InputError(`${where(key)}: int bounds must be integers (got ${show(bounds)})`);
  if (!(low < high)) throw new InputError(`${where(key)}: the range [${low}, ${high}] is empty; it needs low < high`);
  check.value(low, `${where(key)}.${kind}[0]`);
  check.value(high, `${where(key)}.${kind}[1]`);
  if (!check.numeric)
    throw new InputError(`${where(key)} takes ${check.describe}, not a numeric range; use {"choice": [...]}`);
  const log = parseScale(key, raw.scale, check.log);
  if (log && low <= 0) throw new InputError(`${where(key)}: a log range needs low > 0 (got [${low}, ${high}])`);
  return { key, when, kind, low, high, log };
}

function parseScale(key: string, scale: unknown, rowDefault: boolean): boolean {
  if (scale === undefined) return rowDefault;
  if (scale !== 'log' && scale !== 'linear')
    throw new InputError(`${where(key)}: scale must be 'log' or 'linear' (got ${show(scale)})`);
  return scale === 'log';
}

function parseWhen(key: string, raw: unknown, before: readonly Dimension[]): Record<string, readonly Value[]> {
  if (raw === undefined) return {};
  if (!isRecord(raw))
    throw new InputError(`${where(key)}: when must be an object such as {"optimizer": "sgd"} (got ${show(raw)})`);
  const out: Record<string, readonly Value[]> = {};
  for (const [name, wanted] of Object.entries(raw)) {
    const parent = before.find((d) => d.key === name);
    if (parent === undefined || parent.kind !== 'choice') {
      throw new InputError(`${where(key)}: when names '${name}', which must be a choice dimension declared before it`);
    }
    const list = Array.isArray(wanted) ? wanted : [wanted];
    for (const value of list) {
      if (!parent.values.includes(value as Value))
        throw new InputError(
          `${where(key)}: when ${name} is ${show(value)}, but ${name} chooses from ${show(parent.values)}`,
        );
    }
    out[name] = list as Value[];
  }
  return out;
}

interface ValueCheck {
  value(value: unknown, where: string): Value;
  numeric: boolean;
  log: boolean;
  describe: string;
}

/** How the values of `key` are checked: by its row in trainSettings, or by building the optimizers it applies to. */
function valueCheck(
  key: string,
  when: Record<string, readonly Value[]>,
  before: readonly Dimension[],
  base: Record<string, unknown>,
): ValueCheck {
  if (key.startsWith('optimizer.'))
    return optimizerOptionCheck(key.slice('optimizer.'.length), optimizerNames(key, when, before, base));
  if (!Object.hasOwn(trainSettings.rows, key))
    throw new InputError(`space: unknown setting '${key}'; valid: ${searchable().join(', ')}, optimizer.<option>`);
  if (NOT_SEARCHABLE.has(key))
    throw new InputError(
      `space: '${key}' cannot be searched (the budget and where a run reports are the sweep's); valid: ${searchable().join(', ')}, optimizer.<option>`,
    );
  const row = trainSettings.rows[key as keyof typeof trainSettings.rows] as Setting;
  return {
    value: (value, at) => {
      // A spec (the optimizer) is chosen by name; the row checks the name.
      if (row.control === 'spec') return (row.parse(value, at) as { name: string }).name;
      return row.parse(value, at) as Value;
    },
    numeric: row.control === 'slider' || row.control === 'log-slider' || row.control === 'integer',
    log: row.control === 'log-slider',
    describe: row.range,
  };
}

function searchable(): string[] {
  return trainSettings.keys.filter((key) => !NOT_SEARCHABLE.has(key));
}

/** The optimizers an `optimizer.<option>` dimension applies to: those its `when` allows, else the sweep's. */
function optimizerNames(
  key: string,
  when: Record<string, readonly Value[]>,
  before: readonly Dimension[],
  base: Record<string, unknown>,
): string[] {
  if (when.optimizer !== undefined) return when.optimizer.map(String);
  const chosen = before.find((d) => d.key === 'optimizer');
  if (chosen !== undefined && chosen.kind === 'choice') return chosen.values.map(String);
  const given =
    base.optimizer === undefined
      ? trainSettings.rows.optimizer.default
      : trainSettings.rows.optimizer.parse(base.optimizer, 'base: optimizer');
  if (given === undefined) throw new InputError(`${where(key)}: no optimizer to apply it to`);
  return [splitChain(given).optimizer.name];
}

/**
 * `betas.0` → the option `betas` and its number 0 (one number of a list option, such as Adam's β1);
 * `momentum` → the option itself.
 */
export function optionComponent(option: string): { option: string; index?: number } {
  const match = /^(.+)\.(\d+)$/.exec(option);
  return match === null ? { option } : { option: match[1], index: Number(match[2]) };
}

/** The option's value with `value` in place: the value itself, or a copy of the list with number `index` replaced. */
export function withComponent(current: unknown, index: number | undefined, value: Value): unknown {
  if (index === undefined) return value;
  const list = [...(current as number[])];
  list[index] = value as number;
  return list;
}

function optimizerOptionCheck(key: string, names: readonly string[]): ValueCheck {
  // A one-number parameter: building an optimizer over it runs the optimizer's own option checks.
  const probe = { data: new Float64Array(1), grad: new Float64Array(1) };
  const { option, index } = optionComponent(key);
  const defaultOf = (name: string) => (optimizers.get(name).defaults as Record<string, unknown>)[option];
  for (const name of names) {
    if (!Object.hasOwn(optimizers.get(name).defaults, option)) {
      const valid = Object.keys(optimizers.get(name).defaults).join(', ');
      throw new InputError(
        `space: optimizer.${key}: ${name} has no option '${option}'; valid: ${valid} (use "when": {"optimizer": [...]} to limit it)`,
      );
    }
    const list = defaultOf(name);
    if (index !== undefined && !(Array.isArray(list) && index < list.length))
      throw new InputError(
        `space: optimizer.${key}: ${name}'s ${option} is ${Array.isArray(list) ? `a list of ${list.length} numbers (valid: ${option}.0 … ${option}.${list.length - 1})` : 'not a list'}`,
      );
  }
  const kinds = new Set(
    names.map((name) => typeof (index === undefined ? defaultOf(name) : (defaultOf(name) as unknown[])[index])),
  );
  const numeric = kinds.size === 1 && kinds.has('number');
  return {
    value: (value, at) => {
      if (typeof value !== 'number' && typeof value !== 'boolean')
        throw new InputError(`${at} must be a number or true/false (got ${show(value)})`);
      for (const name of names) {
        try {
          optimizers.get(name).create([probe], { lr: 0.01, [option]: withComponent(defaultOf(name), index, value) });
        } catch (error) {
          if (error instanceof InputError) throw new InputError(`${at}: ${error.message}`);
          throw error;
        }
      }
      return value;
    },
    numeric,
    // Spread as the option's row says (lr and ε on a log scale), where every optimizer it applies to agrees.
    log: index === undefined && names.every((name) => optimizers.get(name).rows?.[option]?.control === 'log-slider'),
    describe: numeric ? 'a number' : 'true or false',
  };
}

// ——— Points to settings ———

function decode(dimensions: readonly Dimension[], point: readonly number[]): Assignment {
  const out: Assignment = {};
  dimensions.forEach((d, i) => {
    if (isActive(d, out)) out[d.key] = valueAt(d, point[i]);
  });
  return out;
}

function isActive(d: Dimension, assigned: Assignment): boolean {
  return Object.entries(d.when).every(([name, values]) => name in assigned && values.includes(assigned[name]));
}

/** The value at coordinate u ∈ [0, 1]; u = 1 gives the upper bound (grids reach it). */
export function valueAt(d: Dimension, u: number): Value {
  if (d.kind === 'choice') return d.values[Math.min(d.values.length - 1, Math.floor(u * d.values.length))];
  if (d.kind === 'range') {
    const value = d.log
      ? Math.exp(Math.log(d.low) + u * (Math.log(d.high) - Math.log(d.low)))
      : d.low + u * (d.high - d.low);
    return Math.min(d.high, Math.max(d.low, value));
  }
  // n integers own n equal slices: low + ⌊u·n⌋ on a linear scale, ⌊exp(log low + u·(log(high + 1) − log low))⌋ on a log one.
  const value = d.log
    ? Math.floor(Math.exp(Math.log(d.low) + u * (Math.log(d.high + 1) - Math.log(d.low))))
    : d.low + Math.floor(u * (d.high - d.low + 1));
  return Math.min(d.high, Math.max(d.low, value));
}

/** The grid coordinates of a dimension: the middle of each choice's slice, or `steps` values from low to high. */
function gridCoordinates(d: Dimension, steps: number): number[] {
  if (d.kind === 'choice') return d.values.map((_, k) => (k + 0.5) / d.values.length);
  const count = d.kind === 'int' ? Math.min(steps, d.high - d.low + 1) : steps;
  return Array.from({ length: count }, (_, j) => (count === 1 ? 0.5 : j / (count - 1)));
}

function grid(dimensions: readonly Dimension[], steps: number): number[][] {
  const axes = dimensions.map((d) => gridCoordinates(d, steps));
  const points: number[][] = [];
  const seen = new Set<string>();
  const size = axes.reduce((n, axis) => n * axis.length, 1);
  for (let index = 0; index < size; index++) {
    // Mixed radix, the last dimension fastest.
    const point = new Array<number>(axes.length);
    let rest = index;
    for (let i = axes.length - 1; i >= 0; i--) {
      point[i] = axes[i][rest % axes[i].length];
      rest = Math.floor(rest / axes[i].length);
    }
    const key = JSON.stringify(decode(dimensions, point));
    if (!seen.has(key)) {
      seen.add(key);
      points.push(point);
    }
  }
  return points;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
