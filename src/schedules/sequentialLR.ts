/**
 * SequentialLR (PyTorch `torch.optim.lr_scheduler.SequentialLR`): hands the optimizer from one
 * schedule to the next at each milestone, e.g. a linear warmup for 20 steps and then cosine annealing.
 *
 *   construction  the schedules are made in order, each taking its initial step as PyTorch's constructors
 *                 do; then every group's lr goes back to its initial lr, every schedule's step count goes
 *                 back one, and the first schedule takes its initial step again
 *   step()        t ← t + 1; schedule i = (number of milestones ≤ t) takes the step; at t = milestone it
 *                 restarts instead: step 0 from its closed form where it has one, the hand-over of PyTorch
 *                 2.x (`_update_lr(0)`) or, with `pytorch: '1.13'`, of 1.13 (`step(0)`), which differ for
 *                 multiplicative and swalr parts (lrScheduler.ts)
 *
 * The schedules may be given as specs (`{ name: 'linear', startFactor: 0.1 }`, made here on this optimizer)
 * or as schedules already made on it. reduceOnPlateau, which is stepped by a metric, and a nested
 * sequential cannot be parts (PyTorch fails on them too, later and less clearly). Milestones must be
 * increasing integers ≥ 1 (PyTorch does not check; other orders give meaningless hand-overs).
 */
import { InputError } from '../errors.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { pytorchRelease, type PyTorchRelease } from '../config/pytorchRelease.js';
import { object } from '../config/settings.js';
import { check, show } from '../config/validate.js';
import { encodeState, type JsonValue } from '../util/serialize.js';
import { initialLr } from './initialLr.js';
import { LRScheduler } from './lrScheduler.js';
import { milestones } from './options.js';
import type { AnyOptimizer, Schedule, ScheduleSpec } from './schedule.js';
import { readSavedState, savedInteger, savedNumbers } from './state.js';

/** Its options: the parts and when each takes over. */
export const OPTIONS = optionTable({
  schedules: object({
    required: true,
    describe: 'a non-empty array of schedules or specs',
    is: (value): value is readonly (Schedule | ScheduleSpec)[] => Array.isArray(value) && value.length > 0,
    help: 'the schedules in the order they take over: specs, or schedules made on the same optimizer',
  }),
  milestones: milestones(1, 'the steps at which the next schedule takes over: one fewer than the schedules'),
  pytorch: pytorchRelease("the hand-over at a milestone: PyTorch 2.x's _update_lr(0) or 1.13's step(0)"),
});

export type SequentialLROptions = OptionValues<typeof OPTIONS>;

const NOT_PARTS = ['sequential', 'reduceOnPlateau'];

/**
 * How parts given as specs are named and made: the schedule registry (src/schedules/registry.ts), handed
 * in by it, since the registry lists sequential itself among the schedules a spec may name.
 */
export interface ScheduleMaker {
  canonicalName(name: unknown): string;
  create(optimizer: AnyOptimizer, spec: ScheduleSpec): Schedule;
}

export function sequentialLR(
  optimizer: AnyOptimizer,
  options: Partial<SequentialLROptions> | undefined,
  maker: ScheduleMaker,
): Schedule {
  return new SequentialLR(optimizer, options, maker);
}

class SequentialLR implements Schedule {
  readonly name = 'sequential';
  private readonly schedules: LRScheduler[];
  private readonly milestones: number[];
  private readonly release: PyTorchRelease;
  private lastEpoch = 0;
  private lastLrs: number[];

  constructor(
    private readonly optimizer: AnyOptimizer,
    options: Partial<SequentialLROptions> | undefined,
    private readonly maker: ScheduleMaker,
  ) {
    const o = OPTIONS.resolve(this.name, options);
    const parts = o.schedules.map((part, i) => this.checkPart(part, `schedules[${i}]`));
    this.milestones = this.checkMilestones(o.milestones, parts.length);
    this.release = o.pytorch;
    this.schedules = parts.map((part) =>
      part instanceof LRScheduler ? part : (maker.create(optimizer, part) as LRScheduler),
    );

    for (const group of optimizer.groups) group.options.lr = initialLr(group);
    for (const schedule of this.schedules) schedule.lastEpoch -= 1;
    this.schedules[0].initialStep();
    this.lastLrs = this.schedules[0].lastLr();
  }

  step(_metric?: number): void {
    this.lastEpoch += 1;
    const index = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const schedule = this.schedules[index];
    if (index > 0 && this.milestones[index - 1] === this.lastEpoch) schedule.restart(this.release);
    else schedule.step();
    this.lastLrs = schedule.lastLr();
  }

  lastLr(): number[] {
    return [...this.lastLrs];
  }

  stateDict(): JsonValue {
    return encodeState({
      name: this.name,
      lastEpoch: this.lastEpoch,
      lastLr: this.lastLrs,
      schedules: this.schedules.map((schedule) => schedule.stateDict()),
    });
  }

  loadStateDict(state: JsonValue): void {
    const saved = readSavedState(this.name, state);
    const parts = saved.schedules;
    const count = this.schedules.length;
    check(
      Array.isArray(parts) && parts.length === count,
      this.name,
      'state.schedules',
      `an array of ${count} schedule states`,
      parts,
    );
    this.lastEpoch = savedInteger(this.name, saved, 'lastEpoch', 0);
    this.lastLrs = savedNumbers(this.name, saved, 'lastLr', this.optimizer.groups.length);
    // readSavedState decoded the parts too; encoding them again gives the JSON each part reads.
    (parts as unknown[]).forEach((part, i) => this.schedules[i].loadStateDict(encodeState(part)));
  }

  /** Every part is a spec of a step-counting schedule or such a schedule made on this optimizer. */
  private checkPart(part: unknown, where: string): LRScheduler | ScheduleSpec {
    if (part instanceof LRScheduler) {
      if (part.optimizer === this.optimizer) return part;
      throw new InputError(`${this.name}: ${where} was made on another optimizer; make every part on this one`);
    }
    if (typeof part !== 'object' || part === null) {
      throw new InputError(
        `${this.name}: ${where} must be a schedule or a spec such as {"name": "cosine", "tMax": 100} (got ${show(part)})`,
      );
    }
    const isSchedule = typeof (part as Schedule).step === 'function';
    const name = isSchedule ? (part as Schedule).name : this.maker.canonicalName((part as ScheduleSpec).name);
    if (!isSchedule && !NOT_PARTS.includes(name)) return part as ScheduleSpec;
    throw new InputError(
      `${this.name}: ${where} must be a schedule that counts steps, not ${name} (${NOT_PARTS.join(' and ')} cannot be parts)`,
    );
  }

  private checkMilestones(milestones: number[], partCount: number): number[] {
    const increasing = milestones.every((m, i) => i === 0 || m > milestones[i - 1]);
    check(increasing, this.name, 'milestones', 'increasing', milestones);
    check(
      milestones.length === partCount - 1,
      this.name,
      'milestones',
      `one fewer than the schedules (${partCount - 1})`,
      milestones,
    );
    return milestones;
  }
}
