/**
 * ChainedScheduler (PyTorch `torch.optim.lr_scheduler.ChainedScheduler`): several schedules on one
 * optimizer stepped together, each applying its change to the lr the previous one left:
 *
 *   construction  the schedules are made in order, each taking its initial step as PyTorch's constructors do
 *   step()        every schedule steps, in order; the lr is what the last one leaves
 *
 * e.g. `{"name": "chained", "schedules": [{"name": "constant", "factor": 0.1, "totalIters": 2},
 * {"name": "exponential", "gamma": 0.9}]}`. reduceOnPlateau cannot be a part: it is stepped by a metric,
 * which the chain does not pass (PyTorch fails on it too).
 */
import { InputError } from '../errors.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { object } from '../config/settings.js';
import { check, show } from '../config/validate.js';
import { encodeState, type JsonValue } from '../util/serialize.js';
import type { AnyOptimizer, Schedule, ScheduleSpec } from './schedule.js';
import type { ScheduleMaker } from './sequentialLR.js';
import { readSavedState } from './state.js';

/** Its options: the parts. */
export const OPTIONS = optionTable({
  schedules: object({
    required: true,
    describe: 'a non-empty array of schedule specs',
    is: (value): value is readonly ScheduleSpec[] => Array.isArray(value) && value.length > 0,
    help: 'the schedules, as specs made here on this optimizer, in the order they step',
  }),
});

export type ChainedSchedulerOptions = OptionValues<typeof OPTIONS>;

export function chainedScheduler(
  optimizer: AnyOptimizer,
  options: Partial<ChainedSchedulerOptions> | undefined,
  maker: ScheduleMaker,
): Schedule {
  return new ChainedScheduler(optimizer, options, maker);
}

class ChainedScheduler implements Schedule {
  readonly name = 'chained';
  private readonly schedules: Schedule[];

  constructor(
    private readonly optimizer: AnyOptimizer,
    options: Partial<ChainedSchedulerOptions> | undefined,
    private readonly maker: ScheduleMaker,
  ) {
    const o = OPTIONS.resolve(this.name, options);
    this.schedules = o.schedules.map((spec, i) => maker.create(optimizer, this.checkPart(spec, i)));
  }

  step(_metric?: number): void {
    for (const schedule of this.schedules) schedule.step();
  }

  lastLr(): number[] {
    return this.optimizer.groups.map((group) => group.options.lr as number);
  }

  stateDict(): JsonValue {
    return encodeState({ name: this.name, schedules: this.schedules.map((schedule) => schedule.stateDict()) });
  }

  loadStateDict(state: JsonValue): void {
    const parts = readSavedState(this.name, state).schedules;
    const count = this.schedules.length;
    check(
      Array.isArray(parts) && parts.length === count,
      this.name,
      'state.schedules',
      `an array of ${count} schedule states`,
      parts,
    );
    (parts as unknown[]).forEach((part, i) => this.schedules[i].loadStateDict(encodeState(part)));
  }

  private checkPart(spec: unknown, i: number): ScheduleSpec {
    if (typeof spec !== 'object' || spec === null) {
      throw new InputError(
        `${this.name}: schedules[${i}] must be a spec such as {"name": "exponential", "gamma": 0.9} (got ${show(spec)})`,
      );
    }
    if (this.maker.canonicalName((spec as ScheduleSpec).name) === 'reduceOnPlateau') {
      throw new InputError(
        `${this.name}: schedules[${i}] cannot be reduceOnPlateau (it steps on a metric, which the chain does not pass)`,
      );
    }
    return spec as ScheduleSpec;
  }
}
