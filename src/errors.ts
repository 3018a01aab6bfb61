/**
 * An error in what the user asked for: an unknown name or option, a value outside its valid range, a
 * malformed file. The message is one line that names the problem and the valid range; the CLI prints it
 * without a stack trace and exits with code 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/**
 * A computation that cannot go on with the numbers it met: a singular matrix, an overflow, a size beyond
 * memory. The message is one line naming what failed and how to avoid it; the CLI prints it without a
 * stack trace and exits with code 4.
 */
export class NumericalError extends Error {
  override readonly name = 'NumericalError';
}
