/**
 * ExponentialLR (PyTorch `torch.optim.lr_scheduler.ExponentialLR`): the lr is multiplied by γ every step.
 *
 *   chainable:    η_t = η_{t−1}·γ for t > 0
 *   closed form:  η_t = η_base·γ^t   (used only by SequentialLR's step(0))
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { number } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  gamma: number({ required: true, min: 0, help: 'the factor of the decay per step' }),
});

export type ExponentialLROptions = OptionValues<typeof OPTIONS>;

export function exponentialLR(optimizer: AnyOptimizer, options?: Partial<ExponentialLROptions>): Schedule {
  return new ExponentialLR(optimizer, options);
}

class ExponentialLR extends LRScheduler {
  private readonly gamma: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<ExponentialLROptions>) {
    super('exponential', optimizer);
    const o = OPTIONS.resolve(this.name, options);
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
