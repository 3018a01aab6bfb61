/**
 * AdamW: Adam with decoupled weight decay (PyTorch `torch.optim.AdamW`, `_single_tensor_adamw`;
 * Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019).
 *
 *   θ ← θ·(1 − ηλ)                                              (weightDecay λ, default 1e-2)
 *   g ← ∇L(θ) (negated when maximize)                           (the decay never enters g, m or v)
 *   m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 *   v ← v_max ← max(v_max, v) with amsgrad
 *   θ ← θ − (η / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
 *
 * `epsInsideSqrt` selects θ ← θ − η·m̂/√(v̂ + ε) as for Adam (see adam.ts). As in PyTorch, g is the
 * gradient at θ before the shrink, and the Adam step is added to the shrunk θ.
 */
import { ADAMW_OPTIONS, initAdam, updateAdam, type AdamState, type AdamUpdateOptions } from './adam.js';
import { elementwise } from './optimizer.js';

/** The same options as Adam; only the meaning and default of `weightDecay` differ. */
export type AdamWOptions = AdamUpdateOptions;

export const adamw = elementwise<AdamWOptions, AdamState>({
  name: 'adamw',
  ...ADAMW_OPTIONS,
  init: initAdam,
  update: (param, state, o) => updateAdam(param, state, o, 'decoupled'),
});
