/**
 * How fast SGD with momentum converges on a quadratic, in closed form: the colours of the race's
 * (α, β) map, after Goh, "Why Momentum Really Works", Distill 2017, section "The Dynamics of Momentum"
 * (and Polyak 1964).
 *
 * torch.optim.SGD with lr α, momentum β and no dampening (b ← βb + g, θ ← θ − αb) is Polyak's heavy ball
 * θ_{k+1} = θ_k − α∇L(θ_k) + β(θ_k − θ_{k−1}). On L = ½ θᵀHθ, along an eigenvector of H with eigenvalue
 * λ the coordinate x follows x_{k+1} = (1 + β − αλ) x_k − β x_{k−1}, i.e. (x_{k+1}, x_k) = R (x_k, x_{k−1})
 * with R = [[1 + β − αλ, −β], [1, 0]] (Goh's R in his (y, x) coordinates is similar, so has the same
 * eigenvalues). Its eigenvalues solve z² − (1 + β − αλ) z + β = 0:
 *   complex (Δ = (1 + β − αλ)² − 4β < 0): |z| = √β;   real: z = ((1 + β − αλ) ± √Δ) / 2.
 * The run's rate is the slowest direction's: rate(α, β) = max over λ of max|z|; below 1 it converges,
 * the error shrinking about like rateᵏ.
 */

/** The spectral radius of heavy ball's iteration matrix R for one eigenvalue λ. */
export function heavyBallRadius(alpha: number, beta: number, lambda: number): number {
  const t = 1 + beta - alpha * lambda;
  const discriminant = t * t - 4 * beta;
  if (discriminant < 0) return Math.sqrt(beta);
  const root = Math.sqrt(discriminant);
  return Math.max(Math.abs(t + root), Math.abs(t - root)) / 2;
}

/** max over the Hessian's eigenvalues of heavyBallRadius: below 1 the run converges at about this rate per step. */
export function heavyBallRate(alpha: number, beta: number, eigenvalues: readonly number[]): number {
  let rate = 0;
  for (const lambda of eigenvalues) rate = Math.max(rate, heavyBallRadius(alpha, beta, lambda));
  return rate;
}

/**
 * The best step and momentum for eigenvalues in [λmin, λmax] (Goh 2017, "Optimal parameters"):
 * α* = (2 / (√λmin + √λmax))², β* = ((√κ − 1) / (√κ + 1))² with κ = λmax / λmin, and rate √β*.
 */
export function optimalHeavyBall(lambdaMin: number, lambdaMax: number): { alpha: number; beta: number; rate: number } {
  const root = Math.sqrt(lambdaMax / lambdaMin);
  const rate = (root - 1) / (root + 1);
  return { alpha: (2 / (Math.sqrt(lambdaMin) + Math.sqrt(lambdaMax))) ** 2, beta: rate * rate, rate };
}

/** Steps for an error to shrink by `tolerance` at `rate` per step: ⌈ln tolerance / ln rate⌉ (∞ at rate ≥ 1). */
export function stepsAtRate(rate: number, tolerance: number): number {
  return rate >= 1 ? Infinity : Math.max(1, Math.ceil(Math.log(tolerance) / Math.log(rate)));
}

/** The eigenvalues of a symmetric 2×2 matrix [[a, b], [b, d]] (row-major), smaller first. */
export function symmetricEigenvalues(h: ArrayLike<number>): [number, number] {
  const mean = (h[0] + h[3]) / 2;
  const spread = Math.hypot((h[0] - h[3]) / 2, h[1]);
  return [mean - spread, mean + spread];
}

/**
 * The α axis of the map: 10 % past 4/λmax, past which no β converges (the top eigenvalue needs
 * α < 2(1 + β)/λmax), so that the boundary and the best α* (just below 4/λmax when κ is large) both show.
 */
export function alphaLimit(lambdaMax: number): number {
  return 4.4 / lambdaMax;
}
