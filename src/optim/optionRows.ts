/**
 * The option rows most optimizers share (lr, eps, betas, weightDecay, maximize), made once so that their
 * ranges and help read the same everywhere; an optimizer's table of options (src/config/options.ts) uses them:
 *
 *   export const rmsprop = elementwise({ name: 'rmsprop', options: optionTable({ lr: lr(1e-2), … }), init, update });
 */
import { boolean, number, point } from '../config/settings.js';
import { InputError } from '../errors.js';

/** The learning rate η: PyTorch accepts any lr >= 0. `help` says what it scales where that is not plain. */
export const lr = (fallback?: number, help = 'the learning rate η') =>
  number({
    ...(fallback === undefined ? { required: true } : { default: fallback }),
    min: 0,
    scale: 'log',
    help,
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
