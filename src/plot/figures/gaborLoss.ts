/**
 * The least-squares loss of the Gabor model (UDL §6.1.2, eq. 6.8; Prince, Understanding Deep Learning) on a
 * 1-D dataset {xᵢ, yᵢ}, as a 2-D surface over (φ0, φ1):
 *
 *   f(x, φ) = sin(a)·exp(−a²/32),  a = φ0 + 0.06·φ1·x
 *   L(φ) = Σᵢ (f(xᵢ, φ) − yᵢ)²
 *
 * in closed form (the contour grids, Newton from many starts and SGD evaluate it tens of thousands of
 * times; the tests check it against the engine's autodiff `gradient` and `hessian` of `gabor`). With
 * rᵢ = f − yᵢ, f′ = df/da and ∂a/∂φ = (1, 0.06·xᵢ):
 *
 *   f′  = e·(cos a − a·sin a / 16)                 e = exp(−a²/32)
 *   f″  = −e·(sin a·(1 + 1/16 − a²/256) + a·cos a / 8)
 *   ∇L = 2 Σ rᵢ f′ ∂a/∂φ,   ∇²L = 2 Σ (f′² + rᵢ f″) ∂a/∂φ ∂a/∂φᵀ
 *
 * A mini-batch B estimates the same sum as (n/|B|)·Σ_{i∈B}, so SGD takes steps on the scale of gradient
 * descent's.
 */
import type { Dataset } from '../../data/dataset.js';
import { defineSurface, type Surface, type Window } from '../../problems/surface.js';

/** UDL Figure 6.4's window: offset φ0 ∈ [−10, 10], frequency φ1 ∈ [2.5, 22.5]. */
export const GABOR_WINDOW: Window = { x: [-10, 10], y: [2.5, 22.5] };

export interface GaborLoss extends Surface {
  /** The mini-batch estimate (n/|B|)·∇Σ_{i∈B} rᵢ² at (φ0, φ1), written into `out`. */
  batchGradient(phi0: number, phi1: number, batch: ArrayLike<number>, out: Float64Array): Float64Array;
}

export function gaborLoss(data: Pick<Dataset, 'x' | 'y' | 'n'>): GaborLoss {
  const xs = Float64Array.from(data.x);
  const ys = Float64Array.from(data.y);
  const all = Array.from({ length: data.n }, (_, i) => i);
  const terms = new Float64Array(6);
  const surface = defineSurface({
    name: 'gabor least squares',
    params: {},
    value: (phi0, phi1) => sums(xs, ys, all, phi0, phi1, terms, false)[0],
    gradient(phi0, phi1, out) {
      sums(xs, ys, all, phi0, phi1, terms, false);
      out[0] = terms[1];
      out[1] = terms[2];
      return out;
    },
    hessian(phi0, phi1, out) {
      sums(xs, ys, all, phi0, phi1, terms, true);
      out[0] = terms[3];
      out[1] = terms[4];
      out[2] = terms[4];
      out[3] = terms[5];
      return out;
    },
    minima: [],
    window: GABOR_WINDOW,
  });
  return {
    ...surface,
    batchGradient(phi0, phi1, batch, out) {
      sums(xs, ys, batch, phi0, phi1, terms, false);
      const scale = data.n / batch.length;
      out[0] = scale * terms[1];
      out[1] = scale * terms[2];
      return out;
    },
  };
}

/** [L, ∂L/∂φ0, ∂L/∂φ1, H00, H01, H11] over the rows `rows`, into `out` (the Hessian only when asked). */
function sums(xs: Float64Array, ys: Float64Array, rows: ArrayLike<number>, phi0: number, phi1: number, out: Float64Array, withHessian: boolean): Float64Array {
  out.fill(0);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const da1 = 0.06 * xs[i];
    const a = phi0 + phi1 * da1;
    const e = Math.exp(-(a * a) / 32);
    const sin = Math.sin(a);
    const cos = Math.cos(a);
    const r = sin * e - ys[i];
    const slope = e * (cos - (a * sin) / 16);
    out[0] += r * r;
    out[1] += 2 * r * slope;
    out[2] += 2 * r * slope * da1;
    if (withHessian) {
      const curvature = -e * (sin * (1 + 1 / 16 - (a * a) / 256) + (a * cos) / 8);
      const h = 2 * (slope * slope + r * curvature);
      out[3] += h;
      out[4] += h * da1;
      out[5] += h * da1 * da1;
    }
  }
  return out;
}
