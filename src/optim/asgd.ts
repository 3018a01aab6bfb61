/**
 * Averaged stochastic gradient descent (PyTorch `torch.optim.ASGD`, `_single_tensor_asgd`; Polyak &
 * Juditsky, "Acceleration of Stochastic Approximation by Averaging", 1992): SGD with a decaying step and a
 * running average of the iterates, which is what the method returns.
 *
 *   g ← ∇L(θ) (negated when maximize), g ← g + λ_wd·θ          (t counts steps from 1)
 *   θ ← θ·(1 − λ·η) − η·g                                      (η starts at lr)
 *   θ̄ ← θ̄ + μ·(θ − θ̄)   (θ̄ ← θ while μ = 1)                     (the average, state `ax`)
 *   η ← lr / (1 + λ·lr·t)^α,   μ ← 1 / max(1, t − t0)
 *
 * so averaging starts after t0 steps (a million by default). The next η uses the group's lr at this step,
 * as PyTorch's does.
 */
import { number } from '../config/settings.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { lr, maximize, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';

export interface AsgdState {
  step: number;
  eta: number;
  mu: number;
  /** The averaged parameters θ̄. */
  ax: FloatBuffer;
}

/**
 * Its options, with PyTorch's defaults. PyTorch 1.13 checks only lr and weightDecay; lambd, alpha and t0
 * take any number there and here alike.
 */
const OPTIONS = optionTable({
  lr: lr(1e-2),
  lambd: number({ default: 1e-4, help: 'λ, the decay term' }),
  alpha: number({ default: 0.75, help: "α, the power of η's decay" }),
  t0: number({ default: 1e6, help: 'the step after which the average starts to move' }),
  weightDecay: weightDecay(),
  maximize: maximize(),
});

export type AsgdOptions = OptionValues<typeof OPTIONS>;

export const asgd = elementwise<AsgdOptions, AsgdState>({
  name: 'asgd',
  ...OPTIONS,
  init: (param, o) => ({ step: 0, eta: o.lr, mu: 1, ax: zerosLike(param.data) }),
  update({ data, grad }, state, o) {
    const sign = o.maximize ? -1 : 1;
    const { weightDecay: wd } = o;
    const step = ++state.step;
    const { eta, mu, ax } = state;
    const decay = 1 - o.lambd * eta;
    for (let i = 0; i < data.length; i++) {
      let g = sign * grad[i];
      if (wd !== 0) g += wd * data[i];
      data[i] = data[i] * decay + -eta * g;
      ax[i] = mu !== 1 ? ax[i] + (data[i] - ax[i]) * mu : data[i];
    }
    state.eta = o.lr / Math.pow(1 + o.lambd * o.lr * step, o.alpha);
    state.mu = 1 / Math.max(1, step - o.t0);
  },
});
