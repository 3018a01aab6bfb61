/**
 * Gradient checking: compares the gradients backward() computes with central finite differences,
 *
 *   ∂L/∂xᵢ ≈ (L(x + ε eᵢ) − L(x − ε eᵢ)) / 2ε      (error O(ε²) from the third derivative),
 *
 * one input element at a time, as torch.autograd.gradcheck. Inputs must be float64, where ε = 1e-6
 * leaves about 1e-10 of rounding error in the difference quotient. A non-scalar output y is reduced to the
 * scalar L = Σ y ⊙ w with fixed pseudo-random weights w, which checks every output's gradient at once
 * (a wrong gradient for any yⱼ changes L's gradient for almost every w).
 *
 * An element passes when |analytic − numeric| ≤ atol + rtol·|numeric| (PyTorch's allclose rule, with its
 * defaults). Functions with kinks (relu at 0, max with ties) have no derivative there: check them away
 * from the kinks.
 */
import { InputError } from '../errors.js';
import { Random } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { enableGrad, noGrad } from './grad.js';

export interface GradcheckOptions {
  /** Finite-difference step. */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed of the projection weights w for non-scalar outputs. */
  seed?: number;
}

export interface GradcheckMismatch {
  /** Which input (position in `inputs`) and which element of it (flat index). */
  input: number;
  index: number;
  analytic: number;
  numeric: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** The largest |analytic − numeric| over all checked elements. */
  maxError: number;
  /** The element with the largest error relative to the tolerance (null if no element was checked). */
  worst: GradcheckMismatch | null;
  /** Per input (null where the input does not require a gradient): the gradients compared. */
  analytic: (Float64Array | null)[];
  numeric: (Float64Array | null)[];
}

export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, seed = 0 } = options;
  inputs.forEach((x, i) => {
    if (x.dtype !== 'float64')
      throw new InputError(`gradcheck: input ${i} is ${x.dtype}; finite differences need float64`);
    if (!x.isLeaf)
      throw new InputError(
        `gradcheck: input ${i} is the result of an op; pass leaf tensors (use .detach() and set requiresGrad)`,
      );
  });
  if (!inputs.some((x) => x.requiresGrad))
    throw new InputError('gradcheck: no input has requiresGrad: true, so there is nothing to check');
  const weights = projectionWeights(fn, inputs, seed);
  const loss = (): number => noGrad(() => dot(fn(...inputs), weights));
  const analytic = analyticGradients(fn, inputs, weights);
  const numeric = inputs.map((x) => (x.requiresGrad ? numericGradient(x, loss, eps) : null));

  let maxError = 0;
  let worst: GradcheckMismatch | null = null;
  let worstRatio = -1;
  let ok = true;
  inputs.forEach((_, input) => {
    const a = analytic[input];
    const n = numeric[input];
    if (a === null || n === null) return;
    for (let index = 0; index < a.length; index++) {
      const error = Math.abs(a[index] - n[index]);
      const allowed = atol + rtol * Math.abs(n[index]);
      if (!(error <= allowed)) ok = false; // also fails on NaN
      maxError = Math.max(maxError, error);
      const ratio = Number.isNaN(error) ? Infinity : error / allowed;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = { input, index, analytic: a[index], numeric: n[index] };
      }
    }
  });
  return { ok, maxError, worst, analytic, numeric };
}

/** w: ones for a scalar output (L = y), otherwise normal draws from a fixed seed. */
function projectionWeights(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], seed: number): Float64Array {
  const output = noGrad(() => fn(...inputs));
  if (!(output instanceof Tensor)) throw new InputError('gradcheck: the function must return a Tensor');
  if (output.dtype !== 'float64')
    throw new InputError(
      `gradcheck: the output is ${output.dtype}; it must be float64 (shape ${formatShape(output.shape)})`,
    );
  const weights = new Float64Array(output.size);
  if (output.size === 1) weights[0] = 1;
  else new Random(seed).fillNormal(weights);
  return weights;
}

/** ∂L/∂x for each input that requires a gradient, by backward(); the inputs' own gradients are left as they were. */
function analyticGradients(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  weights: Float64Array,
): (Float64Array | null)[] {
  const saved = inputs.map((x) => x.grad);
  try {
    inputs.forEach((x) => (x.grad = null));
    enableGrad(() => {
      const output = fn(...inputs);
      if (!output.requiresGrad)
        throw new InputError('gradcheck: the output does not depend on any input that requires a gradient');
      output.backward(new Tensor(weights, output.shape));
    });
    return inputs.map((x) => (x.requiresGrad ? Float64Array.from(x.grad ?? new Float64Array(x.size)) : null));
  } finally {
    inputs.forEach((x, i) => (x.grad = saved[i]));
  }
}

/** Central differences (L(x + εeᵢ) − L(x − εeᵢ)) / 2ε for every element i of x, restoring x afterwards. */
function numericGradient(x: Tensor, loss: () => number, eps: number): Float64Array {
  const gradient = new Float64Array(x.size);
  for (let i = 0; i < x.size; i++) {
    const original = x.data[i];
    try {
      x.data[i] = original + eps;
      const up = loss();
      x.data[i] = original - eps;
      const down = loss();
      gradient[i] = (up - down) / (2 * eps);
    } finally {
      x.data[i] = original;
    }
  }
  return gradient;
}

function dot(output: Tensor, weights: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += output.data[i] * weights[i];
  return sum;
}
