/**
 * Runs the CLI with one voice for everything it says on stderr: `downhill: <message>` on one line, with
 * control characters shown escaped (a value can neither break the line nor drive the terminal) and long
 * values shortened with their length. A user's mistake exits with code 2, a numerical failure with 4;
 * a bug inside downhill still shows its stack, with exit code 1. Output cut off downstream
 * (`downhill trace … | head -c 10`) ends quietly; output that cannot be written (a full disk) is one line.
 */
import { Command, CommanderError } from 'commander';
import { InputError, NumericalError } from '../errors.js';

export const EXIT_BAD_INPUT = 2;
export const EXIT_NUMERICAL = 4;

export async function runCli(program: Command, argv: string[]): Promise<void> {
  configure(program);
  watchStdout();
  if (argv.length <= 2) {
    // Commander would print its whole help on stderr: the error voice says what is missing in one line.
    say(`a command is needed: ${program.commands.map((c) => c.name()).join(', ')} (downhill --help says more)`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

/** Writes `message` as the CLI's one line on stderr. */
export function say(message: string): void {
  process.stderr.write(`downhill: ${safeLine(message)}\n`);
}

/** Longer lines are shortened to both ends and the count of what was left out. */
const MAX_LINE = 600;

/**
 * `text` fit for one terminal line: control characters (C0, DEL, C1, the Unicode line and paragraph
 * separators) as escapes (`\n`, `\x1b`, `\u2028`), and the line cut in the middle beyond MAX_LINE
 * characters (a value in it is shortened where it is shown: `show` in src/optim/options.ts).
 */
export function safeLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, escape);
  if (escaped.length <= MAX_LINE) return escaped;
  const keep = MAX_LINE / 2 - 20;
  return `${escaped.slice(0, keep)} … (${escaped.length - 2 * keep} characters left out) … ${escaped.slice(-keep)}`;
}

function escape(character: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  if (Object.hasOwn(named, character)) return named[character];
  const code = character.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Commander reports its parse errors itself; we make each one line and let exitCodeFor set the code. */
function configure(command: Command): void {
  command
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput({ writeErr: (text) => process.stderr.write(oneLine(text)) });
  for (const sub of command.commands) configure(sub);
}

/** "error: unknown option '--optimiser'\n(Did you mean --optimizer?)" → "downhill: unknown option '--optimiser' (Did you mean --optimizer?)" */
function oneLine(text: string): string {
  if (!text.startsWith('error: ')) return text;
  return `downhill: ${safeLine(
    text
      .slice('error: '.length)
      .trim()
      .replace(/\s*\n\s*/g, ' '),
  )}\n`;
}

/**
 * A reader that stops reading (EPIPE) ends the run quietly, keeping its exit code; any other failure to
 * write the results (ENOSPC on /dev/full) is one line and exit code 2.
 */
function watchStdout(): void {
  if (process.stdout.listeners('error').includes(onStdoutError)) return;
  process.stdout.on('error', onStdoutError);
}

function onStdoutError(error: NodeJS.ErrnoException): void {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  say(
    `cannot write the output: ${error.code === 'ENOSPC' ? 'no space left on the device' : (error.code ?? error.message)}`,
  );
  process.exit(EXIT_BAD_INPUT);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  if (error instanceof InputError) {
    say(error.message);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof NumericalError) {
    say(error.message);
    return EXIT_NUMERICAL;
  }
  // Input nested or chained deeper than the stack (a config of 100,000 nested arrays, a formula of thousands
  // of terms) is the input's fault, not a bug.
  if (error instanceof RangeError && error.message.includes('call stack')) {
    say('the input is nested too deeply to read (it overflowed the stack); flatten the config or shorten the formula');
    return EXIT_BAD_INPUT;
  }
  process.stderr.write(
    `downhill: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
}
