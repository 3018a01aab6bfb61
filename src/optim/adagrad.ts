/**
 * Adagrad (PyTorch `torch.optim.Adagrad`, `_single_tensor_adagrad`, dense gradients; Duchi, Hazan &
 * Singer, "Adaptive Subgradient Methods for Online Learning and Stochastic Optimization", JMLR 2011).
 *
 *   g ← ∇L(θ) (negated when maximize), g ← g + λθ                (weightDecay λ)
 *   η_t ← η / (1 + (t − 1)·lrDecay)                               (t counts steps from 1)
 *   G ← G + g²                                                   (G starts at initialAccumulatorValue)
 *   θ ← θ − η_t · g / (√G + ε)
 *
 * `epsInsideSqrt` selects θ ← θ − η_t · g / √(G + ε) instead.
 */
import { boolean, number } from '../config/settings.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { eps, lr, maximize, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';

interface AdagradState {
  step: number;
  /** G: the running sum of squared gradients. */
  sum: FloatBuffer;
}

/** Its options, with PyTorch's defaults. */
const OPTIONS = optionTable({
  lr: lr(1e-2),
  lrDecay: number({ default: 0, min: 0, help: 'the step size decays as η / (1 + (t − 1)·lrDecay)' }),
  weightDecay: weightDecay(),
  initialAccumulatorValue: number({ default: 0, min: 0, help: 'the starting value of the sum of squared gradients' }),
  eps: eps(1e-10),
  maximize: maximize(),
  epsInsideSqrt: boolean({ default: false, help: 'η / √(G + ε) instead of η / (√G + ε)' }),
});

export type AdagradOptions = OptionValues<typeof OPTIONS>;

export const adagrad = elementwise<AdagradOptions, AdagradState>({
  name: 'adagrad',
  ...OPTIONS,
  init: (param, o) => ({ step: 0, sum: zerosLike(param.data).fill(o.initialAccumulatorValue) }),
  update({ data, grad }, state, o) {
    const { weightDecay: wd, eps, epsInsideSqrt } = o;
    const sign = o.maximize ? -1 : 1;
    const step = ++state.step;
    const negClr = -(o.lr / (1 + (step - 1) * o.lrDecay));
    const sum = state.sum;
    for (let i = 0; i < data.length; i++) {
      let g = sign * grad[i];
      if (wd !== 0) g += wd * data[i];
      sum[i] = sum[i] + g * g;
      const std = epsInsideSqrt ? Math.sqrt(sum[i] + eps) : Math.sqrt(sum[i]) + eps;
      data[i] = data[i] + (negClr * g) / std;
    }
  },
});
