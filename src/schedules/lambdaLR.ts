/**
 * LambdaLR (PyTorch 1.13 `torch.optim.lr_scheduler.LambdaLR`): the lr is the initial lr times a factor
 * that a formula in `epoch` gives (PyTorch's `lr_lambda`, here text parsed by the same mathjs grammar as
 * `--fn` formulas: `{"name": "lambda", "lrLambda": "0.95^epoch"}`, `--schedule lambda:lrLambda=0.95^epoch`).
 *
 *   η_t = η_base·λ(t)        (t = 0 at construction; no recursion, so it is its own closed form)
 *
 * `lrLambda` is one formula for every group or an array with one per group, as PyTorch's list.
 */
import { compileFormulaIn } from '../problems/expression.js';
import { check } from '../config/validate.js';
import { LRScheduler } from './lrScheduler.js';
import { checkGiven, resolveScheduleOptions } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

export interface LambdaLROptions {
  /** A formula in `epoch`, or one per parameter group; required. */
  lrLambda: string | string[];
}

export const DEFAULTS: LambdaLROptions = { lrLambda: undefined as unknown as string };

/** The factor functions of `lrLambda`, one per group: one formula for all, or an array with one each. */
export function lrLambdas(owner: string, value: unknown, groupCount: number): ((epoch: number) => number)[] {
  const range = 'a formula in epoch, such as "0.95^epoch", or an array of them, one per parameter group';
  checkGiven(owner, 'lrLambda', value, range);
  if (!Array.isArray(value)) return new Array(groupCount).fill(compileFormulaIn('epoch', value, `${owner}: lrLambda`));
  check(value.length === groupCount, owner, 'lrLambda', range, value);
  return value.map((text, i) => compileFormulaIn('epoch', text, `${owner}: lrLambda[${i}]`));
}

export function lambdaLR(optimizer: AnyOptimizer, options?: Partial<LambdaLROptions>): Schedule {
  return new LambdaLR(optimizer, options);
}

class LambdaLR extends LRScheduler {
  private readonly lambdas: ((epoch: number) => number)[];

  constructor(optimizer: AnyOptimizer, options?: Partial<LambdaLROptions>) {
    super('lambda', optimizer);
    const o = resolveScheduleOptions(this.name, DEFAULTS, options, ['lrLambda']);
    this.lambdas = lrLambdas(this.name, o.lrLambda, optimizer.groups.length);
    this.start();
  }

  protected chainableLrs(): number[] {
    return this.baseLrs.map((base, i) => base * this.lambdas[i](this.lastEpoch));
  }
}
