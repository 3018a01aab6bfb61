/**
 * CosineAnnealingWarmRestarts (PyTorch `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`;
 * Loshchilov & Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", 2017): cosine annealing
 * from the base lr towards η_min over T_i steps, then a restart at the base lr with T_{i+1} = T_i·tMult.
 *
 *   η_t = η_min + (η_base − η_min)·(1 + cos(π·T_cur/T_i))/2
 *   each step: T_cur ← T_cur + 1; if T_cur ≥ T_i: T_cur ← T_cur − T_i, T_i ← T_i·tMult   (T_0 = t0)
 *
 * Only whole steps are taken here (PyTorch's fractional `step(epoch)` is not offered); SequentialLR's
 * `step(0)` starts the first period again.
 */
import type { PyTorchRelease } from '../config/pytorchRelease.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { integer, number } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';
import { savedNumber, type SavedState } from './state.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  t0: integer({ required: true, min: 1, help: 'steps until the first restart' }),
  tMult: integer({ default: 1, min: 1, help: 'the factor by which each period is longer than the one before' }),
  etaMin: number({ default: 0, min: 0, help: 'η_min, the lowest lr' }),
});

export type CosineAnnealingWarmRestartsOptions = OptionValues<typeof OPTIONS>;

export function cosineAnnealingWarmRestarts(
  optimizer: AnyOptimizer,
  options?: Partial<CosineAnnealingWarmRestartsOptions>,
): Schedule {
  return new CosineAnnealingWarmRestarts(optimizer, options);
}

class CosineAnnealingWarmRestarts extends LRScheduler {
  private readonly t0: number;
  private readonly tMult: number;
  private readonly etaMin: number;
  /** T_i, the length of the current period. */
  private tI: number;
  /** T_cur, the steps taken in the current period. */
  private tCur = -1;

  constructor(optimizer: AnyOptimizer, options?: Partial<CosineAnnealingWarmRestartsOptions>) {
    super('cosineWarmRestarts', optimizer);
    const o = OPTIONS.resolve(this.name, options);
    this.t0 = o.t0;
    this.tI = o.t0;
    this.tMult = o.tMult;
    this.etaMin = o.etaMin;
    this.start();
  }

  override step(_metric?: number): void {
    // PyTorch's step() before any step (last_epoch < 0) is step(0).
    if (this.lastEpoch < 0) {
      this.restart();
      return;
    }
    this.advance(this.lastEpoch + 1, () => {
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur - this.tI;
        this.tI = this.tI * this.tMult;
      }
      return this.chainableLrs();
    });
  }

  /**
   * Step 0 again: T_cur = 0, T_i = T_0. PyTorch 1.13's hand-over (`step(0)`) sets them; 2.x's (`_update_lr(0)`)
   * keeps them, and they are these still, since a part waits unstepped from its initial step to its milestone.
   */
  override restart(_release?: PyTorchRelease): void {
    this.advance(0, () => {
      this.tI = this.t0;
      this.tCur = 0;
      return this.chainableLrs();
    });
  }

  protected chainableLrs(): number[] {
    const { etaMin, tCur, tI } = this;
    return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * tCur) / tI))) / 2);
  }

  protected override progress(): Record<string, unknown> {
    return { tI: this.tI, tCur: this.tCur };
  }

  protected override loadProgress(saved: SavedState): void {
    this.tI = savedNumber(this.name, saved, 'tI');
    this.tCur = savedNumber(this.name, saved, 'tCur');
  }
}
