#!/usr/bin/env node
/** The `downhill` command: one subcommand per file in this folder. */
import { Command } from 'commander';
import { runCli } from './run.js';
import { traceCommand } from './trace.js';

const program = new Command('downhill')
  .description('Gradient-based optimization made real, fast and visible.')
  .version('0.1.0')
  .addCommand(traceCommand());

await runCli(program, process.argv);
