/**
 * StepLR (PyTorch `torch.optim.lr_scheduler.StepLR`): the lr is multiplied by γ every `stepSize` steps.
 *
 *   chainable:    η_t = η_{t−1}·γ  if t > 0 and t mod stepSize = 0,  else η_{t−1}
 *   closed form:  η_t = η_base·γ^⌊t / stepSize⌋   (used only by SequentialLR's step(0))
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { integer, number } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  stepSize: integer({ required: true, min: 1, help: 'the period of the decay in steps' }),
  gamma: number({ default: 0.1, min: 0, help: 'the factor of the decay' }),
});

export type StepLROptions = OptionValues<typeof OPTIONS>;

export function stepLR(optimizer: AnyOptimizer, options?: Partial<StepLROptions>): Schedule {
  return new StepLR(optimizer, options);
}

class StepLR extends LRScheduler {
  private readonly stepSize: number;
  private readonly gamma: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<StepLROptions>) {
    super('step', optimizer);
    const o = OPTIONS.resolve(this.name, options);
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
