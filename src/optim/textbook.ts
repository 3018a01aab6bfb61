/**
 * The course's optimizers that PyTorch does not have (Prince, Understanding Deep Learning, chapter 6).
 *
 * Nesterov accelerated momentum, UDL eq. 6.12: the gradient is taken at the point that momentum is
 * about to carry the parameters to,
 *
 *   m ← βm + (1 − β)·∇L(φ − αβm)        (emaMomentum, the default: UDL's exponential moving average)
 *   m ← βm + ∇L(φ − αβm)                (emaMomentum false: Sutskever et al., ICML 2013, eq. 3–4)
 *   φ ← φ − αm                           (learning rate α, momentum β; m starts at 0)
 *
 * Normalised gradients, UDL eqs. 6.13–6.14: every coordinate moves by about α in the downhill direction,
 * whatever the size of its gradient (PyTorch's Adam with betas (0, 0), whose bias corrections are then 1):
 *
 *   m ← ∇L(φ),  v ← ∇L(φ)²,  φ ← φ − α·m / (√v + ε)
 *
 * The default learning rate 0.01 of both is ours: the book gives none.
 */
import { InputError } from '../errors.js';
import { boolean, number } from '../config/settings.js';
import { checkUnitInterval } from '../config/validate.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { lr, maximize } from './optionRows.js';
import { FlatParams } from './flatParams.js';
import { elementwise, Optimizer, zerosLike, type Closure, type FloatBuffer, type ParamsInput } from './optimizer.js';

interface NesterovState {
  step: number;
  momentumBuffer: FloatBuffer;
}

export const NESTEROV_OPTIONS = optionTable(
  {
    lr: lr(0.01),
    momentum: number({ default: 0.9, min: 0, help: 'momentum β (in [0, 1) with emaMomentum)' }),
    emaMomentum: boolean({ default: true, help: "the book's m ← βm + (1 − β)g; false: Sutskever's form m ← βm + g" }),
    maximize: maximize(),
  },
  (o, owner) => {
    if (o.emaMomentum) checkUnitInterval(owner, 'momentum', o.momentum);
  },
);

export type NesterovOptions = OptionValues<typeof NESTEROV_OPTIONS>;

/**
 * Nesterov momentum as in the book. Not elementwise: the loss must be evaluated at the look-ahead point
 * of every parameter at once, so `step` moves all parameters there, calls the closure, and moves them back.
 */
export class NesterovOptimizer extends Optimizer<NesterovOptions, NesterovState> {
  private readonly flat: FlatParams;
  /** The current point φ of all parameters while the closure runs at the look-ahead point. */
  private readonly current: Float64Array;

  constructor(params: ParamsInput<NesterovOptions>, options?: Partial<NesterovOptions>) {
    super('nesterov', NESTEROV_OPTIONS, params, options);
    this.flat = new FlatParams(this.groups);
    this.current = new Float64Array(this.flat.size);
  }

  /** Evaluates the closure at the look-ahead point φ − αβm, updates m and φ, and returns that loss. */
  override step(closure?: Closure): number {
    if (closure === undefined) {
      throw new InputError('nesterov: step needs a closure, to evaluate the gradient at the look-ahead point');
    }
    this.moveToLookAhead();
    const loss = closure();
    this.update();
    return loss;
  }

  /** Saves φ and sets each parameter to φ − αβm. */
  private moveToLookAhead(): void {
    const phi = this.current;
    this.flat.readValues(phi);
    this.flat.forEachParam(({ data }, offset, group, i) => {
      const ahead = this.groups[group].options.lr * this.groups[group].options.momentum;
      const m = (this.state[i] ??= { step: 0, momentumBuffer: zerosLike(data) }).momentumBuffer;
      for (let k = 0; k < data.length; k++) data[k] = phi[offset + k] - ahead * m[k];
    });
  }

  /** m ← βm + τg with the gradient g from the look-ahead point, then φ ← φ − αm from the saved φ. */
  private update(): void {
    const phi = this.current;
    this.flat.forEachParam(({ data, grad }, offset, group, i) => {
      const o = this.groups[group].options;
      const take = o.emaMomentum ? 1 - o.momentum : 1;
      const sign = o.maximize ? -1 : 1;
      const state = this.state[i] as NesterovState;
      state.step++;
      const m = state.momentumBuffer;
      for (let k = 0; k < data.length; k++) {
        m[k] = o.momentum * m[k] + take * (sign * grad[k]);
        data[k] = phi[offset + k] - o.lr * m[k];
      }
    });
  }
}

/** `nesterov(params, { lr, momentum, emaMomentum, maximize })`: see `NesterovOptimizer`. */
export function nesterov(params: ParamsInput<NesterovOptions>, options?: Partial<NesterovOptions>): NesterovOptimizer {
  return new NesterovOptimizer(params, options);
}

/** Its options; ε = 0 is sign descent, φ ← φ − α·sign(g) (UDL eqs. 6.13–6.14 in the limit), sign(0) = 0. */
const NORMALIZED_GD_OPTIONS = optionTable({
  lr: lr(0.01, 'about the distance each coordinate moves per step'),
  eps: number({ default: 1e-8, min: 0, help: 'ε in g/(√g² + ε); 0 for sign descent' }),
  maximize: maximize(),
});

export type NormalizedGdOptions = OptionValues<typeof NORMALIZED_GD_OPTIONS>;

interface NormalizedGdState {
  step: number;
}

export const normalizedGd = elementwise<NormalizedGdOptions, NormalizedGdState>({
  name: 'normalizedGd',
  ...NORMALIZED_GD_OPTIONS,
  init: () => ({ step: 0 }),
  update({ data, grad }, state, o) {
    const { lr, eps } = o;
    const sign = o.maximize ? -1 : 1;
    state.step++;
    for (let i = 0; i < data.length; i++) {
      const m = sign * grad[i];
      // A zero gradient moves nothing (0/0 with ε = 0): sign(0) = 0, as Optax's sign_sgd.
      if (m === 0) continue;
      const v = m * m;
      // In the order of PyTorch's Adam with β₁ = β₂ = 0, so the two agree bit for bit: its addcdiv_ computes
      // p + ((−α)·m)/(√v + ε) (value times numerator first, PointwiseOpsKernel.cpp).
      data[i] -= (lr * m) / (Math.sqrt(v) + eps);
    }
  },
});
