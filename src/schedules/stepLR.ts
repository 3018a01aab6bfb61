/**
 * StepLR (PyTorch 1.13 `torch.optim.lr_scheduler.StepLR`): the lr is multiplied by γ every `stepSize` steps.
 *
 *   chainable:    η_t = η_{t−1}·γ  if t > 0 and t mod stepSize = 0,  else η_{t−1}
 *   closed form:  η_t = η_base·γ^⌊t / stepSize⌋   (used only by SequentialLR's step(0))
 */
import { checkNonNegative, resolveOptions } from '../config/validate.js';
import { LRScheduler } from './lrScheduler.js';
import { checkGivenInteger } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

export interface StepLROptions {
  /** Period of the decay in steps; required. */
  stepSize: number;
  /** Factor of the decay. */
  gamma: number;
}

export const DEFAULTS: StepLROptions = { stepSize: Number.NaN, gamma: 0.1 };

export function stepLR(optimizer: AnyOptimizer, options?: Partial<StepLROptions>): Schedule {
  return new StepLR(optimizer, options);
}

class StepLR extends LRScheduler {
  private readonly stepSize: number;
  private readonly gamma: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<StepLROptions>) {
    super('step', optimizer);
    const o = resolveOptions(this.name, DEFAULTS, options);
    checkGivenInteger(this.name, 'stepSize', o.stepSize, 1);
    checkNonNegative(this.name, 'gamma', o.gamma);
    this.stepSize = o.stepSize;
    this.gamma = o.gamma;
    this.start();
  }

  protected chainableLrs(): number[] {
    const lrs = this.groupLrs();
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return lrs;
    return lrs.map((lr) => lr * this.gamma);
  }

  protected override closedFormLrs(): number[] {
    return this.baseLrs.map((base) => base * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}
