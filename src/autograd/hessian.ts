/**
 * Second derivatives of a scalar function f of a parameter vector θ (float64, shape [n]), for models with
 * few parameters (Newton's method, curvature along a direction):
 *
 *   hessian(f, θ)                  H[i, j] = ∂²f/∂θᵢ∂θⱼ, n×n row-major
 *   hessianVectorProduct(f, θ, v)  H·v
 *
 * Method: central differences of the exact autodiff gradient, refined by Richardson extrapolation (not
 * double backward: the backward steps run on raw arrays and are not themselves differentiable). Along
 * a direction u,
 *
 *   D(h) = (∇f(θ + hu) − ∇f(θ − hu)) / 2h = H·u + (h²/6)·∇³f[u, u]… + O(h⁴)   (the even terms only),
 *   H·u ≈ (4·D(h/2) − D(h)) / 3,
 *
 * which cancels the h² term, leaving O(h⁴). Column j of H is the case u = eⱼ. With h ≈ 2⁻¹⁰·max(1, |θⱼ|)
 * the truncation error (~h⁴) and the rounding error (~2⁻⁵²/h, relative to |∇f|) are both near 1e-12, and
 * for functions whose gradient is a cubic polynomial (Rosenbrock, Σθᵢ⁴) the result is exact up to
 * rounding. Powers of two keep θⱼ ± h and θⱼ ± h/2 exact. The Hessian is symmetrised, (H + Hᵀ)/2, which
 * averages away rounding and gives Newton's method the symmetric matrix it expects.
 *
 * Cost: 4 gradient evaluations per column (4n for the Hessian, 4 for a product).
 */
import { InputError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { enableGrad } from './grad.js';
import { maxAbs } from '../util/vector.js';

/** A scalar function of the parameter vector, built from tensor ops. */
export type ScalarFunction = (params: Tensor) => Tensor;

/** ∇f(θ) by one backward pass, at float64 parameters equal to `at`. */
export function gradient(f: ScalarFunction, at: Float64Array): Float64Array {
  return enableGrad(() => {
    const params = new Tensor(Float64Array.from(at), [at.length], true);
    const value = f(params);
    if (!(value instanceof Tensor) || value.size !== 1) {
      throw new InputError(
        `hessian: f must return a scalar tensor (got ${value instanceof Tensor ? `shape ${formatShape(value.shape)}` : typeof value})`,
      );
    }
    if (value.requiresGrad) value.backward();
    return params.grad === null ? new Float64Array(at.length) : Float64Array.from(params.grad);
  });
}

export function hessian(f: ScalarFunction, at: Float64Array): Float64Array {
  const n = at.length;
  const h = new Float64Array(n * n);
  const direction = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    direction.fill(0);
    direction[j] = 1;
    const column = extrapolatedDifference(f, at, direction, powerOfTwoStep(Math.abs(at[j])));
    for (let i = 0; i < n; i++) h[i * n + j] = column[i];
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const average = (h[i * n + j] + h[j * n + i]) / 2;
      h[i * n + j] = average;
      h[j * n + i] = average;
    }
  }
  return h;
}

export function hessianVectorProduct(f: ScalarFunction, at: Float64Array, v: Float64Array): Float64Array {
  if (v.length !== at.length)
    throw new InputError(`hessianVectorProduct: v has ${v.length} entries but the parameters have ${at.length}`);
  const vMax = maxAbs(v);
  if (vMax === 0) return new Float64Array(at.length);
  // Step so that the largest coordinate of hv moves like a Hessian column's step would.
  return extrapolatedDifference(f, at, v, powerOfTwoStep(maxAbs(at)) / vMax);
}

/** (4·D(h/2) − D(h)) / 3 ≈ H·u with error O(h⁴). */
function extrapolatedDifference(f: ScalarFunction, at: Float64Array, u: Float64Array, h: number): Float64Array {
  const coarse = centralDifference(f, at, u, h);
  const fine = centralDifference(f, at, u, h / 2);
  return fine.map((value, i) => (4 * value - coarse[i]) / 3);
}

/** D(h) = (∇f(θ + hu) − ∇f(θ − hu)) / 2h. */
function centralDifference(f: ScalarFunction, at: Float64Array, u: Float64Array, h: number): Float64Array {
  const forward = gradient(
    f,
    at.map((x, i) => x + h * u[i]),
  );
  const backward = gradient(
    f,
    at.map((x, i) => x - h * u[i]),
  );
  return forward.map((value, i) => (value - backward[i]) / (2 * h));
}

/** 2⁻¹⁰ times the power of two at or below max(1, |x|). */
function powerOfTwoStep(magnitude: number): number {
  return 2 ** (Math.floor(Math.log2(Math.max(1, magnitude))) - 10);
}
