/**
 * Stochastic gradient descent, with optional momentum and Nesterov momentum (PyTorch `torch.optim.SGD`).
 *
 *   g ← ∇L(θ) (negated when maximize), g ← g + λθ              (weightDecay λ)
 *   b ← g on the first step, then b ← μb + (1 − τ)g            (momentum μ, dampening τ)
 *   g ← g + μb with nesterov, else g ← b
 *   θ ← θ − ηg
 *
 * `emaMomentum` selects the textbook form instead (UDL eq. 6.11): m ← μm + (1 − μ)g starting from m = 0,
 * θ ← θ − ηm, an exponential moving average of the gradients rather than PyTorch's sum.
 */
import { InputError } from '../errors.js';
import { kernelsInUse } from '../kernels/selected.js';
import { boolean, number } from '../config/settings.js';
import { check } from '../config/validate.js';
import { optionTable, type OptionRows, type OptionValues } from '../config/options.js';
import { lr, maximize, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer, type Optimizer, type ParamsInput } from './optimizer.js';

interface SgdState {
  step: number;
  momentumBuffer?: FloatBuffer;
}

/** Its options, with PyTorch's defaults. */
const OPTIONS = optionTable(
  {
    // Required, as in PyTorch: SGD has no default learning rate.
    lr: lr(),
    momentum: number({ default: 0, min: 0, help: 'momentum μ' }),
    dampening: number({ default: 0, help: 'τ: the new gradient enters the momentum as (1 − τ)·g' }),
    weightDecay: weightDecay(),
    nesterov: boolean({ default: false, help: "Nesterov momentum (Sutskever's form): step along g + μb" }),
    maximize: maximize(),
    emaMomentum: boolean({ default: false, help: 'textbook momentum m ← μm + (1 − μ)g from m = 0 (UDL eq. 6.11)' }),
  },
  (o, owner) => {
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      throw new InputError(
        `${owner}: nesterov needs momentum > 0 and dampening = 0 (got momentum=${o.momentum}, dampening=${o.dampening})`,
      );
    }
    if (o.emaMomentum) check(o.momentum < 1, owner, 'momentum', 'in [0, 1) with emaMomentum', o.momentum);
  },
);

export type SgdOptions = OptionValues<typeof OPTIONS>;

/** SGD has no default learning rate (as in PyTorch), so its options, with `lr`, are required in the type too. */
export type SgdFactory = ((
  params: ParamsInput<SgdOptions>,
  options: Partial<SgdOptions> & Pick<SgdOptions, 'lr'>,
) => Optimizer<SgdOptions>) & { readonly defaults: SgdOptions; readonly rows: OptionRows };

export const sgd: SgdFactory = elementwise<SgdOptions, SgdState>({
  name: 'sgd',
  ...OPTIONS,
  init: (param, o) => ({ step: 0, ...(o.momentum !== 0 ? { momentumBuffer: zerosLike(param.data) } : {}) }),
  update({ data, grad }, state, o) {
    const { lr, momentum: mu, weightDecay: wd, nesterov, emaMomentum } = o;
    const sign = o.maximize ? -1 : 1;
    const first = state.step === 0;
    state.step++;
    // PyTorch starts the buffer at the first gradient; the textbook average starts it at zero.
    const keep = emaMomentum ? mu : first ? 0 : mu;
    const take = emaMomentum ? 1 - mu : first ? 1 : 1 - o.dampening;
    const momentumBuffer = mu === 0 ? undefined : state.momentumBuffer;
    // The kernels may run this step fused, in float32 (the WebAssembly kernels do for a model in a wasm arena).
    if (
      kernelsInUse()?.sgdStep?.(data, grad, momentumBuffer, {
        sign,
        weightDecay: wd,
        keep,
        take,
        momentum: mu,
        nesterov,
        lr,
      }) === true
    )
      return;
    if (momentumBuffer === undefined) {
      for (let i = 0; i < data.length; i++) data[i] -= lr * (sign * grad[i] + wd * data[i]);
      return;
    }
    for (let i = 0; i < data.length; i++) {
      const g = sign * grad[i] + wd * data[i];
      const b = keep * momentumBuffer[i] + take * g;
      momentumBuffer[i] = b;
      data[i] -= lr * (nesterov ? g + mu * b : b);
    }
  },
});
