/**
 * Optimizer options as settings rows (src/config/settings.ts): each option of an optimizer declared once —
 * default, valid range, help, how a slider or a search space spreads it — and from that row come the
 * defaults the optimizer fills in, its range checks with PyTorch's messages ("adam: eps must be > 0
 * (got 0)"), `downhill list`, the lab's controls and a search space's bounds.
 *
 *   export const rmsprop = elementwise({ name: 'rmsprop', ...optionTable({ lr: lr(1e-2), … }), init, update });
 *
 * The rows most optimizers share (lr, eps, betas, weightDecay, maximize) are made here, so their ranges and
 * help read the same everywhere.
 */
import { boolean, number, point, type Setting } from '../config/settings.js';
import { InputError } from '../errors.js';

export type OptionRows = Readonly<Record<string, Setting>>;

export interface OptionTable<O> {
  /** Every option and its default; NaN where an option has none (it must be given: SGD's lr). */
  readonly defaults: O;
  /** The range checks of every row, then `crossCheck` (conditions between options). */
  validate(options: O, owner: string): void;
  readonly rows: OptionRows;
}

/** The defaults and checks of an optimizer's options, from its rows. */
export function optionTable<O>(rows: OptionRows, crossCheck?: (options: O, owner: string) => void): OptionTable<O> {
  const defaults = Object.fromEntries(
    Object.entries(rows).map(([key, row]) => [key, 'default' in row ? row.default : Number.NaN]),
  ) as O;
  return {
    defaults,
    rows,
    validate(options, owner) {
      for (const [key, row] of Object.entries(rows)) {
        const value = (options as Record<string, unknown>)[key];
        if (row.required && typeof value === 'number' && Number.isNaN(value)) {
          throw new InputError(`${owner}: ${key} is required (${row.help}): a number ${row.range}`);
        }
        row.parse(value, `${owner}: ${key}`);
      }
      crossCheck?.(options, owner);
    },
  };
}

/** The learning rate η: PyTorch accepts any lr >= 0. */
export const lr = (fallback?: number) =>
  number({
    ...(fallback === undefined ? { required: true } : { default: fallback }),
    min: 0,
    scale: 'log',
    help: 'the learning rate η',
  });

/** ε, added for numerical stability: > 0 (PyTorch 1.13 accepts 0 and divides by zero on a zero gradient). */
export const eps = (fallback: number) =>
  number({ default: fallback, min: 0, minOpen: true, scale: 'log', help: 'ε, for numerical stability' });

/** L2 weight decay λ (added to the gradient as λθ, or decoupled where an optimizer says so). */
export const weightDecay = (fallback = 0) => number({ default: fallback, min: 0, help: 'weight decay λ' });

/** PyTorch 2.x's decoupled_weight_decay (Adam, NAdam, RAdam): θ ← θ·(1 − ηλ) before the step, as AdamW. */
export const decoupledWeightDecay = () =>
  boolean({ default: false, help: 'decay θ ← θ·(1 − ηλ) before the step (AdamW-style) instead of adding λθ to g' });

export const maximize = () => boolean({ default: false, help: 'maximise the objective instead of minimising it' });

/** A decay rate in [0, 1), such as a β or a momentum. */
export const decayRate = (fallback: number, help: string) =>
  number({ default: fallback, min: 0, max: 1, maxOpen: true, help });

/** [β1, β2], the decay rates of the Adam family's first and second moment averages, each in [0, 1). */
export const betas = (fallback: [number, number]) =>
  point({
    length: 2,
    default: fallback,
    describe: 'two numbers [β1, β2]',
    help: 'decay rates of the first and second moment averages',
    check: (pair, where) => {
      pair.forEach((beta, i) => {
        if (!(beta >= 0 && beta < 1)) throw new InputError(`${where}[${i}] must be in [0, 1) (got ${beta})`);
      });
    },
  });
