/** The `downhill` command and its subcommands, one file each in this folder (main.ts runs it). */
import { Command } from 'commander';
import { figuresCommand } from './figures.js';
import { listCommand } from './list.js';
import { plotMetricsCommand } from './plotMetrics.js';
import { raceCommand } from './race.js';
import { traceCommand } from './trace.js';
import { trainCommand } from './train.js';

/** A fresh program: commander keeps parsed values in its commands, so each parse needs its own. */
export function downhillProgram(): Command {
  return new Command('downhill')
    .description('Gradient-based optimization made real, fast and visible.')
    .version('0.1.0')
    .addCommand(traceCommand())
    .addCommand(raceCommand())
    .addCommand(figuresCommand())
    .addCommand(trainCommand())
    .addCommand(plotMetricsCommand())
    .addCommand(listCommand());
}
