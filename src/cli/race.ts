/**
 * `downhill race`: several optimizers from one start on one 2-D surface, drawn as one figure — an animated
 * GIF or MP4 of the paths growing, or a still SVG or PNG — chosen by the extension of --out.
 *
 *   downhill race --fn rosenbrock --start -1.5,2 --steps 300 --optimizer sgd:lr=1e-3 \
 *       --optimizer momentum=sgd:lr=1e-3,momentum=0.9 --optimizer adam:lr=0.05 --out race.gif
 *
 * Flags override the config file (--config race.json, see src/plot/raceConfig.ts); --optimizer flags replace
 * the config's list. --schedule applies to every optimizer without its own (a config entry can carry its own).
 */
import { Command } from 'commander';
import { parsePoint, parseSpec } from '../config/spec.js';
import { InputError } from '../errors.js';
import { parseFunctionSpec } from '../problems/expression.js';
import { animatedFigure } from '../plot/figure.js';
import { raceAnimation } from '../plot/race.js';
import { parseRaceConfig, parseWindow, runRace } from '../plot/raceConfig.js';
import { checkWritableDirectory, readJsonFile } from './files.js';
import { outputFormat, requireFfmpeg, writeFigure } from './media.js';

interface RaceFlags {
  config?: string;
  fn?: string;
  start?: string;
  steps?: string;
  optimizer?: string[];
  schedule?: string;
  window?: string;
  title?: string;
  out?: string;
  batchSize?: string;
  seed?: string;
}

export function raceCommand(): Command {
  return new Command('race')
    .description('race optimizers on a 2-D function and draw their paths (.svg, .png, .gif or .mp4)')
    .option('--config <file>', 'a JSON race: {"fn", "start", "steps", "optimizers", "schedule", "window", "title", "out"}')
    .option('--fn <spec>', 'the function, e.g. rosenbrock, quadratic:a=1,b=10 or "x^2 + 10*y^2"')
    .option('--start <x,y>', 'the common starting point, e.g. -1.5,2')
    .option('--steps <n>', 'the number of steps (default 100)')
    .option('--optimizer <spec>', 'an optimizer, repeatable; label=spec names it in the legend, e.g. fast=adam:lr=0.05', collect)
    .option('--schedule <spec>', 'a learning-rate schedule for every optimizer, e.g. cosine:tMax=300')
    .option('--window <x0,x1,y0,y1>', "the plotting window (default: the function's own)")
    .option('--title <text>', 'the figure title (default: the function and its parameters)')
    .option('--out <file>', 'the output: .svg, .png (still), .gif or .mp4 (animated)')
    .option('--batch-size <n>', 'examples per step on a loss over data (gabor, linearRegression, …), the same batches for every optimizer')
    .option('--seed <n>', "the mini-batches' seed (default 0)")
    .action(async (flags: RaceFlags) => {
      const config = parseRaceConfig(mergeFlags(flags.config === undefined ? {} : readJsonFile(flags.config), flags));
      if (config.out === undefined) throw new InputError('race needs an output file: --out race.gif (or .svg, .png, .mp4)');
      const format = outputFormat(config.out);
      checkWritableDirectory(config.out);
      if (format === 'mp4') requireFfmpeg(config.out);
      await writeFigure(config.out, animatedFigure(raceAnimation(runRace(config))), format);
    });
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function mergeFlags(file: unknown, flags: RaceFlags): unknown {
  if (typeof file !== 'object' || file === null || Array.isArray(file)) return file;
  const merged: Record<string, unknown> = { ...file };
  if (flags.fn !== undefined) merged.fn = parseFunctionSpec(flags.fn);
  if (flags.start !== undefined) merged.start = parsePoint(flags.start);
  if (flags.steps !== undefined) merged.steps = parseInteger('steps', flags.steps);
  if (flags.optimizer !== undefined) merged.optimizers = flags.optimizer;
  if (flags.schedule !== undefined) merged.schedule = parseSpec('schedule', flags.schedule);
  if (flags.window !== undefined) merged.window = parseWindow(flags.window);
  if (flags.title !== undefined) merged.title = flags.title;
  if (flags.out !== undefined) merged.out = flags.out;
  if (flags.batchSize !== undefined) merged.batchSize = parseInteger('batch-size', flags.batchSize);
  if (flags.seed !== undefined) merged.seed = parseInteger('seed', flags.seed);
  return merged;
}

function parseInteger(name: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value)) throw new InputError(`--${name} must be an integer (got '${text}')`);
  return value;
}
