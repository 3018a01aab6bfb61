/**
 * An error in what the user asked for: an unknown name or option, a value outside its valid range, a
 * malformed file. The message is one line that names the problem and the valid range; the CLI prints it
 * without a stack trace and exits with code 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
}

export class NumericalError extends Error { override readonly name = 'NumericalError' }
