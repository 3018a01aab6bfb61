/**
 * Resilient backpropagation (PyTorch `torch.optim.Rprop`, `_single_tensor_rprop`; Riedmiller &
 * Braun, "A Direct Adaptive Method for Faster Backpropagation Learning: The RPROP Algorithm", 1993): each
 * coordinate has its own step size, which grows while its gradient keeps its sign and shrinks when the
 * sign flips; only the gradient's sign is used.
 *
 *   g ← ∇L(θ) (negated when maximize);  s = sign(g·g_prev)           (g_prev starts at 0)
 *   Δ ← clamp(Δ·(η+ if s > 0, η− if s < 0, 1 if s = 0), Δmin, Δmax)    (Δ starts at lr)
 *   g ← 0 where s < 0 (after a flip, wait one step)
 *   θ ← θ − sign(g)·Δ,   g_prev ← g
 *
 * This is the variant without weight backtracking (iRprop−).
 */
import { point } from '../config/settings.js';
import { check } from '../config/validate.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { lr, maximize } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';

interface RpropState {
  step: number;
  prev: FloatBuffer;
  stepSize: FloatBuffer;
}

/** Its options, with PyTorch's defaults. */
const OPTIONS = optionTable(
  {
    lr: lr(1e-2, 'the initial step size Δ of every coordinate'),
    etas: point({
      length: 2,
      default: [0.5, 1.2],
      describe: 'two numbers [η−, η+]',
      help: 'the factors by which a step shrinks after a sign flip and grows otherwise',
    }),
    stepSizes: point({
      length: 2,
      default: [1e-6, 50],
      describe: 'two numbers [Δmin, Δmax]',
      help: 'the range of the step sizes',
    }),
    maximize: maximize(),
  },
  (o, owner) => {
    const [minus, plus] = o.etas;
    check(minus > 0 && minus < 1 && plus > 1, owner, 'etas', '[η−, η+] with 0 < η− < 1 < η+', o.etas);
  },
);

export type RpropOptions = OptionValues<typeof OPTIONS>;

export const rprop = elementwise<RpropOptions, RpropState>({
  name: 'rprop',
  ...OPTIONS,
  init: (param, o) => ({ step: 0, prev: zerosLike(param.data), stepSize: zerosLike(param.data).fill(o.lr) }),
  update({ data, grad }, state, o) {
    const [etaMinus, etaPlus] = o.etas;
    const [minStep, maxStep] = o.stepSizes;
    const sign = o.maximize ? -1 : 1;
    const { prev, stepSize } = state;
    state.step++;
    for (let i = 0; i < data.length; i++) {
      let g = sign * grad[i];
      const product = g * prev[i];
      const factor = product > 0 ? etaPlus : product < 0 ? etaMinus : 1;
      // clamp_(min, max) as PyTorch: max first, then min, so an inverted range gives max.
      stepSize[i] = Math.min(Math.max(stepSize[i] * factor, minStep), maxStep);
      if (factor === etaMinus) g = 0;
      data[i] = data[i] + -Math.sign(g) * stepSize[i];
      prev[i] = g;
    }
  },
});
