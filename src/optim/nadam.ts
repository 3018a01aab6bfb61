/**
 * NAdam, Adam with Nesterov momentum (PyTorch 1.13 `torch.optim.NAdam`, `_single_tensor_nadam`; Dozat,
 * "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop).
 *
 *   g ← ∇L(θ) + λθ                                               (weightDecay λ)
 *   μ_t ← β1·(1 − ½·0.96^(t·ψ)),  μ_{t+1} ← β1·(1 − ½·0.96^((t+1)·ψ))   (momentumDecay ψ, t from 1)
 *   Π_t ← Π_{t−1}·μ_t  (Π_0 = 1)
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   d ← √(v / (1 − β2ᵗ)) + ε
 *   θ ← θ − η(1 − μ_t)/(1 − Π_t) · g/d − η·μ_{t+1}/(1 − Π_t·μ_{t+1}) · m/d
 *
 * PyTorch 1.13 keeps Π (`mu_product`) in a scalar tensor of the default dtype; downhill keeps it in float64,
 * as PyTorch does under `torch.set_default_dtype(torch.float64)`. (Under PyTorch's float32 default the
 * rounding of Π moves float64 trajectories by about 1e-9 relative.)
 */
import { number } from '../config/settings.js';
import { optionTable } from '../config/options.js';
import { betas, eps, lr, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';

export interface NadamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  /** ψ: how fast the momentum schedule μ_t approaches β1. */
  momentumDecay: number;
}

interface NadamState {
  step: number;
  /** Π_t, the product of μ_1 … μ_t. */
  muProduct: number;
  expAvg: FloatBuffer;
  expAvgSq: FloatBuffer;
}

/** μ_t = β1·(1 − ½·0.96^(t·ψ)), Dozat's warming momentum schedule. */
function momentumAt(beta1: number, step: number, momentumDecay: number): number {
  return beta1 * (1 - 0.5 * Math.pow(0.96, step * momentumDecay));
}

export const nadam = elementwise<NadamOptions, NadamState>({
  name: 'nadam',
  ...optionTable<NadamOptions>({
    lr: lr(2e-3),
    betas: betas([0.9, 0.999]),
    eps: eps(1e-8),
    weightDecay: weightDecay(),
    momentumDecay: number({ default: 4e-3, min: 0, help: "ψ, the speed of Dozat's momentum warm-up" }),
  }),
  init: (param) => ({ step: 0, muProduct: 1, expAvg: zerosLike(param.data), expAvgSq: zerosLike(param.data) }),
  update({ data, grad }, state, o) {
    const [beta1, beta2] = o.betas;
    const { lr, eps, weightDecay: wd } = o;
    const step = ++state.step;
    const biasCorrection2 = 1 - Math.pow(beta2, step);
    const mu = momentumAt(beta1, step, o.momentumDecay);
    const muNext = momentumAt(beta1, step + 1, o.momentumDecay);
    const muProduct = (state.muProduct *= mu);
    const muProductNext = muProduct * mu * muNext;
    const gradCoef = (-lr * (1 - mu)) / (1 - muProduct);
    const avgCoef = (-lr * muNext) / (1 - muProductNext);
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const m = state.expAvg;
    const v = state.expAvgSq;
    for (let i = 0; i < data.length; i++) {
      let g = grad[i];
      if (wd !== 0) g += wd * data[i];
      m[i] = m[i] * beta1 + oneMinusBeta1 * g;
      v[i] = v[i] * beta2 + oneMinusBeta2 * g * g;
      const denom = Math.sqrt(v[i] / biasCorrection2) + eps;
      data[i] = data[i] + (gradCoef * g) / denom + (avgCoef * m[i]) / denom;
    }
  },
});
