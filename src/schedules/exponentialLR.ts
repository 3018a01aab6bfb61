/**
 * ExponentialLR (PyTorch 1.13 `torch.optim.lr_scheduler.ExponentialLR`): the lr is multiplied by γ every step.
 *
 *   chainable:    η_t = η_{t−1}·γ for t > 0
 *   closed form:  η_t = η_base·γ^t   (used only by SequentialLR's step(0))
 */
import { checkNonNegative, resolveOptions } from '../config/validate.js';
import { LRScheduler } from './lrScheduler.js';
import { checkGiven } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

export interface ExponentialLROptions {
  /** Factor of the decay per step; required. */
  gamma: number;
}

export const DEFAULTS: ExponentialLROptions = { gamma: Number.NaN };

export function exponentialLR(optimizer: AnyOptimizer, options?: Partial<ExponentialLROptions>): Schedule {
  return new ExponentialLR(optimizer, options);
}

class ExponentialLR extends LRScheduler {
  private readonly gamma: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<ExponentialLROptions>) {
    super('exponential', optimizer);
    const o = resolveOptions(this.name, DEFAULTS, options);
    checkGiven(this.name, 'gamma', o.gamma, 'a number >= 0');
    checkNonNegative(this.name, 'gamma', o.gamma);
    this.gamma = o.gamma;
    this.start();
  }

  protected chainableLrs(): number[] {
    const lrs = this.groupLrs();
    if (this.lastEpoch === 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLrs(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** this.lastEpoch);
  }
}
