/**
 * ConstantLR (PyTorch 1.13 `torch.optim.lr_scheduler.ConstantLR`): the lr is scaled by `factor` for the
 * first `totalIters` steps, then restored.
 *
 *   chainable:    η_0 = η·factor;  η_T = η_{T−1}·(1/factor) at T = totalIters;  else η_t = η_{t−1}
 *   closed form:  η_t = η_base·(factor + [t ≥ totalIters]·(1 − factor))   (used only by SequentialLR's step(0))
 */
import { check, checkInteger, resolveOptions } from '../config/validate.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

export interface ConstantLROptions {
  /** The factor the lr is multiplied by until `totalIters`; in (0, 1]. */
  factor: number;
  /** The number of steps the lr stays scaled. */
  totalIters: number;
}

export const DEFAULTS: ConstantLROptions = { factor: 1.0 / 3, totalIters: 5 };

export function constantLR(optimizer: AnyOptimizer, options?: Partial<ConstantLROptions>): Schedule {
  return new ConstantLR(optimizer, options);
}

class ConstantLR extends LRScheduler {
  private readonly factor: number;
  private readonly totalIters: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<ConstantLROptions>) {
    super('constant', optimizer);
    const o = resolveOptions(this.name, DEFAULTS, options);
    // PyTorch allows 0, then divides by it when the lr is restored.
    check(o.factor > 0 && o.factor <= 1, this.name, 'factor', 'in (0, 1]', o.factor);
    checkInteger(this.name, 'totalIters', o.totalIters, 1);
    this.factor = o.factor;
    this.totalIters = o.totalIters;
    this.start();
  }

  protected chainableLrs(): number[] {
    const lrs = this.groupLrs();
    if (this.lastEpoch === 0) return lrs.map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return lrs;
    return lrs.map((lr) => lr * (1.0 / this.factor));
  }

  protected override closedFormLrs(): number[] {
    const restored = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((base) => base * (this.factor + restored * (1 - this.factor)));
  }
}
