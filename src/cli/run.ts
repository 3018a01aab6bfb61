/**
 * Runs the CLI so that a user's mistake ends as one line on stderr and exit code 2 (never a stack trace), a
 * numerical failure (a singular Hessian, an overflow) as one line and exit code 4, while a bug inside
 * downhill still shows its stack, with exit code 1.
 */
import { Command, CommanderError } from 'commander';
import { InputError, NumericalError } from '../errors.js';

export const EXIT_BAD_INPUT = 2;
export const EXIT_NUMERICAL = 4;

export async function runCli(program: Command, argv: string[]): Promise<void> {
  configure(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

/** Commander reports its parse errors itself; we make each one line and let exitCodeFor set the code. */
function configure(command: Command): void {
  command.exitOverride().configureOutput({ writeErr: (text) => process.stderr.write(oneLine(text)) });
  for (const sub of command.commands) configure(sub);
}

/** "error: unknown option '--optimiser'\n(Did you mean --optimizer?)" → "downhill: unknown option '--optimiser' (Did you mean --optimizer?)" */
function oneLine(text: string): string {
  if (!text.startsWith('error: ')) return text;
  return `downhill: ${text.slice('error: '.length).trim().replace(/\s*\n\s*/g, ' ')}\n`;
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  if (error instanceof InputError) {
    process.stderr.write(`downhill: ${error.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof NumericalError) {
    process.stderr.write(`downhill: ${error.message}\n`);
    return EXIT_NUMERICAL;
  }
  process.stderr.write(`downhill: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
