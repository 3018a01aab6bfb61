/**
 * Logistic regression's binary cross-entropy (UDL §5.4 and problem 6.4) as a surface over (φ0, φ1), for
 * labels yᵢ ∈ {0, 1} and Pr(y = 1 | x) = σ(z), z = φ0 + φ1·x:
 *
 *   ℓᵢ = −yᵢ log σ(z) − (1 − yᵢ) log(1 − σ(z)) = log(1 + eᶻ) − yᵢ·z
 *   ∇ℓᵢ = (σ(z) − yᵢ)(1, xᵢ),   ∇²ℓᵢ = σ(z)(1 − σ(z)) (1, xᵢ)(1, xᵢ)ᵀ
 *
 * The Hessian is positive semi-definite, so L is convex (what problem 6.4 asks to show); unless the classes
 * separate, its one minimum is where Newton's method from 0 ends. log(1 + eᶻ) is computed as
 * max(z, 0) + log1p(e^−|z|), which neither overflows nor loses digits. By default the data are the
 * problem's ten points from N(−1, 1) labelled 0 and ten from N(1, 1) labelled 1 (src/data/book.ts).
 */
import { logisticBookData } from '../data/book.js';
import type { Dataset } from '../data/dataset.js';
import { finiteSumSurface, type ExampleTerm, type FiniteSumSurface } from './finiteSum.js';
import type { Window } from './surface.js';

export const LOGISTIC_WINDOW: Window = { x: [-4, 4], y: [-3, 7] };

const crossEntropy: ExampleTerm = (x, y, phi0, phi1, sums, withHessian) => {
  const z = phi0 + phi1 * x;
  const sigma = 1 / (1 + Math.exp(-z));
  const residual = sigma - y;
  sums[0] += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
  sums[1] += residual;
  sums[2] += residual * x;
  if (withHessian) {
    const w = sigma * (1 - sigma);
    sums[3] += w;
    sums[4] += w * x;
    sums[5] += w * x * x;
  }
};

export function logisticRegressionSurface(
  data: Pick<Dataset, 'x' | 'y' | 'n'> = logisticBookData(),
  params: Record<string, number> = {},
): FiniteSumSurface {
  return finiteSumSurface({
    name: 'logisticRegression',
    params,
    data,
    term: crossEntropy,
    minimaNear: [[0, 0]],
    window: LOGISTIC_WINDOW,
  });
}
