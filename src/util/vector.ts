/**
 * Loops over flat vectors that several rooms share (L-BFGS and its line search, gradient clipping, the
 * Hessian's finite differences, Gaussian elimination), each in PyTorch's order of operations so that the
 * float64 runs that depend on them stay bit-exact.
 */

/** Σ aᵢbᵢ in index order (torch.dot through the reference BLAS ddot). */
export function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** a ← a + alpha·b (`a.add_(b, alpha=alpha)`). */
export function addScaled(a: Float64Array, b: Float64Array, alpha: number): void {
  for (let i = 0; i < a.length; i++) a[i] = a[i] + alpha * b[i];
}

/** max |aᵢ|, 0 for an empty vector; Math.max makes it NaN if any entry is, as torch's max does. */
export function maxAbs(a: Float32Array | Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

/** max |aᵢ·t| (`d.mul(t).abs().max()`: each product rounded before its absolute value is compared). */
export function maxAbsScaled(a: Float64Array, t: number): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] * t));
  return max;
}
