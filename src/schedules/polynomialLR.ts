/**
 * PolynomialLR (PyTorch 1.13 `torch.optim.lr_scheduler.PolynomialLR`): the lr decays to 0 over
 * `totalIters` steps as a polynomial of the remaining fraction, then stays at 0.
 *
 *   chainable:    η_t = η_{t−1}·((1 − t/T) / (1 − (t − 1)/T))^p  for 0 < t ≤ T;  else η_{t−1}
 *   closed form:  η_t = η_base·(1 − min(T, t)/T)^p   (used only by SequentialLR's step(0))
 */
import { checkInteger, checkNonNegative, resolveOptions } from '../config/validate.js';
import { LRScheduler } from './lrScheduler.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

export interface PolynomialLROptions {
  /** The number of steps over which the lr decays to 0. */
  totalIters: number;
  /** The power p of the polynomial. */
  power: number;
}

export const DEFAULTS: PolynomialLROptions = { totalIters: 5, power: 1.0 };

export function polynomialLR(optimizer: AnyOptimizer, options?: Partial<PolynomialLROptions>): Schedule {
  return new PolynomialLR(optimizer, options);
}

class PolynomialLR extends LRScheduler {
  private readonly totalIters: number;
  private readonly power: number;

  constructor(optimizer: AnyOptimizer, options?: Partial<PolynomialLROptions>) {
    super('polynomial', optimizer);
    const o = resolveOptions(this.name, DEFAULTS, options);
    checkInteger(this.name, 'totalIters', o.totalIters, 1);
    // A negative power would divide by zero at step totalIters.
    checkNonNegative(this.name, 'power', o.power);
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
