/**
 * Gradient transforms: steps that change the gradients in place between backward and the optimizer's
 * step, in the spirit of Optax's GradientTransformation (optax/_src/base.py), so that a run can clip and
 * decay before any named optimizer (src/optim/chain.ts puts them in front of one).
 *
 *   clipGradNorm {maxNorm, normType}  g ← g · min(maxNorm / (‖g‖ₚ + 1e-6), 1), ‖g‖ₚ over all parameters as one
 *                                     vector (PyTorch's clip_grad_norm_; Optax's clip_by_global_norm for p = 2)
 *   clipGradValue {clipValue}         g ← min(max(g, −clipValue), clipValue)      (clip_grad_value_; Optax's clip)
 *   addDecayedWeights {weightDecay}   g ← g + λθ                  (L2 weight decay; Optax's add_decayed_weights)
 *
 * Each keeps no state (Optax's are EmptyState too), so a chain's state dict is its optimizer's and a
 * resumed run needs nothing more. Each is one loop over flat typed arrays that allocates nothing, and runs
 * on the calling thread: on gradients in a wasm run arena it reads and writes them in place, with the same
 * bits for any number of threads.
 *
 * A transform is written in a chain spec as a one-key object, the value its first option or an object of
 * options: {"clipGradNorm": 1}, {"clipGradNorm": {"maxNorm": 1, "normType": "inf"}}, {"clipGradValue": 0.5},
 * {"addDecayedWeights": 1e-4}.
 */
import { camelCaseKeys } from '../config/names.js';
import { registry, type RegistryEntry } from '../config/registry.js';
import { InputError } from '../errors.js';
import { clipGradNorm, clipGradValue } from './clip.js';
import { checkNonNegative, checkPositive, show } from '../config/validate.js';
import type { Param } from './optimizer.js';

export interface GradientTransform {
  /** The transform as a chain spec writes it, with every option: {clipGradNorm: {maxNorm: 1, normType: 2}}. */
  readonly spec: TransformSpec;
  /** Changes the gradients of all parameters in place; allocates nothing. */
  apply(params: readonly Param[]): void;
}

/** One transform in a chain spec: its name as the only key. */
export type TransformSpec = { [name: string]: number | string | { [option: string]: unknown } };

/** Global-norm clipping with PyTorch's clip_grad_norm_ semantics (normType 2, 1, ∞ or any p > 0). */
export function clipByGlobalNorm(maxNorm: number, normType = 2): GradientTransform {
  checkNonNegative('clipGradNorm', 'maxNorm', maxNorm);
  checkPositive('clipGradNorm', 'normType', normType);
  return {
    // JSON has no ∞: the spec says "inf", as PyTorch's norm_type accepts 'inf'.
    spec: { clipGradNorm: { maxNorm, normType: normType === Infinity ? 'inf' : normType } },
    apply: (params) => void clipGradNorm(params, maxNorm, normType),
  };
}

/** Clamps each gradient entry into [−clipValue, clipValue]. */
export function clipByValue(clipValue: number): GradientTransform {
  checkNonNegative('clipGradValue', 'clipValue', clipValue);
  return { spec: { clipGradValue: { clipValue } }, apply: (params) => clipGradValue(params, clipValue) };
}

/**
 * Adds λθ to the gradient: L2 weight decay, coupled with the optimizer as in torch.optim.SGD's and Adam's
 * weight_decay. (Decoupled decay, θ ← θ − ηλθ, is AdamW's weightDecay, fused into its step.)
 */
export function addDecayedWeights(weightDecay: number): GradientTransform {
  checkNonNegative('addDecayedWeights', 'weightDecay', weightDecay);
  return {
    spec: { addDecayedWeights: { weightDecay } },
    apply: (params) => {
      for (const { data, grad } of params) {
        for (let i = 0; i < grad.length; i++) grad[i] += weightDecay * data[i];
      }
    },
  };
}

interface TransformEntry extends RegistryEntry {
  /** The options and their defaults (undefined: required); the first is the value of the short form {"clipGradNorm": 1}. */
  readonly defaults: Readonly<Record<string, number | undefined>>;
  create(options: Record<string, unknown>): GradientTransform;
}

/** The transforms by the names a chain spec uses; the library's (Optax's) names are aliases. */
export const transforms = registry<TransformEntry>('gradient transform', {
  clipGradNorm: {
    summary: "scale all gradients so that their total p-norm is at most maxNorm (PyTorch's clip_grad_norm_)",
    aliases: ['clipByGlobalNorm'],
    defaults: { maxNorm: undefined, normType: 2 },
    create: (o) =>
      clipByGlobalNorm(o.maxNorm as number, o.normType === 'inf' ? Infinity : (o.normType as number | undefined)),
  },
  clipGradValue: {
    summary: "clamp every gradient entry into [−clipValue, clipValue] (PyTorch's clip_grad_value_)",
    aliases: ['clipByValue'],
    defaults: { clipValue: undefined },
    create: (o) => clipByValue(o.clipValue as number),
  },
  addDecayedWeights: {
    summary: 'add λθ to the gradient (L2 weight decay)',
    defaults: { weightDecay: undefined },
    create: (o) => addDecayedWeights(o.weightDecay as number),
  },
});

/** Whether a chain element is a transform (a one-key object naming one) rather than an optimizer spec. */
export function isTransformSpec(value: unknown): value is TransformSpec {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value) && !('name' in value);
  return isObject && Object.keys(value).length === 1;
}

/** The transform a chain spec element names; an unknown name or option is an InputError naming it. */
export function createTransform(spec: TransformSpec): GradientTransform {
  const [[name, value]] = Object.entries(spec);
  const entry = transforms.get(name);
  const names = Object.keys(entry.defaults);
  const options = typeof value === 'object' && value !== null ? camelCaseKeys(name, value) : { [names[0]]: value };
  for (const key of Object.keys(options)) {
    if (!names.includes(key))
      throw new InputError(`${name}: unknown option '${key}'; valid options: ${names.join(', ')}`);
  }
  for (const key of names) {
    const given = options[key];
    if (given !== undefined && typeof given !== 'number' && !(key === 'normType' && given === 'inf')) {
      throw new InputError(
        `${name}: ${key} must be a number${key === 'normType' ? " or 'inf'" : ''} (got ${show(given)})`,
      );
    }
  }
  if (options[names[0]] === undefined) throw new InputError(`${name}: ${names[0]} is required`);
  return entry.create(options);
}
