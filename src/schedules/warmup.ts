/**
 * warmup: learning-rate warm-up as a named recipe (Goyal et al., "Accurate, Large Minibatch SGD: Training
 * ImageNet in 1 Hour", 2017, §2.2 "gradual warmup"): the lr rises linearly from startFactor·η to η over
 * `steps` steps, then `then` takes over. It is shorthand, expanded before anything is made, for
 *
 *   { name: 'sequential', milestones: [steps],
 *     schedules: [{ name: 'linear', startFactor, endFactor: 1, totalIters: steps }, then] }
 *
 * (PyTorch: SequentialLR(opt, [LinearLR(opt, start_factor, 1.0, steps), then], milestones=[steps])); without
 * `then` it is the linear ramp alone, after which the lr stays η. On the command line `then` is a schedule
 * name, or a name with one option (`warmup:steps=500,then=cosine:tMax=9500`); a config file may give it as
 * a spec object with any options.
 */
import { InputError } from '../errors.js';
import { show } from '../config/validate.js';
import { parseSpec } from '../config/spec.js';
import { DEFAULTS as linearDefaults } from './linearLR.js';
import { checkGivenInteger, resolveScheduleOptions } from './options.js';
import type { ScheduleSpec } from './schedule.js';

export interface WarmupOptions {
  /** Steps of the linear ramp; required. */
  steps: number;
  /** The lr factor at step 0 (LinearLR's startFactor and its default). */
  startFactor: number;
  /** The schedule after the warm-up: a name, a one-line spec or a spec object; none: the lr stays η. */
  then: string | ScheduleSpec | undefined;
}

export const DEFAULTS: WarmupOptions = {
  steps: Number.NaN,
  startFactor: linearDefaults.startFactor,
  then: undefined,
};

/** The sequential (or linear) spec the recipe stands for. */
export function expandWarmup(options: Partial<WarmupOptions> | undefined): ScheduleSpec {
  const o = resolveScheduleOptions('warmup', DEFAULTS, options, ['then']);
  checkGivenInteger('warmup', 'steps', o.steps, 1);
  const ramp = { name: 'linear', startFactor: o.startFactor, endFactor: 1, totalIters: o.steps };
  if (o.then === undefined) return ramp;
  return { name: 'sequential', milestones: [o.steps], schedules: [ramp, thenSpec(o.then)] };
}

function thenSpec(then: unknown): ScheduleSpec {
  if (typeof then === 'string') return parseSpec('schedule', then);
  if (typeof then === 'object' && then !== null && typeof (then as ScheduleSpec).name === 'string')
    return then as ScheduleSpec;
  throw new InputError(`warmup: then must be a schedule name or spec, e.g. cosine:tMax=100 (got ${show(then)})`);
}
