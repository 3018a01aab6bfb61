/**
 * RAdam, rectified Adam (PyTorch `torch.optim.RAdam`, `_single_tensor_radam`; Liu et al., "On the
 * Variance of the Adaptive Learning Rate and Beyond", ICLR 2020).
 *
 *   g ← ∇L(θ) + λθ                                               (weightDecay λ)
 *   m ← β1·m + (1 − β1)·g (as lerp, rounded as PyTorch 2.x),   v ← β2·v + (1 − β2)·g²,   m̂ ← m / (1 − β1ᵗ)
 *   ρ_∞ ← 2/(1 − β2) − 1,   ρ_t ← ρ_∞ − 2t·β2ᵗ / (1 − β2ᵗ)
 *   ρ_t > 5:  r ← √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t)),
 *             θ ← θ − η·m̂ · √(1 − β2ᵗ)/(√v + ε) · r
 *   else:     θ ← θ − η·m̂                                       (too few steps to trust v: momentum SGD)
 *
 * `decoupledWeightDecay` (PyTorch 2.x's `decoupled_weight_decay`, torch/optim/radam.py) shrinks
 * θ ← θ·(1 − ηλ) before the step instead of adding λθ to g.
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { betas, decoupledWeightDecay, eps, lr, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';
import { lerp } from './pytorchArithmetic.js';

interface RadamState {
  step: number;
  expAvg: FloatBuffer;
  expAvgSq: FloatBuffer;
}

/** The variance rectification r, or undefined while ρ_t <= 5 and the adaptive step is not used. */
function rectification(beta2: number, step: number, biasCorrection2: number): number | undefined {
  const rhoInf = 2 / (1 - beta2) - 1;
  const rhoT = rhoInf - (2 * step * Math.pow(beta2, step)) / biasCorrection2;
  if (!(rhoT > 5)) return undefined;
  return Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
}

/** Its options, with PyTorch's defaults. */
const OPTIONS = optionTable({
  lr: lr(1e-3),
  betas: betas([0.9, 0.999]),
  eps: eps(1e-8),
  weightDecay: weightDecay(),
  decoupledWeightDecay: decoupledWeightDecay(),
});

export type RadamOptions = OptionValues<typeof OPTIONS>;

export const radam = elementwise<RadamOptions, RadamState>({
  name: 'radam',
  ...OPTIONS,
  init: (param) => ({ step: 0, expAvg: zerosLike(param.data), expAvgSq: zerosLike(param.data) }),
  update({ data, grad }, state, o) {
    const [beta1, beta2] = o.betas;
    const { lr, eps } = o;
    const wd = o.decoupledWeightDecay ? 0 : o.weightDecay;
    const shrink = o.decoupledWeightDecay ? 1 - lr * o.weightDecay : 1;
    const step = ++state.step;
    const biasCorrection1 = 1 - Math.pow(beta1, step);
    const biasCorrection2 = 1 - Math.pow(beta2, step);
    const rect = rectification(beta2, step, biasCorrection2);
    const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const m = state.expAvg;
    const v = state.expAvgSq;
    for (let i = 0; i < data.length; i++) {
      let g = grad[i];
      if (wd !== 0) g += wd * data[i];
      const p = data[i] * shrink;
      m[i] = lerp(m[i], g, oneMinusBeta1);
      v[i] = v[i] * beta2 + oneMinusBeta2 * g * g;
      const mHat = m[i] / biasCorrection1;
      if (rect === undefined) {
        data[i] = p - mHat * lr;
      } else {
        // PyTorch forms √(1 − β2ᵗ)/(√v + ε) as a reciprocal times the scalar (Tensor.__rtruediv__).
        const adaptiveLr = (1 / (Math.sqrt(v[i]) + eps)) * biasCorrection2Sqrt;
        data[i] = p - mHat * lr * adaptiveLr * rect;
      }
    }
  },
});
