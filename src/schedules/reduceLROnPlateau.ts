/**
 * ReduceLROnPlateau (PyTorch `torch.optim.lr_scheduler.ReduceLROnPlateau`): watches a metric
 * passed to each `step(metric)` and multiplies the lr by `factor` once the metric has not improved for
 * more than `patience` steps.
 *
 *   improved:  min/rel: m < best·(1 − threshold)     min/abs: m < best − threshold
 *              max/rel: m > best·(threshold + 1)     max/abs: m > best + threshold
 *   each step: an improvement sets best ← m and clears the count of bad steps, else it counts one more;
 *              during cooldown the counter runs down and bad steps are not counted;
 *              more than `patience` bad steps: η_i ← max(η_i·factor, minLr_i), applied only where it
 *              lowers η_i by more than eps; then cooldown ← `cooldown` and the count clears.
 *
 * Unlike the other schedules, construction leaves the lr alone; `lastLr()` before any step gives the
 * groups' lrs at construction, as PyTorch 2.x's `get_last_lr()` does (1.13 had no `_last_lr` yet).
 */
import { InputError } from '../errors.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { choice, integer, number } from '../config/settings.js';
import { encodeState, type JsonValue } from '../util/serialize.js';
import { forEachGroup, perGroupNumber } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';
import { readSavedState, savedInteger, savedNumber, savedNumbers } from './state.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  mode: choice(['min', 'max'], {
    default: 'min',
    help: "'min': the metric should fall (a loss); 'max': it should rise (an accuracy)",
  }),
  factor: number({ default: 0.1, min: 0, max: 1, maxOpen: true, help: 'new lr = lr·factor' }),
  patience: integer({ default: 10, min: 0, help: 'bad steps tolerated before the lr is reduced' }),
  threshold: number({ default: 1e-4, min: 0, help: 'how much better than the best a metric must be to count' }),
  thresholdMode: choice(['rel', 'abs'], {
    default: 'rel',
    help: "'rel': threshold is a fraction of the best; 'abs': an amount",
  }),
  cooldown: integer({ default: 0, min: 0, help: 'steps after a reduction during which bad steps are not counted' }),
  minLr: perGroupNumber({ default: 0, min: 0, help: 'the lowest lr' }),
  eps: number({ default: 1e-8, min: 0, minOpen: true, help: 'a reduction smaller than this is skipped' }),
});

export type ReduceLROnPlateauOptions = OptionValues<typeof OPTIONS>;

export function reduceLROnPlateau(optimizer: AnyOptimizer, options?: Partial<ReduceLROnPlateauOptions>): Schedule {
  return new ReduceLROnPlateau(optimizer, options);
}

class ReduceLROnPlateau implements Schedule {
  readonly name = 'reduceOnPlateau';
  private readonly options: ReduceLROnPlateauOptions;
  private readonly minLrs: number[];
  private best: number;
  private numBadEpochs = 0;
  private cooldownCounter = 0;
  private lastEpoch = 0;
  private lastLrs: number[];

  constructor(
    private readonly optimizer: AnyOptimizer,
    options?: Partial<ReduceLROnPlateauOptions>,
  ) {
    const o = OPTIONS.resolve(this.name, options);
    this.minLrs = forEachGroup(this.name, 'minLr', o.minLr, optimizer.groups.length);
    this.options = o;
    this.best = this.worst();
    this.lastLrs = this.groupLrs();
  }

  step(metric?: number): void {
    if (typeof metric !== 'number') {
      throw new InputError(
        `${this.name}: step needs the metric it watches, e.g. step(validationLoss) (got ${String(metric)})`,
      );
    }
    this.lastEpoch += 1;
    if (this.isBetter(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.options.patience) {
      this.reduceLr();
      this.cooldownCounter = this.options.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLrs = this.groupLrs();
  }

  lastLr(): number[] {
    return [...this.lastLrs];
  }

  stateDict(): JsonValue {
    return encodeState({
      name: this.name,
      lastEpoch: this.lastEpoch,
      best: this.best,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastLr: this.lastLrs,
    });
  }

  loadStateDict(state: JsonValue): void {
    const saved = readSavedState(this.name, state);
    this.lastEpoch = savedInteger(this.name, saved, 'lastEpoch', 0);
    this.best = savedNumber(this.name, saved, 'best');
    this.numBadEpochs = savedInteger(this.name, saved, 'numBadEpochs', 0);
    this.cooldownCounter = savedInteger(this.name, saved, 'cooldownCounter', 0);
    // A state saved before the first step by an older downhill has no lastLr: the groups' lrs stand in.
    this.lastLrs =
      saved.lastLr === undefined
        ? this.groupLrs()
        : savedNumbers(this.name, saved, 'lastLr', this.optimizer.groups.length);
  }

  /** PyTorch `mode_worse`: the best value before any metric is seen. */
  private worst(): number {
    return this.options.mode === 'min' ? Infinity : -Infinity;
  }

  private isBetter(metric: number): boolean {
    const { mode, threshold, thresholdMode } = this.options;
    if (mode === 'min')
      return thresholdMode === 'rel' ? metric < this.best * (1 - threshold) : metric < this.best - threshold;
    return thresholdMode === 'rel' ? metric > this.best * (threshold + 1) : metric > this.best + threshold;
  }

  private reduceLr(): void {
    this.optimizer.groups.forEach((group, i) => {
      const oldLr = group.options.lr as number;
      const newLr = Math.max(oldLr * this.options.factor, this.minLrs[i]);
      if (oldLr - newLr > this.options.eps) group.options.lr = newLr;
    });
  }

  private groupLrs(): number[] {
    return this.optimizer.groups.map((group) => group.options.lr as number);
  }
}
