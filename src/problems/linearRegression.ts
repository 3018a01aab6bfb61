/**
 * Linear regression's least-squares loss (UDL §2.2 and Figure 6.1) as a surface over (intercept φ0, slope φ1):
 *
 *   L(φ) = Σᵢ (φ0 + φ1·xᵢ − yᵢ)²,   ∇ℓᵢ = 2 rᵢ (1, xᵢ),   ∇²ℓᵢ = 2 (1, xᵢ)(1, xᵢ)ᵀ   (rᵢ = φ0 + φ1·xᵢ − yᵢ).
 *
 * L is quadratic, so its one minimum is the normal equations' solution, which Newton's method reaches in
 * one step. By default the data are the 12-point re-draw in the manner of Figure 6.1 (src/data/book.ts).
 */
import { lineBookData } from '../data/book.js';
import type { Dataset } from '../data/dataset.js';
import { finiteSumSurface, type ExampleTerm, type FiniteSumSurface } from './finiteSum.js';
import type { Window } from './surface.js';

/** Intercept φ0 ∈ [−1, 2.5], slope φ1 ∈ [−1, 2]: the minimum of the default data and the starts of the figure. */
export const LINE_WINDOW: Window = { x: [-1, 2.5], y: [-1, 2] };

const squaredResidual: ExampleTerm = (x, y, phi0, phi1, sums, withHessian) => {
  const r = phi0 + phi1 * x - y;
  sums[0] += r * r;
  sums[1] += 2 * r;
  sums[2] += 2 * r * x;
  if (withHessian) {
    sums[3] += 2;
    sums[4] += 2 * x;
    sums[5] += 2 * x * x;
  }
};

export function linearRegressionSurface(
  data: Pick<Dataset, 'x' | 'y' | 'n'> = lineBookData(),
  params: Record<string, number> = {},
): FiniteSumSurface {
  return finiteSumSurface({
    name: 'linearRegression',
    params,
    data,
    term: squaredResidual,
    minimaNear: [[0, 0]],
    window: LINE_WINDOW,
  });
}
