/**
 * The race page's state: one object, declared as a table (src/state/url.ts) so that it round-trips
 * through the URL. A racer is a one-line optimizer spec as the CLI writes it (`adam:lr=0.05`).
 */
import { parseSpec, type Spec } from '../../../src/config/spec';
import { MAX_OPTIMIZERS, raceSettings as cliRace } from '../../../src/plot/raceConfig';
import type { Point, Window } from '../../../src/problems/surface';
import { boolean, choice, integer, number, settingsTable, text } from '../../../src/config/settings';
import { InputError } from '../../../src/errors';
import { optimizers } from '../../../src/optim/registry';
import type { StateOf } from '../state/url';
import { GLYPH_NAMES, type GlyphName } from '../../../src/plot/glyphs';

export const SCHEDULES = ['none', 'step', 'exponential', 'cosine', 'warmupCosine', 'onecycle'] as const;

/** The racers: optimizer specs separated by ';' (a spec has ',' and ':' of its own). */
export const RACER_SEPARATOR = ';';

/** The race's settings; `steps` is `downhill race`'s own row, with the lab's default. */
export const raceSettings = settingsTable('race', {
  fn: text({ default: 'rosenbrock', help: 'a named surface (rosenbrock, rosenbrock:b=10, …) or a formula in x and y' }),
  x: number({ default: -1.5, help: 'the start: x' }),
  y: number({ default: 2, help: 'the start: y' }),
  steps: { ...cliRace.rows.steps, default: 1000 },
  r: text({
    default: 'sgd:lr=0.001;sgd:lr=0.001,momentum=0.9;adam:lr=0.05',
    help: `the racers: up to ${MAX_OPTIMIZERS} optimizer specs separated by ';'`,
    check: (value, where) => {
      const count = racers(value).length;
      if (count > MAX_OPTIMIZERS)
        throw new InputError(`${where} must be at most ${MAX_OPTIMIZERS} optimizers (got ${count})`);
      racers(value).forEach((spec) => optimizers.canonical(spec.name));
    },
  }),
  schedule: choice(SCHEDULES, { default: 'none', help: 'a learning-rate schedule over the steps' }),
  speed: integer({ default: 4, min: 1, max: 100, help: 'steps shown per frame while playing' }),
  showGradient: boolean({ default: false, help: "draw −∇L at each racer's point" }),
  showMomentum: boolean({ default: false, help: 'draw the momentum each racer carries (−m), where it has one' }),
  showScale: boolean({ default: false, help: "draw an adaptive racer's per-axis step α/(√v̂ + ε) as an ellipse" }),
});

/** The glyphs the state asks the map to draw. */
export function shownGlyphs(state: RaceState): GlyphName[] {
  const shown = { gradient: state.showGradient, momentum: state.showMomentum, scale: state.showScale };
  return GLYPH_NAMES.filter((g) => shown[g]);
}

export function racers(text: string): Spec[] {
  return text
    .split(RACER_SEPARATOR)
    .filter((part) => part.trim() !== '')
    .map((part) => parseSpec('optimizer', part));
}

export type RaceState = StateOf<typeof raceSettings>;

/** A point a quarter of the way in from the window's top-left corner: where a race starts by default. */
export function defaultStart(window: Window): Point {
  const [x0, x1] = window.x;
  const [y0, y1] = window.y;
  return [x0 + 0.125 * (x1 - x0), y0 + 0.75 * (y1 - y0)];
}

/** The spec with its lr (SGD has no default one) and the options that differ from the optimizer's defaults (short links). */
export function trimSpec(spec: Spec, defaults: Readonly<Record<string, unknown>>): Spec {
  const changed = Object.entries(spec).filter(
    ([key, value]) => key === 'name' || key === 'lr' || JSON.stringify(value) !== JSON.stringify(defaults[key]),
  );
  return Object.fromEntries(changed) as Spec;
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
