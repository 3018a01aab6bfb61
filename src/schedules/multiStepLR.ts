/**
 * MultiStepLR (PyTorch `torch.optim.lr_scheduler.MultiStepLR`): the lr is multiplied by γ at each
 * milestone; a milestone listed k times multiplies by γ^k (PyTorch keeps them in a Counter).
 *
 *   chainable:    η_t = η_{t−1}·γ^count(t)
 *   closed form:  η_t = η_base·γ^(number of milestones ≤ t)   (used only by SequentialLR's step(0))
 *
 * Milestones are non-negative integers in any order, as PyTorch takes them.
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { number } from '../config/settings.js';
import { milestones } from './options.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  milestones: milestones(0, 'the steps at which the lr decays'),
  gamma: number({ default: 0.1, min: 0, help: 'the factor of each decay' }),
});

export type MultiStepLROptions = OptionValues<typeof OPTIONS>;

export function multiStepLR(optimizer: AnyOptimizer, options?: Partial<MultiStepLROptions>): Schedule {
  return new MultiStepLR(optimizer, options);
}

class MultiStepLR extends LRScheduler {
  /** How many times each milestone is listed. */
  private readonly counts = new Map<number, number>();
  private readonly sortedMilestones: number[];
  private readonly gamma: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<MultiStepLROptions>) {
    super('multistep', optimizer);
    const o = OPTIONS.resolve(this.name, options);
    for (const m of o.milestones) this.counts.set(m, (this.counts.get(m) ?? 0) + 1);
    this.sortedMilestones = [...o.milestones].sort((a, b) => a - b);
    this.gamma = o.gamma;
    this.start();
  }

  protected chainableLrs(): number[] {
    const lrs = this.groupLrs();
    const count = this.counts.get(this.lastEpoch);
    if (count === undefined) return lrs;
    return lrs.map((lr) => lr * this.gamma ** count);
  }

  protected override closedFormLrs(): number[] {
    const passed = this.sortedMilestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((base) => base * this.gamma ** passed);
  }
}
