/**
 * The race page's state: one object, declared as a table (src/state/url.ts) so that it round-trips
 * through the URL. A racer is a one-line optimizer spec as the CLI writes it (`adam:lr=0.05`).
 */
import { parseSpec, type Spec } from '../../../src/config/spec';
import { MAX_OPTIMIZERS } from '../../../src/plot/raceConfig';
import type { Point, Window } from '../../../src/problems/surface';
import type { StateOf } from '../state/url';

export const SCHEDULES = ['none', 'step', 'exponential', 'cosine', 'warmupCosine', 'onecycle'] as const;

export const RACE_TABLE = {
  fn: { kind: 'string', default: 'rosenbrock' },
  /** The start; NaN-free, checked against the surface's window when the surface is built. */
  x: { kind: 'number', default: -1.5, min: -1e6, max: 1e6 },
  y: { kind: 'number', default: 2, min: -1e6, max: 1e6 },
  steps: { kind: 'integer', default: 1000, min: 1, max: 5000 },
  r: { kind: 'list', default: ['sgd:lr=0.001', 'sgd:lr=0.001,momentum=0.9', 'adam:lr=0.05'], max: MAX_OPTIMIZERS },
  schedule: { kind: 'choice', default: 'none', choices: SCHEDULES },
  speed: { kind: 'integer', default: 4, min: 1, max: 100 },
} as const;

export type RaceState = StateOf<typeof RACE_TABLE>;

/** A point a quarter of the way in from the window's top-left corner: where a race starts by default. */
export function defaultStart(window: Window): Point {
  const [x0, x1] = window.x;
  const [y0, y1] = window.y;
  return [x0 + 0.125 * (x1 - x0), y0 + 0.75 * (y1 - y0)];
}

export function racerSpec(text: string): Spec {
  return parseSpec('optimizer', text);
}

/** `name:key=value,…` with only the options that differ from the optimizer's defaults. */
export function racerText(spec: Spec, defaults: Readonly<Record<string, unknown>>): string {
  const { name, ...options } = spec;
  const changed = Object.entries(options).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(defaults[key]));
  const pairs = changed.map(([key, value]) => `${key}=${Array.isArray(value) ? `[${value.join(',')}]` : String(value)}`);
  return pairs.length === 0 ? name : `${name}:${pairs.join(',')}`;
}

/**
 * The schedule preset as a spec for a run of `steps` steps (null: constant learning rate). Warm-up is
 * linear from 10 % of the rate over the first tenth of the steps, then cosine annealing (SequentialLR).
 */
export function scheduleSpec(preset: string, steps: number): Spec | undefined {
  const warm = Math.max(1, Math.round(steps / 10));
  switch (preset) {
    case 'step':
      return { name: 'step', stepSize: Math.max(1, Math.round(steps / 4)), gamma: 0.5 };
    case 'exponential':
      return { name: 'exponential', gamma: Number((0.01 ** (1 / steps)).toPrecision(6)) };
    case 'cosine':
      return { name: 'cosine', tMax: steps };
    case 'warmupCosine':
      return {
        name: 'sequential',
        schedules: [
          { name: 'linear', startFactor: 0.1, endFactor: 1, totalIters: warm },
          { name: 'cosine', tMax: Math.max(1, steps - warm) },
        ],
        milestones: [warm],
      };
    case 'onecycle':
      return { name: 'onecycle', maxLr: 0, totalSteps: steps };
    default:
      return undefined;
  }
}
