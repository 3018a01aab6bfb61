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
import { optionTable, type OptionValues } from '../config/options.js';
import { integer, object } from '../config/settings.js';
import { parseSpec } from '../config/spec.js';
import { OPTIONS as LINEAR_OPTIONS } from './linearLR.js';
import type { ScheduleSpec } from './schedule.js';

/** Its options: the ramp's length and start (LinearLR's startFactor, its row and default), and what follows. */
export const OPTIONS = optionTable({
  steps: integer({ required: true, min: 1, help: 'the steps of the linear ramp' }),
  startFactor: LINEAR_OPTIONS.rows.startFactor,
  then: object({
    describe: 'a schedule name or spec, e.g. cosine:tMax=100',
    is: (value): value is string | ScheduleSpec =>
      typeof value === 'string' ||
      (typeof value === 'object' && value !== null && typeof (value as ScheduleSpec).name === 'string'),
    help: 'the schedule after the warm-up (none: the lr stays)',
  }),
});

export type WarmupOptions = OptionValues<typeof OPTIONS>;

/** The sequential (or linear) spec the recipe stands for. */
export function expandWarmup(options: Partial<WarmupOptions> | undefined): ScheduleSpec {
  const o = OPTIONS.resolve('warmup', options);
  const ramp = { name: 'linear', startFactor: o.startFactor, endFactor: 1, totalIters: o.steps };
  if (o.then === undefined) return ramp;
  const then = typeof o.then === 'string' ? parseSpec('schedule', o.then) : o.then;
  return { name: 'sequential', milestones: [o.steps], schedules: [ramp, then] };
}
