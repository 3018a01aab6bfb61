/**
 * RMSprop (PyTorch `torch.optim.RMSprop`, `_single_tensor_rmsprop`; Tieleman & Hinton, Coursera
 * lecture 6.5, 2012; the centered form from Graves, "Generating Sequences With Recurrent Neural
 * Networks", 2013).
 *
 *   g ← ∇L(θ) (negated when maximize), g ← g + λθ                (weightDecay λ)
 *   s ← α·s + (1 − α)·g²
 *   centered:  ḡ ← α·ḡ + (1 − α)·g (as lerp, rounded as PyTorch 2.x),   d ← √(s − ḡ²) + ε;   otherwise d ← √s + ε
 *   momentum μ > 0:  b ← μ·b + g / d,   θ ← θ − η·b;   otherwise θ ← θ − η·g / d
 *
 * `epsInsideSqrt` selects d ← √(s − ḡ² + ε) (centered) or d ← √(s + ε) instead.
 */
import { boolean, number } from '../config/settings.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { eps, lr, maximize, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';
import { lerp } from './pytorchArithmetic.js';

interface RmspropState {
  step: number;
  squareAvg: FloatBuffer;
  momentumBuffer?: FloatBuffer;
  gradAvg?: FloatBuffer;
}

/** Its options, with PyTorch's defaults. */
const OPTIONS = optionTable({
  lr: lr(1e-2),
  // PyTorch 1.13 checks only alpha >= 0; alpha > 1 is accepted there and here alike.
  alpha: number({ default: 0.99, min: 0, help: 'α, the decay rate of the average of squared gradients' }),
  eps: eps(1e-8),
  weightDecay: weightDecay(),
  momentum: number({ default: 0, min: 0, help: 'momentum μ' }),
  centered: boolean({ default: false, help: "divide by an estimate of the gradient's variance" }),
  maximize: maximize(),
  epsInsideSqrt: boolean({ default: false, help: 'd ← √(s + ε) instead of √s + ε' }),
});

export type RmspropOptions = OptionValues<typeof OPTIONS>;

export const rmsprop = elementwise<RmspropOptions, RmspropState>({
  name: 'rmsprop',
  ...OPTIONS,
  init: (param, o) => ({
    step: 0,
    squareAvg: zerosLike(param.data),
    ...(o.momentum > 0 ? { momentumBuffer: zerosLike(param.data) } : {}),
    ...(o.centered ? { gradAvg: zerosLike(param.data) } : {}),
  }),
  update({ data, grad }, state, o) {
    const { lr, alpha, eps, weightDecay: wd, momentum, epsInsideSqrt } = o;
    const sign = o.maximize ? -1 : 1;
    const oneMinusAlpha = 1 - alpha;
    const negLr = -lr;
    state.step++;
    const s = state.squareAvg;
    // Created here too, so that a schedule may turn momentum or centering on after the first step.
    const avg = o.centered ? (state.gradAvg ??= zerosLike(data)) : undefined;
    const buf = momentum > 0 ? (state.momentumBuffer ??= zerosLike(data)) : undefined;
    for (let i = 0; i < data.length; i++) {
      let g = sign * grad[i];
      if (wd !== 0) g += wd * data[i];
      s[i] = s[i] * alpha + oneMinusAlpha * g * g;
      let meanSquare = s[i];
      if (avg !== undefined) {
        avg[i] = lerp(avg[i], g, oneMinusAlpha);
        meanSquare = s[i] - avg[i] * avg[i];
      }
      const d = epsInsideSqrt ? Math.sqrt(meanSquare + eps) : Math.sqrt(meanSquare) + eps;
      if (buf !== undefined) {
        buf[i] = buf[i] * momentum + g / d;
        data[i] = data[i] + negLr * buf[i];
      } else {
        data[i] = data[i] + (negLr * g) / d;
      }
    }
  },
});
