/**
 * Stochastic variance-reduced gradient over a training set (Johnson & Zhang, "Accelerating Stochastic
 * Gradient Descent using Predictive Variance Reduction", NeurIPS 2013, Procedure SVRG with option I: the
 * snapshot is the last iterate). Every m steps the weights w̃ are kept with the full gradient of the mean
 * loss over all n training examples, μ̃ = (1/n)·Σᵢ ∇ψᵢ(w̃); each step's mini-batch gradient is then replaced by
 *
 *   v = ∇ψ_B(w) − ∇ψ_B(w̃) + μ̃,
 *
 * an unbiased estimate of the full gradient whose variance shrinks as w and w̃ approach the minimum, so the
 * optimizer (any of them: it sees v as the gradient) converges with a constant lr where SGD stalls. The
 * snapshots are taken before steps 1, m + 1, 2m + 1, … (as `trace` does on a finite-sum surface).
 *
 * The weights are one flat parameter buffer (fit's ParameterStore); ∇ψ_B(w̃) is computed by swapping w̃ in
 * for the batch's forward and backward pass and swapping w back.
 */
import { InputError } from '../errors.js';
import type { FloatBuffer, Param } from '../optim/optimizer.js';
import { decodeState, encodeState, type JsonValue } from '../util/serialize.js';

export class TrainingSvrg {
  /** w̃. */
  private readonly snapshot: FloatBuffer;
  /** μ̃ = ∇L(w̃) over the whole training set. */
  private readonly fullGradient: FloatBuffer;
  private readonly current: FloatBuffer;
  private readonly atBatch: FloatBuffer;

  constructor(
    /** m: the steps between snapshots. */
    readonly every: number,
    private readonly param: Param,
  ) {
    const like = (): FloatBuffer =>
      param.data instanceof Float32Array ? new Float32Array(param.data.length) : new Float64Array(param.data.length);
    this.snapshot = like();
    this.fullGradient = like();
    this.current = like();
    this.atBatch = like();
  }

  /** Whether the step after `stepsTaken` steps starts with a new snapshot. */
  due(stepsTaken: number): boolean {
    return stepsTaken % this.every === 0;
  }

  /** w̃ ← w and μ̃ ← ∇L(w̃); `gradientOfAll` writes the full gradient into the zeroed param.grad. */
  takeSnapshot(gradientOfAll: () => void): void {
    this.snapshot.set(this.param.data);
    this.param.grad.fill(0);
    gradientOfAll();
    this.fullGradient.set(this.param.grad);
  }

  /**
   * param.grad holds ∇ψ_B(w); `gradientOfBatch` computes ∇ψ_B at the weights in param.data into param.grad.
   * Leaves v = ∇ψ_B(w) − ∇ψ_B(w̃) + μ̃ in param.grad and w in param.data.
   */
  correct(gradientOfBatch: () => void): void {
    const { data, grad } = this.param;
    this.atBatch.set(grad);
    this.current.set(data);
    data.set(this.snapshot);
    try {
      gradientOfBatch();
    } finally {
      data.set(this.current);
    }
    for (let i = 0; i < grad.length; i++) grad[i] = this.atBatch[i] - grad[i] + this.fullGradient[i];
  }

  stateDict(): JsonValue {
    return encodeState({ snapshot: this.snapshot, fullGradient: this.fullGradient });
  }

  loadStateDict(saved: JsonValue): void {
    const state = decodeState(saved) as { snapshot?: unknown; fullGradient?: unknown } | null;
    const fits = (a: unknown): a is FloatBuffer =>
      (a instanceof Float32Array || a instanceof Float64Array) && a.length === this.snapshot.length;
    if (!fits(state?.snapshot) || !fits(state?.fullGradient))
      throw new InputError(
        `resume: the SVRG state must hold a snapshot and a full gradient of ${this.snapshot.length} values`,
      );
    this.snapshot.set(state.snapshot);
    this.fullGradient.set(state.fullGradient);
  }
}
