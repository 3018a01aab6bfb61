/**
 * A race: which surface, where to start, how many steps, which optimizers (each with an optional label and
 * schedule), the plotting window and title — from a JSON config or the command line — and running it.
 *
 *   {"fn": "rosenbrock", "start": [-1.5, 2], "steps": 300,
 *    "optimizers": ["sgd:lr=1e-3", "momentum=sgd:lr=1e-3,momentum=0.9",
 *                   {"name": "adam", "lr": 0.05, "label": "Adam", "schedule": {"name": "cosine", "tMax": 300}}],
 *    "schedule": "step:stepSize=100", "window": [-2, 2, -1, 3], "title": "…", "out": "race.gif"}
 *
 * An optimizer is a one-line spec with an optional `label=` in front, or an object with `label` and `schedule`
 * beside its options. The top-level `schedule` applies to every optimizer that has none of its own; `out`
 * is relative to the working directory, as --out is. Each optimizer runs through `runTrace` (so its options,
 * the schedule and divergence are handled as `downhill trace` handles them).
 */
import { camelCaseKeys } from '../config/names.js';
import { parseSpec, type Spec } from '../config/spec.js';
import { InputError } from '../errors.js';
import { show } from '../optim/options.js';
import { parseFunctionSpec } from '../problems/expression.js';
import { createSurface, surfaceNames } from '../problems/registry.js';
import type { Point, Surface, Window } from '../problems/surface.js';
import { parseTraceConfig } from '../trace/config.js';
import { runTrace } from '../trace/trace.js';
import { PATH_COLORS } from './colors.js';
import { formatPoint, formatValue } from './format.js';
import type { RaceInput, RaceRun } from './race.js';

export interface RaceOptimizer {
  label?: string;
  optimizer: Spec;
  schedule?: Spec;
}

export interface RaceConfig {
  fn: Spec;
  start: [number, number];
  steps: number;
  optimizers: RaceOptimizer[];
  schedule?: Spec;
  window?: Window;
  title?: string;
  out?: string;
  /** Mini-batches on a loss over data, the same for every optimizer (as `downhill trace`). */
  batchSize?: number;
  seed?: number;
}

const KEYS = ['fn', 'start', 'steps', 'optimizers', 'schedule', 'window', 'title', 'out', 'batchSize', 'seed'];
export const MAX_RACE_STEPS = 20_000;
export const MAX_OPTIMIZERS = PATH_COLORS.length;

export function parseRaceConfig(raw: unknown): RaceConfig {
  if (!isObject(raw)) throw new InputError(`a race config must be a JSON object (got ${show(raw)})`);
  for (const key of Object.keys(raw)) {
    if (!KEYS.includes(key)) throw new InputError(`unknown race config key '${key}'; valid keys: ${KEYS.join(', ')}`);
  }
  const { fn, start, steps, optimizers, schedule, window, title, out, batchSize, seed } = raw;
  if (fn === undefined) throw new InputError(`the race has no function (--fn NAME, or "fn" in the config)`);
  if (start === undefined) throw new InputError(`the race has no start (--start x,y, or "start": [x, y] in the config)`);
  if (!Array.isArray(optimizers) || optimizers.length === 0) {
    throw new InputError(`the race needs at least one optimizer (--optimizer SPEC, or "optimizers": [...] in the config)`);
  }
  if (optimizers.length > MAX_OPTIMIZERS) throw new InputError(`a race has at most ${MAX_OPTIMIZERS} optimizers (got ${optimizers.length})`);
  return {
    fn: toSpec('function', fn),
    start: toStart(start),
    steps: toSteps(steps),
    optimizers: optimizers.map(toOptimizer),
    ...(schedule === undefined || schedule === null ? {} : { schedule: toSpec('schedule', schedule) }),
    ...(window === undefined || window === null ? {} : { window: toWindow(window) }),
    ...(title === undefined ? {} : { title: toText('title', title) }),
    ...(out === undefined ? {} : { out: toText('out', out) }),
    ...(batchSize === undefined ? {} : { batchSize: batchSize as number }),
    ...(seed === undefined ? {} : { seed: seed as number }),
  };
}

/** `adam:lr=0.05` or, with a legend label, `fast=adam:lr=0.05`: a '=' before the first ':' ends the label. */
export function parseRaceOptimizer(text: string): RaceOptimizer {
  const colon = text.indexOf(':');
  const head = colon < 0 ? text : text.slice(0, colon);
  const eq = head.indexOf('=');
  if (eq < 0) return { optimizer: parseSpec('optimizer', text) };
  const label = text.slice(0, eq).trim();
  if (label === '') throw new InputError(`optimizer '${text}': the label before '=' is empty; write label=name:key=value,…`);
  return { label, optimizer: parseSpec('optimizer', text.slice(eq + 1)) };
}

/** "x0,x1,y0,y1" → a window. */
export function parseWindow(text: string): Window {
  const parts = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  return toWindow(parts);
}

function toOptimizer(value: unknown): RaceOptimizer {
  if (typeof value === 'string') return parseRaceOptimizer(value);
  if (!isObject(value) || typeof value.name !== 'string') {
    throw new InputError(`each optimizer must be a spec string or an object with a "name" (got ${show(value)})`);
  }
  const { label, schedule, ...optimizer } = value;
  return {
    ...(label === undefined ? {} : { label: toText('label', label) }),
    optimizer: optimizer as Spec,
    ...(schedule === undefined || schedule === null ? {} : { schedule: toSpec('schedule', schedule) }),
  };
}

function toSpec(key: string, value: unknown): Spec {
  // A function may be a formula, kept whole (parseSpec would split it at ':' and ',').
  if (typeof value === 'string') return key === 'function' ? parseFunctionSpec(value) : parseSpec(key, value);
  if (!isObject(value) || typeof value.name !== 'string') throw new InputError(`'${key}' must be a name or an object with a "name" (got ${show(value)})`);
  return value as Spec;
}

function toStart(value: unknown): [number, number] {
  const ok = Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw new InputError(`'start' must be two finite numbers [x, y] (got ${show(value)})`);
  return [value[0], value[1]];
}

function toSteps(value: unknown): number {
  if (value === undefined) return 100;
  const ok = typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_RACE_STEPS;
  if (!ok) throw new InputError(`race steps must be an integer in [1, ${MAX_RACE_STEPS}] (got ${show(value)})`);
  return value;
}

function toWindow(value: unknown): Window {
  const list = isObject(value) && Array.isArray(value.x) && Array.isArray(value.y) ? [...value.x, ...value.y] : value;
  const ok = Array.isArray(list) && list.length === 4 && list.every((v) => typeof v === 'number' && Number.isFinite(v)) && list[0] < list[1] && list[2] < list[3];
  if (!ok) throw new InputError(`the window must be four finite numbers x0,x1,y0,y1 with x0 < x1 and y0 < y1 (got ${show(value)})`);
  return { x: [list[0], list[1]], y: [list[2], list[3]] };
}

function toText(key: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new InputError(`'${key}' must be a non-empty string (got ${show(value)})`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Runs every optimizer of the race from the same start; the result is what `raceAnimation` draws. */
export function runRace(config: RaceConfig): RaceInput {
  const surface = createSurface(config.fn);
  const window = config.window ?? surface.window;
  checkInside(config.start, window);
  const runs: RaceRun[] = config.optimizers.map((entry) => {
    const schedule = entry.schedule ?? config.schedule;
    const { batchSize, seed } = config;
    const trace = runTrace(parseTraceConfig({ fn: config.fn, start: config.start, steps: config.steps, optimizer: entry.optimizer, schedule, batchSize, seed }));
    const details = entry.label === undefined ? [] : [specText(entry.optimizer)];
    if (entry.schedule) details.push(`schedule ${specText(entry.schedule)}`);
    return { label: entry.label ?? specText(entry.optimizer), details, trace };
  });
  return {
    surface,
    window,
    start: config.start,
    steps: config.steps,
    runs,
    title: config.title ?? surfaceTitle(surface),
    subtitle: `${config.steps} steps from ${formatPoint(config.start)}${config.batchSize ? ` · batches of ${config.batchSize}` : ''}${config.schedule ? ` · schedule ${specText(config.schedule)}` : ''}`,
  };
}

function checkInside([x, y]: Point, window: Window): void {
  if (x >= window.x[0] && x <= window.x[1] && y >= window.y[0] && y <= window.y[1]) return;
  throw new InputError(
    `start (${x}, ${y}) is outside the plotting window x in [${window.x.join(', ')}], y in [${window.y.join(', ')}]; choose another start or widen it with --window x0,x1,y0,y1`,
  );
}

/**
 * "Rosenbrock a=1, b=100" for a named surface; "L(x, y) = x^2 + 10*y^2" for a formula, as typed (a formula
 * may be a bare word, `x`, which is not a name to capitalise).
 */
export function surfaceTitle(surface: Pick<Surface, 'name' | 'params'>): string {
  if (!surfaceNames.includes(surface.name)) return `L(x, y) = ${surface.name}`;
  const params = Object.entries(surface.params).map(([k, v]) => `${k}=${formatValue(v)}`);
  const name = surface.name[0].toUpperCase() + surface.name.slice(1);
  return params.length === 0 ? name : `${name} ${params.join(', ')}`;
}

/** {name: "sgd", lr: 0.001, momentum: 0.9} → "sgd lr=0.001 momentum=0.9"; option names as PyTorch's are camelCased. */
export function specText(spec: Spec): string {
  const { name, ...options } = spec;
  const parts = Object.entries(camelCaseKeys(name, options)).map(([key, value]) => `${key}=${valueText(value)}`);
  return [name, ...parts].join(' ');
}

function valueText(value: unknown): string {
  if (typeof value === 'number') return formatValue(value);
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (isObject(value)) return typeof value.name === 'string' ? `(${specText(value as Spec)})` : JSON.stringify(value);
  return String(value);
}
