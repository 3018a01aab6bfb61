/**
 * Yogi (Zaheer, Reddi, Sachan, Kale & Kumar, "Adaptive Methods for Nonconvex Optimization", NeurIPS 2018,
 * Algorithm 2).
 *
 *   g ← ∇L(θ) (negated when maximize), g ← g + λθ                (weightDecay λ: L2, as Adam adds it)
 *   m ← β1·m + (1 − β1)·g                                        (m starts at 0)
 *   v ← v − (1 − β2)·sign(v − g²)·g²                             (v starts at initialAccumulatorValue)
 *   θ ← θ − η·m / (√v + ε)
 *
 * Unlike Adam's v ← v + (1 − β2)(g² − v), the change in v is (1 − β2)g² in size whatever the gap between
 * v and g², so v grows as fast but shrinks far more slowly when gradients become small. No bias
 * correction, as in the paper's Algorithm 2, and v starts at a small positive value (the paper's
 * experiments use 1e-6).
 *
 * `biasCorrection` gives Optax's `scale_by_yogi` (optax/_src/transform.py, eps_root 0): m and v both start
 * at initialAccumulatorValue and the step divides the corrected moments,
 *
 *   θ ← θ − η·m̂ / (√v̂ + ε),   m̂ = m / (1 − β1ᵗ),   v̂ = v / (1 − β2ᵗ);
 *
 * with initialAccumulatorValue 0 that is Dive into Deep Learning's Yogi (§12.10), whose moments start at 0.
 */
import { boolean, number } from '../config/settings.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { betas, eps, lr, maximize, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';

interface YogiState {
  step: number;
  expAvg: FloatBuffer;
  expAvgSq: FloatBuffer;
}

/** Its options and their defaults. */
const OPTIONS = optionTable({
  lr: lr(1e-2),
  betas: betas([0.9, 0.999]),
  eps: eps(1e-3),
  initialAccumulatorValue: number({ default: 1e-6, min: 0, help: 'the starting value of v' }),
  weightDecay: weightDecay(),
  maximize: maximize(),
  biasCorrection: boolean({ default: false, help: "Optax's form: both moments bias-corrected" }),
});

export type YogiOptions = OptionValues<typeof OPTIONS>;

export const yogi = elementwise<YogiOptions, YogiState>({
  name: 'yogi',
  ...OPTIONS,
  init: (param, o) => ({
    step: 0,
    expAvg: zerosLike(param.data).fill(o.biasCorrection ? o.initialAccumulatorValue : 0),
    expAvgSq: zerosLike(param.data).fill(o.initialAccumulatorValue),
  }),
  update({ data, grad }, state, o) {
    const [beta1, beta2] = o.betas;
    const { eps, weightDecay: wd } = o;
    const sign = o.maximize ? -1 : 1;
    const oneMinusBeta1 = 1 - beta1;
    const oneMinusBeta2 = 1 - beta2;
    state.step++;
    // Without bias correction both factors are 1: −η·m/(√v + ε), the paper's step.
    const negLr = o.biasCorrection ? -o.lr / (1 - Math.pow(beta1, state.step)) : -o.lr;
    const correction2 = o.biasCorrection ? 1 - Math.pow(beta2, state.step) : 1;
    const m = state.expAvg;
    const v = state.expAvgSq;
    for (let i = 0; i < data.length; i++) {
      let g = sign * grad[i];
      if (wd !== 0) g += wd * data[i];
      const g2 = g * g;
      m[i] = m[i] * beta1 + oneMinusBeta1 * g;
      v[i] = v[i] - oneMinusBeta2 * Math.sign(v[i] - g2) * g2;
      data[i] = data[i] + (negLr * m[i]) / (Math.sqrt(v[i] / correction2) + eps);
    }
  },
});
