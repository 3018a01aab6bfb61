/**
 * Runs downhill's CLI inside the test process — the same commands and the same `runCli` that maps errors to
 * one line and an exit code — capturing stderr and the exit code. Saves starting a process per case; the
 * tests still run the real `downhill` once per command to check the whole path, stdout included (stdout is
 * not captured here: the test runner reports through it; `figures` reports its files to a collector).
 */
import { Command } from 'commander';
import { figuresCommand } from '../../src/cli/figures.js';
import { plotMetricsCommand } from '../../src/cli/plotMetrics.js';
import { raceCommand } from '../../src/cli/race.js';
import { runCli } from '../../src/cli/run.js';

export interface CommandResult {
  status: number;
  stderr: string;
  /** The lines `figures` reports (the files it wrote). */
  lines: string[];
}

export async function runCommand(args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  const lines: string[] = [];
  const program = new Command('downhill')
    .addCommand(raceCommand())
    .addCommand(figuresCommand({ line: (text) => lines.push(text) }))
    .addCommand(plotMetricsCommand());
  const saved = { err: process.stderr.write, env: { ...process.env }, code: process.exitCode };
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => (
    (stderr += chunk.toString()),
    true
  )) as typeof process.stderr.write;
  Object.assign(process.env, env);
  process.exitCode = undefined;
  try {
    await runCli(program, ['node', 'downhill', ...args]);
    return { status: Number(process.exitCode ?? 0), stderr, lines };
  } finally {
    process.stderr.write = saved.err;
    for (const key of Object.keys(env)) {
      if (saved.env[key] === undefined) delete process.env[key];
      else process.env[key] = saved.env[key];
    }
    process.exitCode = saved.code;
  }
}
