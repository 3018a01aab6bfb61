/**
 * ConstantLR (PyTorch `torch.optim.lr_scheduler.ConstantLR`): the lr is scaled by `factor` for the
 * first `totalIters` steps, then restored.
 *
 *   chainable:    η_0 = η·factor;  η_T = η_{T−1}·(1/factor) at T = totalIters;  else η_t = η_{t−1}
 *   closed form:  η_t = η_base·(factor + [t ≥ totalIters]·(1 − factor))   (used only by SequentialLR's step(0))
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { integer, number } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  // PyTorch allows 0, then divides by it when the lr is restored.
  factor: number({
    default: 1 / 3,
    min: 0,
    minOpen: true,
    max: 1,
    help: 'the factor the lr is multiplied by until totalIters',
  }),
  totalIters: integer({ default: 5, min: 1, help: 'the number of steps the lr stays scaled' }),
});

export type ConstantLROptions = OptionValues<typeof OPTIONS>;

export function constantLR(optimizer: AnyOptimizer, options?: Partial<ConstantLROptions>): Schedule {
  return new ConstantLR(optimizer, options);
}

class ConstantLR extends LRScheduler {
  private readonly factor: number;
  private readonly totalIters: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<ConstantLROptions>) {
    super('constant', optimizer);
    const o = OPTIONS.resolve(this.name, options);
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
