/**
 * SWALR (PyTorch `torch.optim.swa_utils.SWALR`; Izmailov et al., "Averaging Weights Leads to Wider
 * Optima and Better Generalization", 2018): anneals each group's lr to a constant `swaLr` over
 * `annealEpochs` steps, for the averaging phase of stochastic weight averaging.
 *
 *   s = the number of step() calls before this one (0 at construction; max(1, s) when annealEpochs = 0)
 *   α(t) = (1 − cos πt)/2 ('cos') or t ('linear'),  t = clamp(s/max(1, annealEpochs), 0, 1)
 *   η_prev = (η − α(t_prev)·swaLr)/(1 − α(t_prev))  (swaLr when α(t_prev) = 1),  t_prev from s − 1
 *   η ← swaLr·α(t) + η_prev·(1 − α(t))
 *
 * PyTorch recovers the lr it started from out of the current one (η_prev) rather than storing it, and
 * counts its own step() calls (`_step_count`), which is why s is kept here too.
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { choice, integer } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import { forEachGroup, perGroupNumber } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';
import { savedInteger, type SavedState } from './state.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  swaLr: perGroupNumber({ required: true, min: 0, help: 'the lr to anneal to' }),
  annealEpochs: integer({ default: 10, min: 0, help: 'steps of the annealing phase' }),
  annealStrategy: choice(['cos', 'linear'], { default: 'cos', help: 'how the lr moves to swaLr' }),
});

export type SwaLROptions = OptionValues<typeof OPTIONS>;

export function swaLR(optimizer: AnyOptimizer, options?: Partial<SwaLROptions>): Schedule {
  return new SwaLR(optimizer, options);
}

class SwaLR extends LRScheduler {
  private readonly swaLrs: number[];
  private readonly annealEpochs: number;
  private readonly anneal: (t: number) => number;

  constructor(optimizer: AnyOptimizer, options?: Partial<SwaLROptions>) {
    super('swalr', optimizer);
    const o = OPTIONS.resolve(this.name, options);
    this.swaLrs = forEachGroup(this.name, 'swaLr', o.swaLr, optimizer.groups.length);
    this.annealEpochs = o.annealEpochs;
    this.anneal = o.annealStrategy === 'cos' ? (t) => (1 - Math.cos(Math.PI * t)) / 2 : (t) => t;
    this.start();
  }

  protected chainableLrs(): number[] {
    let step = this.stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const span = Math.max(1, this.annealEpochs);
    const prevAlpha = this.anneal(Math.max(0, Math.min(1, (step - 1) / span)));
    const alpha = this.anneal(Math.max(0, Math.min(1, step / span)));
    return this.groupLrs().map((lr, i) => {
      const swaLr = this.swaLrs[i];
      const prevLr = prevAlpha === 1 ? swaLr : (lr - prevAlpha * swaLr) / (1 - prevAlpha);
      return swaLr * alpha + prevLr * (1 - alpha);
    });
  }

  protected override progress(): Record<string, unknown> {
    return { stepCount: this.stepCount };
  }

  protected override loadProgress(saved: SavedState): void {
    this.stepCount = savedInteger(this.name, saved, 'stepCount', 0);
  }
}
