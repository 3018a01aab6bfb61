/**
 * The controls of one optimizer's options, from the defaults its registry entry declares (so every
 * optimizer in src/optim/registry.ts gets controls, and new ones get them for free). Ranges and scales
 * by option name: learning rates and ε on log sliders, momenta and β in [0, 1).
 */
import type { Spec } from '../../../src/config/spec';
import { optimizers } from '../../../src/optim/registry';
import { ChoiceControl, NumberControl, ToggleControl } from '../components/controls';

interface Range {
  min: number;
  max: number;
  log?: boolean;
  integer?: boolean;
}

const RANGES: Record<string, Range> = {
  lr: { min: 1e-5, max: 10, log: true },
  eps: { min: 1e-12, max: 1, log: true },
  momentum: { min: 0, max: 0.999 },
  dampening: { min: 0, max: 1 },
  alpha: { min: 0, max: 0.999 },
  rho: { min: 0, max: 0.999 },
  beta: { min: 0, max: 0.9999 },
  weightDecay: { min: 0, max: 1 },
  lrDecay: { min: 0, max: 1 },
  momentumDecay: { min: 0, max: 0.1 },
  initialAccumulatorValue: { min: 0, max: 1 },
  damping: { min: 0, max: 10 },
  c: { min: 1e-6, max: 0.5, log: true },
  shrink: { min: 0.05, max: 0.95 },
  tolerance: { min: 1e-12, max: 1, log: true },
  toleranceGrad: { min: 1e-12, max: 1, log: true },
  toleranceChange: { min: 1e-12, max: 1, log: true },
  maxIter: { min: 1, max: 100, integer: true },
  maxEval: { min: 1, max: 200, integer: true },
  historySize: { min: 1, max: 200, integer: true },
  maxSearchIter: { min: 1, max: 200, integer: true },
  maxDoublings: { min: 0, max: 50, integer: true },
};

/** Options a learner does not race with. */
const SKIPPED = new Set(['maximize', 'foreach', 'capturable', 'differentiable']);
/** How a menu shows an option that may be null (lbfgs's lineSearchFn: the fixed step). */
const NONE = 'none';

/**
 * The optimizer's default options, as its registry entry declares them; a required one (NaN: SGD's lr, as in
 * PyTorch) starts its slider at 0.01.
 */
export function optimizerDefaults(name: string): Readonly<Record<string, unknown>> {
  const defaults = optimizers.get(name).defaults as Record<string, unknown>;
  return Object.fromEntries(Object.entries(defaults).map(([key, value]) => [key, Number.isNaN(value) ? 0.01 : value]));
}

export function OptionControls({ spec, index, onChange }: { spec: Spec; index: number; onChange(spec: Spec): void }) {
  const defaults = optimizerDefaults(spec.name);
  const rows = optimizers.get(spec.name).rows;
  const set = (key: string, value: unknown) => onChange({ ...spec, [key]: value });
  return (
    <>
      {Object.entries(defaults).map(([key, fallback]) => {
        if (SKIPPED.has(key)) return null;
        const value = spec[key] ?? fallback;
        const id = `${key}-${index}`;
        if (typeof fallback === 'boolean')
          return (
            <ToggleControl key={key} name={id} label={key} value={value as boolean} onChange={(v) => set(key, v)} />
          );
        const choices = rows[key]?.control === 'choice' ? rows[key].values : undefined;
        if (choices !== undefined) {
          // The choices are the row's; an option that may be null (its default) offers 'none' for it.
          const nullable = fallback === null;
          return (
            <ChoiceControl
              key={key}
              name={id}
              label={key}
              value={value === null ? NONE : String(value)}
              choices={nullable ? [NONE, ...choices] : choices}
              onChange={(v) => set(key, nullable && v === NONE ? null : v)}
            />
          );
        }
        if (Array.isArray(fallback)) {
          const pair = value as number[];
          return pair.map((v, k) => (
            <NumberControl
              key={`${key}${k}`}
              name={`${key}${k + 1}-${index}`}
              label={`β${k + 1}`}
              value={v}
              {...RANGES.beta}
              onChange={(nv) =>
                set(
                  key,
                  pair.map((old, j) => (j === k ? nv : old)),
                )
              }
            />
          ));
        }
        if (typeof fallback !== 'number') return null;
        const range = RANGES[key] ?? { min: 0, max: Math.max(1, fallback * 10) };
        return (
          <NumberControl
            key={key}
            name={id}
            label={key}
            value={value as number}
            {...range}
            onChange={(v) => set(key, v)}
          />
        );
      })}
    </>
  );
}
