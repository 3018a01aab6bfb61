/**
 * A trace case: which surface, where to start, how many steps, which optimizer and schedule — one row of
 * `traceSettings` each, read from a config file or from `downhill trace`'s flags.
 *
 *   {"fn": {"name": "rosenbrock", "a": 1, "b": 100}, "start": [-1.5, 2.0], "steps": 200,
 *    "optimizer": {"name": "adam", "lr": 0.01, "amsgrad": true},
 *    "schedule": {"name": "step", "stepSize": 30, "gamma": 0.1}}
 *
 * `fn`, `optimizer` and `schedule` may also be written as on the command line (`"adam:lr=0.01"`); option
 * names may be written PyTorch's way (`weight_decay`, `T_max`): they are read as downhill's camelCase names.
 * On a loss over data (`gabor`, …), `"batchSize": 2` makes each step see a seeded mini-batch (`"seed"`, 0
 * by default).
 */
import { integer, number, point, settingsTable, spec, type Values } from '../config/settings.js';
import type { Spec } from '../config/spec.js';
import { optimizerSpecRow } from '../optim/registry.js';
import { parseFunctionSpec } from '../problems/expression.js';
import { scheduleSpecRow } from '../schedules/registry.js';

/** A generous cap that keeps a typo (steps: 1e9) from hanging the terminal. */
const MAX_STEPS = 10_000_000;

/** The rows a trace and a race share: the surface, the start, and the optimizer's and schedule's specs. */
export const surfaceRows = {
  fn: spec({
    kind: 'function',
    required: true,
    fromText: parseFunctionSpec,
    help: 'the function, e.g. rosenbrock, rosenbrock:a=1,b=100 or "x^2 + 10*y^2"',
  }),
  start: point({
    length: 2,
    required: true,
    describe: 'two finite numbers x,y',
    help: 'the starting point, e.g. -1.5,2',
  }),
} as const;

/** Mini-batches on a loss over data (stochastic gradient descent), the same for a trace and every racer. */
export const batchRows = {
  batchSize: integer({
    min: 1,
    max: MAX_STEPS,
    placeholder: 'n',
    help: 'examples per step on a loss over data (gabor, linearRegression, …): stochastic gradient descent',
  }),
  seed: integer({ min: 0, max: 0xffffffff, placeholder: 'n', help: "the mini-batches' seed (default 0)" }),
  svrg: integer({
    min: 1,
    max: MAX_STEPS,
    placeholder: 'm',
    help: "with batchSize: correct each batch's gradient by a full-gradient snapshot taken every m steps (SVRG)",
  }),
} as const;

export const traceSettings = settingsTable('trace', {
  ...surfaceRows,
  steps: integer({ default: 100, min: 0, max: MAX_STEPS, help: 'the number of steps' }),
  optimizer: optimizerSpecRow({ required: true, help: 'e.g. adam or adam:lr=0.01,betas=[0.9,0.999],amsgrad=true' }),
  lr: number({ min: 0, scale: 'log', placeholder: 'rate', help: "the optimizer's learning rate (overrides the spec)" }),
  schedule: scheduleSpecRow({ help: 'e.g. step:stepSize=30,gamma=0.1' }),
  ...batchRows,
});

export interface TraceConfig {
  fn: Spec;
  start: [number, number];
  steps: number;
  optimizer: Spec;
  schedule?: Spec;
  /** Examples per step on a loss over data (stochastic gradient descent); all of them when absent. */
  batchSize?: number;
  /** Seeds the mini-batches' order. */
  seed?: number;
  /** SVRG's snapshot interval m (with batchSize). */
  svrg?: number;
}

export function parseTraceConfig(raw: unknown): TraceConfig {
  return toTraceConfig(traceSettings.parse(raw));
}

/** The settings as a run takes them: `lr` folded into the optimizer's spec. */
export function toTraceConfig(settings: Values<typeof traceSettings.rows>): TraceConfig {
  const { fn, start, steps, optimizer, lr, schedule, batchSize, seed, svrg } = settings;
  return {
    fn,
    start: [start[0], start[1]],
    steps,
    optimizer: lr === undefined ? optimizer : { ...optimizer, lr },
    ...(schedule === undefined ? {} : { schedule }),
    ...(batchSize === undefined ? {} : { batchSize }),
    ...(seed === undefined ? {} : { seed }),
    ...(svrg === undefined ? {} : { svrg }),
  };
}
