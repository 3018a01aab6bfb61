#!/usr/bin/env node
/**
 * The `downhill` command: one subcommand per file in this folder. DOWNHILL_KERNELS=ts|wasm picks the
 * compute kernels (default: wasm where WebAssembly SIMD loads, else ts); DOWNHILL_THREADS=N the threads
 * the wasm float32 matmul runs on (default: all cores; see src/node/threads.ts).
 */
import { InputError } from '../errors.js';
import { selectKernels } from '../kernels/wasm/select.js';
import { parseThreads, useThreads } from '../node/threads.js';
import { downhillProgram } from './program.js';
import { EXIT_BAD_INPUT, runCli, say } from './run.js';

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

if (chooseKernels()) await runCli(downhillProgram(), process.argv);
