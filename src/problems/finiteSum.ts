/**
 * A loss that is a sum over a data set, L(φ) = Σᵢ ℓ(xᵢ, yᵢ; φ), as a 2-D surface over (φ0, φ1): the
 * course's model losses (UDL §6.1: linear regression, the Gabor model, logistic regression, the shallow
 * network), on which gradient descent sees the whole sum and stochastic gradient descent a mini-batch.
 *
 * A mini-batch B estimates the sum as (n/|B|)·Σ_{i∈B} ℓᵢ (and likewise its gradient and Hessian), so
 * SGD's steps are on the scale of gradient descent's (UDL eq. 6.16 with the sum's scale).
 *
 * A model gives its per-example term: ℓ, ∂ℓ/∂φ and ∂²ℓ/∂φ² in closed form, added into a buffer of six
 * numbers [ℓ, ∂0, ∂1, H00, H01, H11]; one loop over the rows sums them.
 */
import type { Dataset } from '../data/dataset.js';
import { defineSurface, type Point, type Surface, type Window } from './surface.js';

/** Adds example (x, y)'s ℓ, ∇ℓ and (when asked) ∇²ℓ at (φ0, φ1) into sums[0 … 5]. */
export type ExampleTerm = (
  x: number,
  y: number,
  phi0: number,
  phi1: number,
  sums: Float64Array,
  withHessian: boolean,
) => void;

export interface FiniteSumDefinition {
  name: string;
  params: Readonly<Record<string, number>>;
  /** One input and one target (or 0/1 label) per example. */
  data: Pick<Dataset, 'x' | 'y' | 'n'>;
  term: ExampleTerm;
  /** Starts from which Newton's method finds the known minima (global first). */
  minimaNear: readonly Point[];
  window: Window;
}

export interface FiniteSumSurface extends Surface {
  /** The number of examples in the sum. */
  readonly n: number;
  /** The examples' inputs and targets, as float64. */
  readonly data: { readonly x: Float64Array; readonly y: Float64Array };
  /** (n/|B|)·Σ_{i∈B} ℓᵢ at (φ0, φ1), over the rows `batch`. */
  batchValue(phi0: number, phi1: number, batch: ArrayLike<number>): number;
  /** Its gradient, written into `out`. */
  batchGradient(phi0: number, phi1: number, batch: ArrayLike<number>, out: Float64Array): Float64Array;
  /** Its Hessian, row-major, written into `out`. */
  batchHessian(phi0: number, phi1: number, batch: ArrayLike<number>, out: Float64Array): Float64Array;
}

export function isFiniteSum(surface: Surface): surface is FiniteSumSurface {
  return typeof (surface as Partial<FiniteSumSurface>).batchGradient === 'function';
}

export function finiteSumSurface(definition: FiniteSumDefinition): FiniteSumSurface {
  const { data, term } = definition;
  const xs = Float64Array.from(data.x.subarray(0, data.n));
  const ys = Float64Array.from(data.y.subarray(0, data.n));
  const all = Uint32Array.from({ length: data.n }, (_, i) => i);
  const sums = new Float64Array(6);
  /** Fills `sums` with the batch's scaled ℓ, ∇ℓ and ∇²ℓ. */
  const evaluate = (phi0: number, phi1: number, rows: ArrayLike<number>, withHessian: boolean): Float64Array => {
    sums.fill(0);
    for (let k = 0; k < rows.length; k++) term(xs[rows[k]], ys[rows[k]], phi0, phi1, sums, withHessian);
    if (rows.length !== data.n) {
      const scale = data.n / rows.length;
      for (let j = 0; j < 6; j++) sums[j] *= scale;
    }
    return sums;
  };
  const batchValue = (phi0: number, phi1: number, rows: ArrayLike<number>): number =>
    evaluate(phi0, phi1, rows, false)[0];
  const batchGradient = (phi0: number, phi1: number, rows: ArrayLike<number>, out: Float64Array): Float64Array => {
    evaluate(phi0, phi1, rows, false);
    out[0] = sums[1];
    out[1] = sums[2];
    return out;
  };
  const batchHessian = (phi0: number, phi1: number, rows: ArrayLike<number>, out: Float64Array): Float64Array => {
    evaluate(phi0, phi1, rows, true);
    out[0] = sums[3];
    out[1] = sums[4];
    out[2] = sums[4];
    out[3] = sums[5];
    return out;
  };
  const surface = defineSurface({
    name: definition.name,
    params: definition.params,
    value: (phi0, phi1) => batchValue(phi0, phi1, all),
    gradient: (phi0, phi1, out) => batchGradient(phi0, phi1, all, out),
    hessian: (phi0, phi1, out) => batchHessian(phi0, phi1, all, out),
    minima: definition.minimaNear.map((start) => newtonMinimum(start, batchGradient, batchHessian, all)),
    window: definition.window,
  });
  return { ...surface, n: data.n, data: { x: xs, y: ys }, batchValue, batchGradient, batchHessian };
}

/** Newton's iteration φ ← φ − H⁻¹∇L from `start` until the step stops shrinking the gradient (at most 100 steps). */
function newtonMinimum(
  start: Point,
  gradient: (phi0: number, phi1: number, rows: ArrayLike<number>, out: Float64Array) => Float64Array,
  hessian: (phi0: number, phi1: number, rows: ArrayLike<number>, out: Float64Array) => Float64Array,
  rows: ArrayLike<number>,
): Point {
  const g = new Float64Array(2);
  const h = new Float64Array(4);
  let [a, b] = start;
  for (let k = 0; k < 100; k++) {
    gradient(a, b, rows, g);
    hessian(a, b, rows, h);
    const det = h[0] * h[3] - h[1] * h[2];
    const da = (h[3] * g[0] - h[1] * g[1]) / det;
    const db = (h[0] * g[1] - h[2] * g[0]) / det;
    if (!Number.isFinite(da) || !Number.isFinite(db)) break;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) <= 1e-15 * (1 + Math.abs(a) + Math.abs(b))) break;
  }
  return [a, b];
}
