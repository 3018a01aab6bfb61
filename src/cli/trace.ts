/**
 * `downhill trace`: runs one optimizer on a 2-D surface and prints the path as one JSON object,
 * `{"points": [[x, y], …], "loss": […], "lr": […]}`, from a config file or flags (flags win).
 */
import { Command } from 'commander';
import { parsePoint, parseSpec, type Spec } from '../config/spec.js';
import { InputError } from '../errors.js';
import { parseFunctionSpec } from '../problems/expression.js';
import { parseTraceConfig } from '../trace/config.js';
import { runTrace } from '../trace/trace.js';
import { readJsonFile } from './files.js';

interface TraceFlags {
  config?: string;
  fn?: string;
  start?: string;
  steps?: string;
  optimizer?: string;
  lr?: string;
  schedule?: string;
  batchSize?: string;
  seed?: string;
}

export function traceCommand(): Command {
  return new Command('trace')
    .description('run an optimizer on a 2-D function and print its path as JSON')
    .option('--config <file>', 'a JSON case: {"fn", "start", "steps", "optimizer", "schedule", "batchSize", "seed"}')
    .option('--fn <spec>', 'the function, e.g. rosenbrock, rosenbrock:a=1,b=100 or "x^2 + 10*y^2"')
    .option('--start <x,y>', 'the starting point, e.g. -1.5,2')
    .option('--steps <n>', 'the number of steps')
    .option('--optimizer <spec>', 'e.g. adam or adam:lr=0.01,betas=[0.9,0.999],amsgrad=true')
    .option('--lr <rate>', "the optimizer's learning rate (overrides the spec)")
    .option('--schedule <spec>', 'e.g. step:stepSize=30,gamma=0.1')
    .option('--batch-size <n>', 'examples per step on a loss over data (gabor, linearRegression, …): stochastic gradient descent')
    .option('--seed <n>', "the mini-batches' seed (default 0)")
    .action((flags: TraceFlags) => {
      const config = parseTraceConfig(mergeFlags(flags.config === undefined ? {} : readJsonFile(flags.config), flags));
      process.stdout.write(`${JSON.stringify(runTrace(config))}\n`);
    });
}

function mergeFlags(file: unknown, flags: TraceFlags): unknown {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return file;
  const merged: Record<string, unknown> = { ...file };
  if (flags.fn !== undefined) merged.fn = parseFunctionSpec(flags.fn);
  if (flags.start !== undefined) merged.start = parsePoint(flags.start);
  if (flags.steps !== undefined) merged.steps = parseNumber('steps', flags.steps);
  if (flags.optimizer !== undefined) merged.optimizer = parseSpec('optimizer', flags.optimizer);
  if (flags.lr !== undefined) {
    if (merged.optimizer === undefined) throw new InputError('--lr needs an optimizer (--optimizer NAME)');
    const optimizer: Spec = typeof merged.optimizer === 'string' ? { name: merged.optimizer } : (merged.optimizer as Spec);
    merged.optimizer = { ...optimizer, lr: parseNumber('lr', flags.lr) };
  }
  if (flags.schedule !== undefined) merged.schedule = parseSpec('schedule', flags.schedule);
  if (flags.batchSize !== undefined) merged.batchSize = parseNumber('batch-size', flags.batchSize);
  if (flags.seed !== undefined) merged.seed = parseNumber('seed', flags.seed);
  return merged;
}

function parseNumber(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new InputError(`--${name} must be a number (got '${text}')`);
  return value;
}
