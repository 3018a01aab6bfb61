/**
 * LambdaLR (PyTorch `torch.optim.lr_scheduler.LambdaLR`): the lr is the initial lr times a factor
 * that a formula in `epoch` gives (PyTorch's `lr_lambda`, here text parsed by the same mathjs grammar as
 * `--fn` formulas: `{"name": "lambda", "lrLambda": "0.95^epoch"}`, `--schedule lambda:lrLambda=0.95^epoch`).
 *
 *   η_t = η_base·λ(t)        (t = 0 at construction; no recursion, so it is its own closed form)
 *
 * `lrLambda` is one formula for every group or an array with one per group, as PyTorch's list.
 */
import { compileFormulaIn } from '../problems/expression.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { text } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import { forEachGroup, perGroupOf } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

const FORMULA = text({ describe: 'a formula in epoch, such as "0.95^epoch"', help: 'a formula in epoch' });

/** Its options (LambdaLR's and MultiplicativeLR's). */
export const OPTIONS = optionTable({
  lrLambda: perGroupOf(FORMULA, FORMULA.range, { required: true, help: "the lr's factor at each epoch" }),
});

export type LambdaLROptions = OptionValues<typeof OPTIONS>;

/** The factor functions of `lrLambda`, one per group: one formula for all, or an array with one each. */
export function lrLambdas(owner: string, value: string | string[], groupCount: number): ((epoch: number) => number)[] {
  const formulas = forEachGroup(owner, 'lrLambda', value, groupCount);
  const where = (i: number) => `${owner}: lrLambda${Array.isArray(value) ? `[${i}]` : ''}`;
  return formulas.map((formula, i) => compileFormulaIn('epoch', formula, where(i)));
}

export function lambdaLR(optimizer: AnyOptimizer, options?: Partial<LambdaLROptions>): Schedule {
  return new LambdaLR(optimizer, options);
}

class LambdaLR extends LRScheduler {
  private readonly lambdas: ((epoch: number) => number)[];

  constructor(optimizer: AnyOptimizer, options?: Partial<LambdaLROptions>) {
    super('lambda', optimizer);
    this.lambdas = lrLambdas(this.name, OPTIONS.resolve(this.name, options).lrLambda, optimizer.groups.length);
    this.start();
  }

  protected chainableLrs(): number[] {
    return this.baseLrs.map((base, i) => base * this.lambdas[i](this.lastEpoch));
  }
}
