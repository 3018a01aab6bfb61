/**
 * The least-squares loss of the Gabor model (UDL §6.1.2, eq. 6.8; Prince, Understanding Deep Learning) on
 * 1-D data {xᵢ, yᵢ}, as a surface over (φ0, φ1):
 *
 *   f(x, φ) = sin(a)·exp(−a²/32),  a = φ0 + 0.06·φ1·x,    L(φ) = Σᵢ (f(xᵢ, φ) − yᵢ)²
 *
 * in closed form. With rᵢ = f − yᵢ, e = exp(−a²/32), f′ = df/da and ∂a/∂φ = (1, 0.06·xᵢ):
 *
 *   f′ = e·(cos a − a·sin a / 16)
 *   f″ = −e·(sin a·(1 + 1/16 − a²/256) + a·cos a / 8)
 *   ∇ℓᵢ = 2 rᵢ f′ ∂a/∂φ,   ∇²ℓᵢ = 2 (f′² + rᵢ f″) ∂a/∂φ ∂a/∂φᵀ
 *
 * By default the data are the book-matching re-draw of UDL Figure 6.3 (src/data/book.ts).
 */
import { gaborBookData } from '../data/book.js';
import type { Dataset } from '../data/dataset.js';
import { finiteSumSurface, type ExampleTerm, type FiniteSumSurface } from './finiteSum.js';
import type { Window } from './surface.js';

/** UDL Figure 6.4's window: offset φ0 ∈ [−10, 10], frequency φ1 ∈ [2.5, 22.5]. */
export const GABOR_WINDOW: Window = { x: [-10, 10], y: [2.5, 22.5] };

/** Where Newton's method starts for the global minimum: the true φ of UDL Figure 6.3. */
const TRUE_PHI = [0, 16.6] as const;

const gaborTerm: ExampleTerm = (x, y, phi0, phi1, sums, withHessian) => {
  const da1 = 0.06 * x;
  const a = phi0 + phi1 * da1;
  const e = Math.exp(-(a * a) / 32);
  const sin = Math.sin(a);
  const cos = Math.cos(a);
  const r = sin * e - y;
  const slope = e * (cos - (a * sin) / 16);
  sums[0] += r * r;
  sums[1] += 2 * r * slope;
  sums[2] += 2 * r * slope * da1;
  if (withHessian) {
    const curvature = -e * (sin * (1 + 1 / 16 - (a * a) / 256) + (a * cos) / 8);
    const h = 2 * (slope * slope + r * curvature);
    sums[3] += h;
    sums[4] += h * da1;
    sums[5] += h * da1 * da1;
  }
};

/** The Gabor loss over `data` (default: the re-draw of Figure 6.3 with its seed); `params` records how the data were drawn. */
export function gaborSurface(
  data: Pick<Dataset, 'x' | 'y' | 'n'> = gaborBookData(),
  params: Record<string, number> = {},
): FiniteSumSurface {
  return finiteSumSurface({
    name: 'gabor',
    params,
    data,
    term: gaborTerm,
    minimaNear: [TRUE_PHI],
    window: GABOR_WINDOW,
  });
}
