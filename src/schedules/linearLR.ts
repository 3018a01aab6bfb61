/**
 * LinearLR (PyTorch `torch.optim.lr_scheduler.LinearLR`): the lr's factor moves linearly from
 * `startFactor` to `endFactor` over `totalIters` steps (a warmup when startFactor < endFactor), then stays.
 *
 *   chainable:    η_0 = η·s;  η_t = η_{t−1}·(1 + (e − s) / (T·s + (t − 1)·(e − s)))  for 0 < t ≤ T;  else η_{t−1}
 *   closed form:  η_t = η_base·(s + (e − s)·min(T, t) / T)   (used only by SequentialLR's step(0))
 *
 * with s = startFactor, e = endFactor, T = totalIters.
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { integer, number } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  // PyTorch allows a start factor of 0, then divides by zero at step 1.
  startFactor: number({ default: 1 / 3, min: 0, minOpen: true, max: 1, help: "the lr's factor at step 0" }),
  endFactor: number({ default: 1, min: 0, max: 1, help: "the lr's factor from step totalIters on" }),
  totalIters: integer({ default: 5, min: 1, help: 'the steps of the ramp' }),
});

export type LinearLROptions = OptionValues<typeof OPTIONS>;

export function linearLR(optimizer: AnyOptimizer, options?: Partial<LinearLROptions>): Schedule {
  return new LinearLR(optimizer, options);
}

class LinearLR extends LRScheduler {
  private readonly startFactor: number;
  private readonly endFactor: number;
  private readonly totalIters: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<LinearLROptions>) {
    super('linear', optimizer);
    const o = OPTIONS.resolve(this.name, options);
    this.startFactor = o.startFactor;
    this.endFactor = o.endFactor;
    this.totalIters = o.totalIters;
    this.start();
  }

  protected chainableLrs(): number[] {
    const { startFactor: s, endFactor: e, totalIters: T, lastEpoch: t } = this;
    const lrs = this.groupLrs();
    if (t === 0) return lrs.map((lr) => lr * s);
    if (t > T) return lrs;
    return lrs.map((lr) => lr * (1 + (e - s) / (T * s + (t - 1) * (e - s))));
  }

  protected override closedFormLrs(): number[] {
    const { startFactor: s, endFactor: e, totalIters: T, lastEpoch: t } = this;
    return this.baseLrs.map((base) => base * (s + ((e - s) * Math.min(T, t)) / T));
  }
}
