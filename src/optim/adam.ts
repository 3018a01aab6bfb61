/**
 * Adam, with optional AMSGrad (PyTorch `torch.optim.Adam`, `_single_tensor_adam`; Kingma & Ba,
 * "Adam: A Method for Stochastic Optimization", ICLR 2015; Reddi et al., "On the Convergence of Adam and
 * Beyond", ICLR 2018).
 *
 *   g ← ∇L(θ) (negated when maximize), g ← g + λθ               (weightDecay λ: L2, added to the gradient)
 *   m ← m + (1 − β1)·(g − m),   v ← β2·v + (1 − β2)·g²          (t counts steps from 1; m by lerp, as 2.x)
 *   v ← v_max ← max(v_max, v) with amsgrad                      (the maximum of the raw, uncorrected v)
 *   θ ← θ − (η / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)         (PyTorch: ε outside the root)
 *
 * `epsInsideSqrt` selects the textbook form instead: θ ← θ − η·m̂ / √(v̂ + ε) with m̂ = m / (1 − β1ᵗ) and
 * v̂ = v / (1 − β2ᵗ) (v̂ formed from v_max under amsgrad). Both moments are bias-corrected first and ε is
 * added to the corrected v̂ under the root, so ε is in units of g², not g as in PyTorch's form.
 *
 * Optax's forms (`scale_by_adam`, optax/_src/transform.py): `epsRoot` adds ε_root inside the root of the
 * corrected v̂, θ ← θ − η·m̂ / (√(v̂ + ε_root) + ε); `nesterov` (Dozat 2016, "Incorporating Nesterov
 * Momentum into Adam") replaces m̂ by the look-ahead
 *
 *   m̂ = β1·m / (1 − β1ᵗ⁺¹) + (1 − β1)·g / (1 − β1ᵗ).
 *
 * `decoupledWeightDecay` (PyTorch 2.x's `decoupled_weight_decay=True`, torch/optim/adam.py) makes Adam
 * AdamW: θ ← θ·(1 − ηλ) before the step, the gradient undecayed.
 *
 * The Adam family's update is exported for AdamW, which differs only in how it applies weight decay.
 */
import { kernelsInUse } from '../kernels/selected.js';
import { boolean, number } from '../config/settings.js';
import { check } from '../config/validate.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { betas, decoupledWeightDecay, eps, lr, maximize, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer, type Param } from './optimizer.js';
import { lerp } from './pytorchArithmetic.js';

export interface AdamState {
  step: number;
  expAvg: FloatBuffer;
  expAvgSq: FloatBuffer;
  maxExpAvgSq?: FloatBuffer;
}

/** How weight decay enters: added to the gradient (Adam) or shrinking θ directly (AdamW). */
export type WeightDecayMode = 'l2' | 'decoupled';

/** The options Adam and AdamW share; they differ in weightDecay's default (and meaning). */
function sharedRows(decay: number) {
  return {
    lr: lr(1e-3),
    betas: betas([0.9, 0.999]),
    eps: eps(1e-8),
    weightDecay: weightDecay(decay),
    amsgrad: boolean({ default: false, help: 'divide by the largest second moment seen so far (AMSGrad)' }),
    maximize: maximize(),
    epsInsideSqrt: boolean({
      default: false,
      help: "textbook θ ← θ − η·m̂/√(v̂ + ε) instead of PyTorch's η·m̂/(√v̂ + ε)",
    }),
    epsRoot: number({ default: 0, min: 0, help: "Optax's ε_root: θ ← θ − η·m̂/(√(v̂ + ε_root) + ε)" }),
    nesterov: boolean({ default: false, help: "Optax's Nesterov momentum (Dozat 2016)" }),
  };
}

function oneEpsInsideTheRoot(o: { epsRoot: number; epsInsideSqrt: boolean }, owner: string): void {
  check(
    !(o.epsRoot > 0 && o.epsInsideSqrt),
    owner,
    'epsRoot',
    '0 with epsInsideSqrt (both put ε inside the root; use one)',
    o.epsRoot,
  );
}

/** AdamW's options, with PyTorch's defaults: Adam's, with weight decay 1e-2 and always decoupled. */
export const ADAMW_OPTIONS = optionTable(sharedRows(1e-2), oneEpsInsideTheRoot);

/** Adam's options, with PyTorch's defaults; Adam may decouple its decay as AdamW's (PyTorch 2.x). */
const ADAM_OPTIONS = optionTable(
  { ...sharedRows(0), decoupledWeightDecay: decoupledWeightDecay() },
  oneEpsInsideTheRoot,
);

export type AdamOptions = OptionValues<typeof ADAM_OPTIONS>;
/** What Adam's update reads: the options Adam and AdamW share. */
export type AdamUpdateOptions = OptionValues<typeof ADAMW_OPTIONS>;

export function initAdam(param: Param, o: AdamUpdateOptions): AdamState {
  return {
    step: 0,
    expAvg: zerosLike(param.data),
    expAvgSq: zerosLike(param.data),
    ...(o.amsgrad ? { maxExpAvgSq: zerosLike(param.data) } : {}),
  };
}

/** One Adam or AdamW step on one buffer, in PyTorch's order of floating-point operations. */
export function updateAdam(
  { data, grad }: Param,
  state: AdamState,
  o: AdamUpdateOptions,
  decay: WeightDecayMode,
): void {
  const [beta1, beta2] = o.betas;
  const { lr, eps, epsInsideSqrt, epsRoot, nesterov } = o;
  const sign = o.maximize ? -1 : 1;
  const step = ++state.step;
  const l2 = decay === 'l2' ? o.weightDecay : 0;
  // AdamW multiplies θ by 1 − ηλ before the update; with λ = 0 the factor is exactly 1.
  const shrink = decay === 'decoupled' ? 1 - lr * o.weightDecay : 1;
  const oneMinusBeta1 = 1 - beta1;
  const oneMinusBeta2 = 1 - beta2;
  const negStepSize = -(lr / (1 - Math.pow(beta1, step)));
  const biasCorrection2 = 1 - Math.pow(beta2, step);
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  const m = state.expAvg;
  const v = state.expAvgSq;
  // Created here too, so that a group switched to amsgrad after its first step still works.
  const vMax = o.amsgrad ? (state.maxExpAvgSq ??= zerosLike(data)) : undefined;
  // The kernels may run this step fused, in float32 (the WebAssembly kernels do for a model in a wasm arena).
  if (epsRoot !== 0 || nesterov) return updateOptaxAdam(data, grad, state, o, l2, shrink, vMax);
  const fused = kernelsInUse()?.adamStep?.(data, grad, m, v, vMax, {
    sign,
    l2,
    shrink,
    oneMinusBeta1,
    beta2,
    oneMinusBeta2,
    negStepSize,
    biasCorrection2,
    biasCorrection2Sqrt,
    eps,
    epsInsideSqrt,
  });
  if (fused === true) return;
  // Each line is one PyTorch tensor op with ATen's association, checked bit for bit against torch:
  // addcmul_(g, g, value=c) is v + (c·g)·g and addcdiv_(m, d, value=−s) is θ + (−s·m)/d.
  for (let i = 0; i < data.length; i++) {
    let g = sign * grad[i];
    if (l2 !== 0) g += l2 * data[i];
    const p = data[i] * shrink;
    m[i] = lerp(m[i], g, oneMinusBeta1);
    v[i] = v[i] * beta2 + oneMinusBeta2 * g * g;
    let vHat = v[i];
    if (vMax !== undefined) {
      vMax[i] = Math.max(vMax[i], vHat);
      vHat = vMax[i];
    }
    const denom = epsInsideSqrt ? Math.sqrt(vHat / biasCorrection2 + eps) : Math.sqrt(vHat) / biasCorrection2Sqrt + eps;
    data[i] = p + (negStepSize * m[i]) / denom;
  }
}

/** The step with Optax's ε_root or Nesterov momentum, in Optax's formulas (not PyTorch's association). */
function updateOptaxAdam(
  data: FloatBuffer,
  grad: FloatBuffer,
  state: AdamState,
  o: AdamUpdateOptions,
  l2: number,
  shrink: number,
  vMax: FloatBuffer | undefined,
): void {
  const [beta1, beta2] = o.betas;
  const t = state.step;
  const sign = o.maximize ? -1 : 1;
  const correction1 = 1 - Math.pow(beta1, t);
  const correction1Next = 1 - Math.pow(beta1, t + 1);
  const correction2 = 1 - Math.pow(beta2, t);
  const { expAvg: m, expAvgSq: v } = state;
  for (let i = 0; i < data.length; i++) {
    let g = sign * grad[i];
    if (l2 !== 0) g += l2 * data[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    let vHat = v[i];
    if (vMax !== undefined) vHat = vMax[i] = Math.max(vMax[i], vHat);
    const mHat = o.nesterov ? (beta1 * m[i]) / correction1Next + ((1 - beta1) * g) / correction1 : m[i] / correction1;
    const denom = o.epsInsideSqrt
      ? Math.sqrt(vHat / correction2 + o.eps)
      : Math.sqrt(vHat / correction2 + o.epsRoot) + o.eps;
    data[i] = data[i] * shrink - (o.lr * mHat) / denom;
  }
}

export const adam = elementwise<AdamOptions, AdamState>({
  name: 'adam',
  ...ADAM_OPTIONS,
  init: initAdam,
  update: (param, state, o) => updateAdam(param, state, o, o.decoupledWeightDecay ? 'decoupled' : 'l2'),
});
