/**
 * NAdam, Adam with Nesterov momentum (PyTorch 2.x `torch.optim.NAdam`, `_single_tensor_nadam`; Dozat,
 * "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop).
 *
 *   g ← ∇L(θ) + λθ                                               (weightDecay λ)
 *   μ_t ← β1·(1 − ½·0.96^(t·ψ)),  μ_{t+1} ← β1·(1 − ½·0.96^((t+1)·ψ))   (momentumDecay ψ, t from 1)
 *   Π_t ← Π_{t−1}·μ_t  (Π_0 = 1)
 *   m ← m + (1 − β1)·(g − m),   v ← β2·v + (1 − β2)·g²
 *   d ← √(v / (1 − β2ᵗ)) + ε
 *   θ ← θ − η(1 − μ_t)/(1 − Π_t) · g/d − η·μ_{t+1}/(1 − Π_t·μ_{t+1}) · m/d
 *
 * `pytorch: '1.13'` follows PyTorch 1.13's `_single_tensor_nadam` instead, which differs from 2.x's in one
 * factor: 1.13 forms the momentum term's denominator from Π_t·μ_t·μ_{t+1} (`mu_product_next = mu_product *
 * mu * mu_next` after `mu_product *= mu`, 1.13 nadam.py line 240: μ_t counted twice), 2.x from
 * Π_t·μ_{t+1} = Π_{t+1} as the formula above says (1.13's own foreach path, `_multi_tensor_nadam`, line 297,
 * already did). 1.13 also moves m as β1·m + (1 − β1)·g. The two differ most in the first steps (Π_t is far
 * from 0) and by up to a few 1e-3 relative over a 100–200-step run (test/fixtures/optim: both releases).
 *
 * `decoupledWeightDecay` (PyTorch 2.x's `decoupled_weight_decay`) shrinks θ ← θ·(1 − ηλ) before the step
 * instead of adding λθ to g (as AdamW does for Adam).
 *
 * PyTorch 1.13 keeps Π (`mu_product`) in a scalar tensor of the default dtype; downhill keeps it in float64,
 * as PyTorch does under `torch.set_default_dtype(torch.float64)`. (Under PyTorch's float32 default the
 * rounding of Π moves float64 trajectories by about 1e-9 relative.)
 */
import { pytorchRelease } from '../config/pytorchRelease.js';
import { number } from '../config/settings.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { betas, decoupledWeightDecay, eps, lr, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';
import { lerp } from './pytorchArithmetic.js';

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

/** Its options, with PyTorch's defaults. */
const OPTIONS = optionTable({
  lr: lr(2e-3),
  betas: betas([0.9, 0.999]),
  eps: eps(1e-8),
  weightDecay: weightDecay(),
  momentumDecay: number({ default: 4e-3, min: 0, help: "ψ, the speed of Dozat's momentum warm-up" }),
  decoupledWeightDecay: decoupledWeightDecay(),
  pytorch: pytorchRelease("PyTorch 2.x's NAdam (Π_t·μ_{t+1} in the momentum term) or 1.13's (μ_t counted twice)"),
});

export type NadamOptions = OptionValues<typeof OPTIONS>;

export const nadam = elementwise<NadamOptions, NadamState>({
  name: 'nadam',
  ...OPTIONS,
  init: (param) => ({ step: 0, muProduct: 1, expAvg: zerosLike(param.data), expAvgSq: zerosLike(param.data) }),
  update({ data, grad }, state, o) {
    const [beta1, beta2] = o.betas;
    const { lr, eps } = o;
    const wd = o.decoupledWeightDecay ? 0 : o.weightDecay;
    const shrink = o.decoupledWeightDecay ? 1 - lr * o.weightDecay : 1;
    const step = ++state.step;
    const biasCorrection2 = 1 - Math.pow(beta2, step);
    const mu = momentumAt(beta1, step, o.momentumDecay);
    const muNext = momentumAt(beta1, step + 1, o.momentumDecay);
    const muProduct = (state.muProduct *= mu);
    const v2 = o.pytorch === '2';
    const muProductNext = v2 ? muProduct * muNext : muProduct * mu * muNext;
    const gradCoef = (-lr * (1 - mu)) / (1 - muProduct);
    const avgCoef = (-lr * muNext) / (1 - muProductNext);
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    const m = state.expAvg;
    const v = state.expAvgSq;
    for (let i = 0; i < data.length; i++) {
      let g = grad[i];
      if (wd !== 0) g += wd * data[i];
      const p = data[i] * shrink;
      m[i] = v2 ? lerp(m[i], g, oneMinusBeta1) : m[i] * beta1 + oneMinusBeta1 * g;
      v[i] = v[i] * beta2 + oneMinusBeta2 * g * g;
      const denom = Math.sqrt(v[i] / biasCorrection2) + eps;
      data[i] = p + (gradCoef * g) / denom + (avgCoef * m[i]) / denom;
    }
  },
});
