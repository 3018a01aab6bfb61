/**
 * Adadelta (PyTorch `torch.optim.Adadelta`, `_single_tensor_adadelta`; Zeiler, "ADADELTA: An
 * Adaptive Learning Rate Method", 2012).
 *
 *   g ← ∇L(θ) (negated when maximize), g ← g + λθ                (weightDecay λ)
 *   s ← ρ·s + (1 − ρ)·g²
 *   Δ ← √(u + ε) / √(s + ε) · g                                  (u: running average of squared steps)
 *   u ← ρ·u + (1 − ρ)·Δ²
 *   θ ← θ − η·Δ                                                  (η = 1 in the paper)
 */
import { number } from '../config/settings.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { eps, lr, maximize, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';

interface AdadeltaState {
  step: number;
  squareAvg: FloatBuffer;
  accDelta: FloatBuffer;
}

/** Its options, with PyTorch's defaults. */
const OPTIONS = optionTable({
  lr: lr(1.0),
  rho: number({ default: 0.9, min: 0, max: 1, help: 'ρ, the decay rate of the averages' }),
  eps: eps(1e-6),
  weightDecay: weightDecay(),
  maximize: maximize(),
});

export type AdadeltaOptions = OptionValues<typeof OPTIONS>;

export const adadelta = elementwise<AdadeltaOptions, AdadeltaState>({
  name: 'adadelta',
  ...OPTIONS,
  init: (param) => ({ step: 0, squareAvg: zerosLike(param.data), accDelta: zerosLike(param.data) }),
  update({ data, grad }, state, o) {
    const { rho, eps, weightDecay: wd } = o;
    const sign = o.maximize ? -1 : 1;
    const oneMinusRho = 1 - rho;
    const negLr = -o.lr;
    state.step++;
    const s = state.squareAvg;
    const u = state.accDelta;
    for (let i = 0; i < data.length; i++) {
      let g = sign * grad[i];
      if (wd !== 0) g += wd * data[i];
      s[i] = s[i] * rho + oneMinusRho * g * g;
      const delta = (Math.sqrt(u[i] + eps) / Math.sqrt(s[i] + eps)) * g;
      u[i] = u[i] * rho + oneMinusRho * delta * delta;
      data[i] = data[i] + negLr * delta;
    }
  },
});
