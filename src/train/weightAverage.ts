/**
 * Averages of a model's weights along training (PyTorch's `torch.optim.swa_utils.AveragedModel`):
 *
 *   'swa'  stochastic weight averaging (Izmailov et al., 2018): the running mean of every weight over the
 *          updates, θ̄ ← θ̄ + (θ − θ̄)/(n + 1) (AveragedModel's default avg_fn, PyTorch 1.13)
 *   'ema'  an exponential moving average, θ̄ ← lerp(θ̄, θ, 1 − d) (PyTorch 2.x's get_ema_multi_avg_fn(decay),
 *          which calls torch._foreach_lerp_; ATen's lerp with weight w computes θ̄ + w·(θ − θ̄) for |w| < ½
 *          and θ − (θ − θ̄)·(1 − w) otherwise — the same number as d·θ̄ + (1 − d)·θ up to rounding)
 *
 * The first update copies the weights (n = 0), as AveragedModel does. Call `update()` when the average
 * should take the current weights in (after each epoch from swaStart, or after each step for an EMA), and
 * `copyTo` to evaluate the averaged model. The average keeps each parameter's dtype, as AveragedModel's
 * deep copy does. Only parameters are averaged (AveragedModel's use_buffers=False); batch-norm statistics
 * are recomputed for the averaged weights by updateBatchNorm (src/train/updateBatchNorm.ts).
 */
import { check } from '../config/validate.js';
import type { FloatBuffer } from '../optim/optimizer.js';
import { lerp } from '../optim/pytorchArithmetic.js';
import type { JsonValue } from '../util/serialize.js';

export type AveragingMode = 'swa' | 'ema';

export interface WeightAverageOptions {
  mode: AveragingMode;
  /** The EMA's decay d, in [0, 1). */
  decay?: number;
}

export class WeightAverage {
  /** The averaged weights, one buffer per parameter. */
  readonly averaged: FloatBuffer[];
  /** Updates taken in so far (PyTorch `n_averaged`). */
  count = 0;
  readonly mode: AveragingMode;
  private readonly decay: number;

  constructor(
    private readonly params: readonly { data: FloatBuffer }[],
    options: WeightAverageOptions,
  ) {
    check(options.mode === 'swa' || options.mode === 'ema', 'weightAverage', 'mode', "'swa' or 'ema'", options.mode);
    const decay = options.decay ?? 0.999;
    check(Number.isFinite(decay) && decay >= 0 && decay < 1, 'weightAverage', 'decay', 'in [0, 1)', decay);
    this.mode = options.mode;
    this.decay = decay;
    this.averaged = params.map(({ data }) =>
      data instanceof Float32Array ? new Float32Array(data.length) : new Float64Array(data.length),
    );
  }

  /** Takes the parameters' current values into the average. */
  update(): void {
    const n = this.count;
    this.params.forEach(({ data }, k) => {
      const avg = this.averaged[k];
      for (let i = 0; i < data.length; i++) {
        if (n === 0) avg[i] = data[i];
        else if (this.mode === 'swa') avg[i] += (data[i] - avg[i]) / (n + 1);
        else avg[i] = lerp(avg[i], data[i], 1 - this.decay);
      }
    });
    this.count++;
  }

  /** Writes the averaged weights into `params` (the same shapes as the averaged ones). */
  copyTo(params: readonly { data: FloatBuffer }[] = this.params): void {
    params.forEach(({ data }, k) => data.set(this.averaged[k]));
  }

  stateDict(): JsonValue {
    return { count: this.count, averaged: this.averaged.map((a) => Array.from(a)) };
  }

  loadStateDict(state: JsonValue): void {
    const saved = state as { count?: unknown; averaged?: unknown };
    const ok =
      Number.isInteger(saved?.count) &&
      Array.isArray(saved.averaged) &&
      saved.averaged.length === this.averaged.length &&
      (saved.averaged as unknown[]).every(
        (a, k) => Array.isArray(a) && a.length === this.averaged[k].length && a.every(Number.isFinite),
      );
    check(
      ok,
      'weightAverage',
      'state',
      `{count, averaged: ${this.averaged.length} arrays of the parameters' sizes}`,
      state,
    );
    this.count = saved.count as number;
    (saved.averaged as number[][]).forEach((a, k) => this.averaged[k].set(a));
  }
}
