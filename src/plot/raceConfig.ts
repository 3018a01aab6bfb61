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
import { formatSpec, integer, list, point, settingsTable, text } from '../config/settings.js';
import { parseSpec, type Spec } from '../config/spec.js';
import { InputError } from '../errors.js';
import { show } from '../config/validate.js';
import { createSurface, surfaceNames } from '../problems/registry.js';
import type { Point, Surface, Window } from '../problems/surface.js';
import { optimizerSpecRow } from '../optim/registry.js';
import { scheduleSpecRow } from '../schedules/registry.js';
import { batchRows, parseTraceConfig, surfaceRows } from '../trace/config.js';
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
  svrg?: number;
}

export const MAX_RACE_STEPS = 20_000;
export const MAX_OPTIMIZERS = PATH_COLORS.length;

export const raceSettings = settingsTable('race', {
  ...surfaceRows,
  steps: integer({ default: 100, min: 1, max: MAX_RACE_STEPS, help: 'the number of steps' }),
  optimizers: list({
    required: true,
    flag: 'optimizer',
    placeholder: 'spec',
    min: 1,
    max: MAX_OPTIMIZERS,
    describe: 'an optimizer spec, optionally label=spec',
    help: 'an optimizer; label=spec names it in the legend, e.g. fast=adam:lr=0.05',
    item: toOptimizer,
    formatItem: (entry: RaceOptimizer) =>
      (entry.label === undefined ? '' : `${entry.label}=`) + formatSpec(entry.optimizer),
  }),
  schedule: scheduleSpecRow({
    help: 'a learning-rate schedule for every optimizer without its own, e.g. cosine:tMax=300',
  }),
  window: point({
    length: 4,
    placeholder: 'x0,x1,y0,y1',
    describe: 'four finite numbers x0,x1,y0,y1 with x0 < x1 and y0 < y1',
    help: "the plotting window (default: the function's own)",
    check: (w, where) => {
      if (!(w[0] < w[1] && w[2] < w[3]))
        throw new InputError(`${where} must have x0 < x1 and y0 < y1 (got ${w.join(',')})`);
    },
  }),
  title: text({ help: 'the figure title (default: the function and its parameters)' }),
  out: text({ placeholder: 'file', help: 'the output: .svg, .png (still), .gif or .mp4 (animated)' }),
  ...batchRows,
});

export function parseRaceConfig(raw: unknown): RaceConfig {
  const { window, start, schedule, ...rest } = raceSettings.parse(raw);
  return {
    ...rest,
    start: [start[0], start[1]],
    ...(schedule === undefined ? {} : { schedule }),
    ...(window === undefined ? {} : { window: { x: [window[0], window[1]], y: [window[2], window[3]] } }),
  };
}

/** `adam:lr=0.05` or, with a legend label, `fast=adam:lr=0.05`: a '=' before the first ':' ends the label. */
export function parseRaceOptimizer(text: string): RaceOptimizer {
  const colon = text.indexOf(':');
  const head = colon < 0 ? text : text.slice(0, colon);
  const eq = head.indexOf('=');
  if (eq < 0) return { optimizer: parseSpec('optimizer', text) };
  const label = text.slice(0, eq).trim();
  if (label === '')
    throw new InputError(`optimizer '${text}': the label before '=' is empty; write label=name:key=value,…`);
  return { label, optimizer: parseSpec('optimizer', text.slice(eq + 1)) };
}

const optimizerRow = optimizerSpecRow({ required: true, help: '' });
const scheduleRow = scheduleSpecRow({ help: '' });

/**
 * A spec string with an optional label, or an object with `label` and `schedule` beside its options (or
 * the parsed form, `{label, optimizer, schedule}`, so that parsing a parsed race changes nothing).
 */
function toOptimizer(value: unknown, where: string): RaceOptimizer {
  if (typeof value === 'string') {
    const entry = parseRaceOptimizer(value);
    return { ...entry, optimizer: optimizerRow.parse(entry.optimizer, where) };
  }
  if (!isObject(value)) return { optimizer: optimizerRow.parse(value, where) };
  const parsed = value.name === undefined && isObject(value.optimizer);
  const { label, schedule, ...options } = value;
  const optimizer = parsed ? options.optimizer : options;
  if (label !== undefined && (typeof label !== 'string' || label.trim() === '')) {
    throw new InputError(`${where}.label must be a non-empty string (got ${show(label)})`);
  }
  return {
    ...(label === undefined ? {} : { label }),
    optimizer: optimizerRow.parse(optimizer, where),
    ...(schedule === undefined || schedule === null
      ? {}
      : { schedule: scheduleRow.parse(schedule, `${where}.schedule`) }),
  };
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
    const { batchSize, seed, svrg } = config;
    const trace = runTrace(
      parseTraceConfig({
        fn: config.fn,
        start: config.start,
        steps: config.steps,
        optimizer: entry.optimizer,
        schedule,
        batchSize,
        seed,
        svrg,
      }),
    );
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
