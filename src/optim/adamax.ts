/**
 * Adamax, Adam with the infinity norm (PyTorch `torch.optim.Adamax`, `_single_tensor_adamax`; Kingma &
 * Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.1).
 *
 *   g ← ∇L(θ) (negated when maximize), g ← g + λθ                (weightDecay λ)
 *   m ← β1·m + (1 − β1)·g   (computed as lerp(m, g, 1 − β1), rounded as PyTorch 2.x)
 *   u ← max(β2·u, |g| + ε)                                       (ε inside the max, as PyTorch has it)
 *   θ ← θ − (η / (1 − β1ᵗ)) · m / u                              (t counts steps from 1)
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { betas, eps, lr, maximize, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';
import { lerp } from './pytorchArithmetic.js';

interface AdamaxState {
  step: number;
  expAvg: FloatBuffer;
  expInf: FloatBuffer;
}

/** Its options, with PyTorch's defaults. */
const OPTIONS = optionTable({
  lr: lr(2e-3),
  betas: betas([0.9, 0.999]),
  eps: eps(1e-8),
  weightDecay: weightDecay(),
  maximize: maximize(),
});

export type AdamaxOptions = OptionValues<typeof OPTIONS>;

export const adamax = elementwise<AdamaxOptions, AdamaxState>({
  name: 'adamax',
  ...OPTIONS,
  init: (param) => ({ step: 0, expAvg: zerosLike(param.data), expInf: zerosLike(param.data) }),
  update({ data, grad }, state, o) {
    const [beta1, beta2] = o.betas;
    const { eps, weightDecay: wd } = o;
    const sign = o.maximize ? -1 : 1;
    const oneMinusBeta1 = 1 - beta1;
    const step = ++state.step;
    const negClr = -(o.lr / (1 - Math.pow(beta1, step)));
    const m = state.expAvg;
    const u = state.expInf;
    for (let i = 0; i < data.length; i++) {
      let g = sign * grad[i];
      if (wd !== 0) g += wd * data[i];
      m[i] = lerp(m[i], g, oneMinusBeta1);
      u[i] = Math.max(u[i] * beta2, Math.abs(g) + eps);
      data[i] = data[i] + (negClr * m[i]) / u[i];
    }
  },
});
