/**
 * CosineAnnealingLR (PyTorch `torch.optim.lr_scheduler.CosineAnnealingLR`; Loshchilov & Hutter,
 * "SGDR", 2017, without the restarts): the lr follows half a cosine from its base value down to η_min over
 * `tMax` steps, then back up over the next `tMax`, and so on.
 *
 *   η_t = η_min + (η_base − η_min)·(1 + cos(πt/T))/2                         (closed form, T = tMax)
 *
 * `step()` uses PyTorch's recursive form, which scales the distance from η_min, so the lr follows changes
 * made to it from outside and rounds as PyTorch does:
 *
 *   η_t = (1 + cos(πt/T)) / (1 + cos(π(t − 1)/T))·(η_{t−1} − η_min) + η_min
 *   η_t = η_{t−1} + (η_base − η_min)·(1 − cos(π/T))/2     when (t − 1 − T) mod 2T = 0 (leaving the minimum,
 *                                                          where the ratio above would be 0/0)
 *
 * PyTorch has a third branch (`_step_count == 1 and last_epoch > 0`) for schedulers resumed with a
 * last_epoch; a schedule here always starts at step 0, so it never applies.
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { integer, number } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  tMax: integer({ required: true, min: 1, help: 'the steps from the base lr down to η_min, half a period' }),
  etaMin: number({ default: 0, min: 0, help: 'η_min, the lowest lr' }),
});

export type CosineAnnealingLROptions = OptionValues<typeof OPTIONS>;

export function cosineAnnealingLR(optimizer: AnyOptimizer, options?: Partial<CosineAnnealingLROptions>): Schedule {
  return new CosineAnnealingLR(optimizer, options);
}

class CosineAnnealingLR extends LRScheduler {
  private readonly tMax: number;
  private readonly etaMin: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<CosineAnnealingLROptions>) {
    super('cosine', optimizer);
    const o = OPTIONS.resolve(this.name, options);
    this.tMax = o.tMax;
    this.etaMin = o.etaMin;
    this.start();
  }

  protected chainableLrs(): number[] {
    const { tMax: T, etaMin, lastEpoch: t } = this;
    const lrs = this.groupLrs();
    if (t === 0) return lrs;
    if ((t - 1 - T) % (2 * T) === 0) {
      return lrs.map((lr, i) => lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    }
    const ratio = (1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T));
    return lrs.map((lr) => ratio * (lr - etaMin) + etaMin);
  }

  protected override closedFormLrs(): number[] {
    const { tMax: T, etaMin, lastEpoch: t } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / T))) / 2);
  }
}
