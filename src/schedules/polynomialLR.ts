/**
 * PolynomialLR (PyTorch `torch.optim.lr_scheduler.PolynomialLR`): the lr decays to 0 over
 * `totalIters` steps as a polynomial of the remaining fraction, then stays at 0.
 *
 *   chainable:    η_t = η_{t−1}·((1 − t/T) / (1 − (t − 1)/T))^p  for 0 < t ≤ T;  else η_{t−1}
 *   closed form:  η_t = η_base·(1 − min(T, t)/T)^p   (used only by SequentialLR's step(0))
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { integer, number } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  totalIters: integer({ default: 5, min: 1, help: 'the number of steps over which the lr decays to 0' }),
  // A negative power would divide by zero at step totalIters.
  power: number({ default: 1, min: 0, help: 'the power p of the polynomial' }),
});

export type PolynomialLROptions = OptionValues<typeof OPTIONS>;

export function polynomialLR(optimizer: AnyOptimizer, options?: Partial<PolynomialLROptions>): Schedule {
  return new PolynomialLR(optimizer, options);
}

class PolynomialLR extends LRScheduler {
  private readonly totalIters: number;
  private readonly power: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<PolynomialLROptions>) {
    super('polynomial', optimizer);
    const o = OPTIONS.resolve(this.name, options);
    this.totalIters = o.totalIters;
    this.power = o.power;
    this.start();
  }

  protected chainableLrs(): number[] {
    const { totalIters: T, lastEpoch: t } = this;
    const lrs = this.groupLrs();
    if (t === 0 || t > T) return lrs;
    const decay = ((1.0 - t / T) / (1.0 - (t - 1) / T)) ** this.power;
    return lrs.map((lr) => lr * decay);
  }

  protected override closedFormLrs(): number[] {
    const { totalIters: T, lastEpoch: t } = this;
    return this.baseLrs.map((base) => base * (1.0 - Math.min(T, t) / T) ** this.power);
  }
}
