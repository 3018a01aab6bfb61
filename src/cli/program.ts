/**
 * The `downhill` command: one subcommand per file in this folder. DOWNHILL_KERNELS=ts|wasm picks the
 * compute kernels (default: wasm where WebAssembly SIMD loads, else ts); DOWNHILL_THREADS=N the threads
 * the wasm float32 matmul runs on (default: all cores; see src/node/threads.ts).
 */
import { Command } from 'commander';
import { InputError } from '../errors.js';
import { selectKernels } from '../kernels/wasm/select.js';
import { parseThreads, useThreads } from '../node/threads.js';
import { figuresCommand } from './figures.js';
import { listCommand } from './list.js';
import { plotMetricsCommand } from './plotMetrics.js';
import { evaluateCommand, predictCommand } from './predict.js';
import { raceCommand } from './race.js';
import { EXIT_BAD_INPUT, runCli, say } from './run.js';
import { traceCommand } from './trace.js';
import { trainCommand } from './train.js';
import { tuneCommand } from './tune.js';
import { workerCommand } from './worker.js';

/**
 * A fresh program: commander keeps parsed values in its commands, so each parse needs its own. Options belong to
 * the command they follow (positional), so `tune replay DIR --workers 8` is replay's setting and not tune's.
 */
export function program(version: string): Command {
  return new Command('downhill')
    .description('Gradient-based optimization made real, fast and visible.')
    .version(version)
    .enablePositionalOptions()
    .addCommand(traceCommand())
    .addCommand(raceCommand())
    .addCommand(figuresCommand())
    .addCommand(trainCommand())
    .addCommand(tuneCommand())
    .addCommand(workerCommand())
    .addCommand(plotMetricsCommand())
    .addCommand(listCommand())
    .addCommand(predictCommand())
    .addCommand(evaluateCommand());
}

/** Selects the kernels from DOWNHILL_KERNELS and DOWNHILL_THREADS; a bad value ends as one line on stderr and exit code 2. */
function chooseKernels(): boolean {
  try {
    selectKernels(process.env.DOWNHILL_KERNELS, 'DOWNHILL_KERNELS');
    useThreads(parseThreads(process.env.DOWNHILL_THREADS, 'DOWNHILL_THREADS'));
    return true;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    say(error.message);
    process.exitCode = EXIT_BAD_INPUT;
    return false;
  }
}

/** Runs `downhill` on `argv` (process.argv's shape: node, script, arguments…). */
export async function runProgram(version: string, argv: string[]): Promise<void> {
  if (chooseKernels()) await runCli(program(version), argv);
}
