/**
 * LinearLR (PyTorch 1.13 `torch.optim.lr_scheduler.LinearLR`): the lr's factor moves linearly from
 * `startFactor` to `endFactor` over `totalIters` steps (a warmup when startFactor < endFactor), then stays.
 *
 *   chainable:    η_0 = η·s;  η_t = η_{t−1}·(1 + (e − s) / (T·s + (t − 1)·(e − s)))  for 0 < t ≤ T;  else η_{t−1}
 *   closed form:  η_t = η_base·(s + (e − s)·min(T, t) / T)   (used only by SequentialLR's step(0))
 *
 * with s = startFactor, e = endFactor, T = totalIters.
 */
import { check, checkInteger, resolveOptions } from '../config/validate.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

export interface LinearLROptions {
  /** The lr's factor at step 0; in (0, 1]. */
  startFactor: number;
  /** The lr's factor from step `totalIters` on; in [0, 1]. */
  endFactor: number;
  totalIters: number;
}

export const DEFAULTS: LinearLROptions = { startFactor: 1.0 / 3, endFactor: 1.0, totalIters: 5 };

export function linearLR(optimizer: AnyOptimizer, options?: Partial<LinearLROptions>): Schedule {
  return new LinearLR(optimizer, options);
}

class LinearLR extends LRScheduler {
  private readonly startFactor: number;
  private readonly endFactor: number;
  private readonly totalIters: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<LinearLROptions>) {
    super('linear', optimizer);
    const o = resolveOptions(this.name, DEFAULTS, options);
    // PyTorch allows a start factor of 0, then divides by zero at step 1.
    check(o.startFactor > 0 && o.startFactor <= 1, this.name, 'startFactor', 'in (0, 1]', o.startFactor);
    check(o.endFactor >= 0 && o.endFactor <= 1, this.name, 'endFactor', 'in [0, 1]', o.endFactor);
    checkInteger(this.name, 'totalIters', o.totalIters, 1);
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
