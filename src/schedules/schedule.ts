/**
 * A learning-rate schedule: an object that changes the learning rate (and for the cyclic schedules the
 * momentum or Adam's β₁) of every parameter group of one optimizer, one `step()` at a time, with the
 * semantics of PyTorch 2.x's `torch.optim.lr_scheduler` (torch/optim/lr_scheduler.py; README, "PyTorch 1.13 and 2.x").
 *
 * Creating a schedule already applies its value for step 0, as PyTorch's constructors do; each `step()`
 * then advances one step (one epoch or one batch, as the caller counts them).
 */
import type { Optimizer } from '../optim/optimizer.js';
import type { JsonValue } from '../util/serialize.js';

export interface Schedule {
  /** The config name: 'step', 'cosine', 'onecycle', … */
  readonly name: string;
  /** Advances one step (PyTorch `scheduler.step()`); reduceOnPlateau takes the metric, the others ignore it. */
  step(metric?: number): void;
  /** PyTorch `get_last_lr()`: the lr of each param group after the latest step. */
  lastLr(): number[];
  /** The progress of the schedule (not its options), JSON-safe. */
  stateDict(): JsonValue;
  /** Restores `stateDict()` into a schedule made with the same options on an optimizer with the same groups. */
  loadStateDict(state: JsonValue): void;
}

/** A schedule as a config names it: `{ name: 'step', stepSize: 30, gamma: 0.1 }`. */
export interface ScheduleSpec {
  name: string;
  [option: string]: unknown;
}

/**
 * Any optimizer: schedules only touch the options every optimizer has (`lr`) or look for `momentum` and
 * `betas` by name, so they take an optimizer of any option type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOptimizer = Optimizer<any>;
