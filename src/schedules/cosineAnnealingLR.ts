/**
 * CosineAnnealingLR (PyTorch 1.13 `torch.optim.lr_scheduler.CosineAnnealingLR`; Loshchilov & Hutter,
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
import { checkNonNegative, resolveOptions } from '../config/validate.js';
import { LRScheduler } from './lrScheduler.js';
import { checkGivenInteger } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

export interface CosineAnnealingLROptions {
  /** Steps from the base lr down to η_min (half a period); required. */
  tMax: number;
  /** η_min, the lowest lr. */
  etaMin: number;
}

export const DEFAULTS: CosineAnnealingLROptions = { tMax: Number.NaN, etaMin: 0 };

export function cosineAnnealingLR(optimizer: AnyOptimizer, options?: Partial<CosineAnnealingLROptions>): Schedule {
  return new CosineAnnealingLR(optimizer, options);
}

class CosineAnnealingLR extends LRScheduler {
  private readonly tMax: number;
  private readonly etaMin: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<CosineAnnealingLROptions>) {
    super('cosine', optimizer);
    const o = resolveOptions(this.name, DEFAULTS, options);
    checkGivenInteger(this.name, 'tMax', o.tMax, 1);
    checkNonNegative(this.name, 'etaMin', o.etaMin);
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
