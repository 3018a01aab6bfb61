/**
 * What PyTorch's `LRScheduler` gives every schedule that counts steps (torch/optim/lr_scheduler.py):
 *
 *   construction   base_lrs[i] ← initial lr of group i (recorded on first use, see initialLr.ts);
 *                  last_epoch ← −1; then one step (`_initial_step`: the step count from 0, in initial
 *                  mode), so step 0's value applies at once
 *   step()         _step_count ← _step_count + 1; last_epoch ← last_epoch + 1;  lr_i ← get_lr()_i
 *   restart        what SequentialLR calls when a milestone hands over to a schedule: last_epoch ← 0 and
 *                  the schedule's closed form `_get_closed_form_lr` where it has one, else get_lr. PyTorch
 *                  2.x calls `_update_lr(0)`: the step is not counted and get_lr is not in initial mode
 *                  (`_is_initial` is false); 1.13 called `step(0)`: counted, and get_lr's test of
 *                  `last_epoch == 0` (1.13's form of "initial") holds. MultiplicativeLR and SWALR, which
 *                  have no closed form, give different lrs from there on.
 *
 * `get_lr` is the chainable (recursive) form: most schedules compute the new lr from the group's current
 * one (StepLR multiplies it by γ at each multiple of step_size, CosineAnnealingLR scales its distance
 * from η_min). That is what `scheduler.step()` runs, so it is what these values follow, rounding included.
 */
import { encodeState, type JsonValue } from '../util/serialize.js';
import type { PyTorchRelease } from '../config/pytorchRelease.js';
import { setDefaultInitialLr } from './initialLr.js';
import type { AnyOptimizer, Schedule } from './schedule.js';
import { readSavedState, savedInteger, savedNumbers, type SavedState } from './state.js';

export abstract class LRScheduler implements Schedule {
  /** PyTorch `base_lrs`: the lr each group starts from. */
  baseLrs: number[] = [];
  /** PyTorch `last_epoch`: the number of steps taken, −1 before the initial step. */
  lastEpoch = -1;
  /** PyTorch `_step_count`: step() calls since the initial step began (SWALR reads it). */
  protected stepCount = 0;
  /** PyTorch 2.x `_is_initial`: true while get_lr computes step 0's lr for the initial step. */
  protected initial = false;
  private lastLrs: number[] = [];

  protected constructor(
    readonly name: string,
    readonly optimizer: AnyOptimizer,
  ) {}

  /** The tail of `_LRScheduler.__init__`; each schedule calls it once its own fields are set. */
  protected start(): void {
    this.baseLrs = this.optimizer.groups.map(setDefaultInitialLr);
    this.initialStep();
  }

  /** PyTorch `_initial_step`; SequentialLR calls it again on its first schedule. */
  initialStep(): void {
    this.stepCount = 0;
    this.inMode(true, () => this.step());
  }

  /** Takes no metric: only reduceOnPlateau watches one, and a training loop may pass it to every schedule. */
  step(_metric?: number): void {
    this.stepCount += 1;
    this.advance(this.lastEpoch + 1, () => this.chainableLrs());
  }

  /** Step 0 again, as SequentialLR's milestone hands over to this schedule in `release`'s way (above). */
  restart(release: PyTorchRelease): void {
    if (release === '1.13') this.stepCount += 1;
    this.inMode(release === '1.13', () => this.advance(0, () => this.closedFormLrs() ?? this.chainableLrs()));
  }

  lastLr(): number[] {
    return [...this.lastLrs];
  }

  stateDict(): JsonValue {
    return encodeState({
      name: this.name,
      lastEpoch: this.lastEpoch,
      baseLrs: this.baseLrs,
      lastLr: this.lastLrs,
      ...this.progress(),
    });
  }

  loadStateDict(state: JsonValue): void {
    const saved = readSavedState(this.name, state);
    const groups = this.optimizer.groups.length;
    this.lastEpoch = savedInteger(this.name, saved, 'lastEpoch', -1);
    this.baseLrs = savedNumbers(this.name, saved, 'baseLrs', groups);
    this.lastLrs = savedNumbers(this.name, saved, 'lastLr', groups);
    this.loadProgress(saved);
  }

  /** The current lr of each group. */
  protected groupLrs(): number[] {
    return this.optimizer.groups.map((group) => group.options.lr as number);
  }

  /** PyTorch `get_lr`: the lrs for step `lastEpoch`, from the groups' current lrs where the form is recursive. */
  protected abstract chainableLrs(): number[];

  /** PyTorch `_get_closed_form_lr`, for the schedules that have one: the lrs for `lastEpoch` from `baseLrs`. */
  protected closedFormLrs(): number[] | undefined {
    return undefined;
  }

  /** State beyond the step count and base lrs, for the schedules that keep some. */
  protected progress(): Record<string, unknown> {
    return {};
  }

  protected loadProgress(_saved: SavedState): void {}

  /** Runs `action` with `initial` set to `initial`, and clears it after. */
  private inMode(initial: boolean, action: () => void): void {
    this.initial = initial;
    try {
      action();
    } finally {
      this.initial = false;
    }
  }

  /**
   * Moves to step `epoch` and writes the lrs that `compute` gives for it into the groups. A step that
   * throws (OneCycleLR past its total) leaves the step count as it was.
   */
  protected advance(epoch: number, compute: () => number[]): void {
    const previous = this.lastEpoch;
    this.lastEpoch = epoch;
    let lrs: number[];
    try {
      lrs = compute();
    } catch (error) {
      this.lastEpoch = previous;
      throw error;
    }
    this.optimizer.groups.forEach((group, i) => {
      group.options.lr = lrs[i];
    });
    this.lastLrs = this.groupLrs();
  }
}
