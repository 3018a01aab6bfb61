/**
 * Stochastic variance-reduced gradient (Johnson & Zhang, "Accelerating Stochastic Gradient Descent using
 * Predictive Variance Reduction", NeurIPS 2013) on a loss over data: every m steps a snapshot φ̃ of the
 * parameters and its full gradient μ = ∇L(φ̃) (one pass over the data); in between, each mini-batch B's
 * gradient is corrected by the same batch's gradient at the snapshot,
 *
 *   v = ∇L_B(φ) − ∇L_B(φ̃) + μ,
 *
 * still an unbiased estimate of ∇L(φ), but one whose variance vanishes as φ and φ̃ approach the minimum, so
 * SGD with a constant step converges to it, where plain SGD stalls in a cloud whose size scales with the step.
 */
import type { FiniteSumSurface } from './finiteSum.js';

export class SvrgGradient {
  private readonly snapshot = new Float64Array(2);
  private readonly fullGradient = new Float64Array(2);
  private readonly atSnapshot = new Float64Array(2);

  constructor(
    private readonly surface: FiniteSumSurface,
    /** m: the steps between snapshots. */
    readonly every: number,
  ) {}

  /** φ̃ ← (φ0, φ1) and μ ← ∇L(φ̃) over all the data. */
  takeSnapshot(phi0: number, phi1: number): void {
    this.snapshot[0] = phi0;
    this.snapshot[1] = phi1;
    this.surface.gradient(phi0, phi1, this.fullGradient);
  }

  /** v = ∇L_B(φ) − ∇L_B(φ̃) + μ, written into `out`. */
  gradient(phi0: number, phi1: number, batch: ArrayLike<number>, out: Float64Array): Float64Array {
    this.surface.batchGradient(phi0, phi1, batch, out);
    this.surface.batchGradient(this.snapshot[0], this.snapshot[1], batch, this.atSnapshot);
    for (let k = 0; k < 2; k++) out[k] += this.fullGradient[k] - this.atSnapshot[k];
    return out;
  }
}
