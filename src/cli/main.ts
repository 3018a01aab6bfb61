#!/usr/bin/env node
/** The `downhill` command: one subcommand per file in this folder. */
import { Command } from 'commander';
import { figuresCommand } from './figures.js';
import { raceCommand } from './race.js';
import { runCli } from './run.js';
import { traceCommand } from './trace.js';
import { trainCommand } from './train.js';

const program = new Command('downhill')
  .description('Gradient-based optimization made real, fast and visible.')
  .version('0.1.0')
  .addCommand(traceCommand())
  .addCommand(raceCommand())
  .addCommand(figuresCommand())
  .addCommand(trainCommand());

await runCli(program, process.argv);
