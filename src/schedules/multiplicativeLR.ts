/**
 * MultiplicativeLR (PyTorch `torch.optim.lr_scheduler.MultiplicativeLR`): every step multiplies the
 * lr by the factor a formula in `epoch` gives (PyTorch's `lr_lambda`, as for `lambda`: lambdaLR.ts).
 *
 *   η_0 = η,   η_t = η_{t−1}·λ(t) for t > 0        (recursive only: no closed form, as in PyTorch)
 *
 * "t > 0" is PyTorch 2.x's "not the initial step" (`_is_initial`): SequentialLR's hand-over at t = 0 multiplies
 * by λ(0) in 2.x and not in 1.13 (lrScheduler.ts).
 */
import { LRScheduler } from './lrScheduler.js';
import { lrLambdas, OPTIONS, type LambdaLROptions } from './lambdaLR.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

export type MultiplicativeLROptions = LambdaLROptions;

export function multiplicativeLR(optimizer: AnyOptimizer, options?: Partial<MultiplicativeLROptions>): Schedule {
  return new MultiplicativeLR(optimizer, options);
}

class MultiplicativeLR extends LRScheduler {
  private readonly lambdas: ((epoch: number) => number)[];

  constructor(optimizer: AnyOptimizer, options?: Partial<MultiplicativeLROptions>) {
    super('multiplicative', optimizer);
    this.lambdas = lrLambdas(this.name, OPTIONS.resolve(this.name, options).lrLambda, optimizer.groups.length);
    this.start();
  }

  protected chainableLrs(): number[] {
    const lrs = this.groupLrs();
    if (this.initial) return lrs;
    return lrs.map((lr, i) => lr * this.lambdas[i](this.lastEpoch));
  }
}
