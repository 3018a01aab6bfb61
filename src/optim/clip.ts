/**
 * Gradient clipping (PyTorch `torch.nn.utils.clip_grad_norm_` and `clip_grad_value_`,
 * torch/nn/utils/clip_grad.py), applied to the gradients in place between backward and the optimizer step.
 *
 *   clipGradNorm:  N = ‖(‖g₁‖ₚ, …, ‖gₖ‖ₚ)‖ₚ, the p-norm of all gradients as one vector (computed, as in
 *                  PyTorch, as the norm of the per-parameter norms; p = ∞ takes the largest |gᵢ|)
 *                  c = min(maxNorm / (N + 1e-6), 1),  gᵢ ← c·gᵢ,  returns N
 *   clipGradValue: gᵢ ← min(max(gᵢ, −clipValue), clipValue)
 */
import { InputError } from '../errors.js';
import { checkNonNegative, checkPositive } from '../config/validate.js';
import type { FloatBuffer, Param } from './optimizer.js';
import { maxAbs } from '../util/vector.js';

/**
 * Scales all gradients together so that their total p-norm is at most about maxNorm; returns the norm
 * before clipping. A non-finite norm scales the gradients to NaN (or zero), or throws with
 * `errorIfNonfinite`.
 */
export function clipGradNorm(
  params: readonly Param[],
  maxNorm: number,
  normType = 2,
  errorIfNonfinite = false,
): number {
  checkNonNegative('clipGradNorm', 'maxNorm', maxNorm);
  checkPositive('clipGradNorm', 'normType', normType);
  if (params.length === 0) return 0;
  const total = totalNorm(params, normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new InputError(
      `clipGradNorm: the total norm of order ${normType} of the gradients is ${total}, so they cannot be clipped; ` +
        'pass errorIfNonfinite = false to scale them by it anyway',
    );
  }
  // Multiplying by a coefficient clamped to 1 leaves unclipped gradients as they were (so that pass is
  // skipped); Math.min keeps NaN.
  const coef = Math.min(maxNorm / (total + 1e-6), 1);
  if (coef === 1) return total;
  for (const { grad } of params) {
    for (let i = 0; i < grad.length; i++) grad[i] *= coef;
  }
  return total;
}

/** Clamps every gradient entry into [−clipValue, clipValue] (NaN stays NaN). */
export function clipGradValue(params: readonly Param[], clipValue: number): void {
  checkNonNegative('clipGradValue', 'clipValue', clipValue);
  for (const { grad } of params) {
    for (let i = 0; i < grad.length; i++) {
      const g = grad[i];
      grad[i] = g < -clipValue ? -clipValue : g > clipValue ? clipValue : g;
    }
  }
}

/** The p-norm of the per-parameter p-norms (torch.norm of the stacked norms); for p = ∞ the largest |gᵢ|. */
function totalNorm(params: readonly Param[], p: number): number {
  if (p === Infinity) {
    let max = 0;
    for (const { grad } of params) max = Math.max(max, maxAbs(grad));
    return max;
  }
  let acc = 0;
  for (const { grad } of params) acc += powerTerm(pNorm(grad, p), p);
  return fromPowerSum(acc, p);
}

/**
 * ‖a‖ₚ = (Σ |aᵢ|ᵖ)^(1/p), with PyTorch's special cases for p = 1 and 2 (no pow): one loop per case, since
 * a loop that asks which p for every element runs several times slower (it is the hot pass of clipping).
 */
function pNorm(a: FloatBuffer, p: number): number {
  let acc = 0;
  if (p === 2) for (let i = 0; i < a.length; i++) acc += a[i] * a[i];
  else if (p === 1) for (let i = 0; i < a.length; i++) acc += Math.abs(a[i]);
  else for (let i = 0; i < a.length; i++) acc += Math.pow(Math.abs(a[i]), p);
  return fromPowerSum(acc, p);
}

function powerTerm(x: number, p: number): number {
  if (p === 1) return Math.abs(x);
  if (p === 2) return x * x;
  return Math.pow(Math.abs(x), p);
}

function fromPowerSum(sum: number, p: number): number {
  if (p === 1) return sum;
  if (p === 2) return Math.sqrt(sum);
  return Math.pow(sum, 1 / p);
}
