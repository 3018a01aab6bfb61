/**
 * Checks whose messages name the option, the valid range and the value given, as PyTorch's argument checks
 * do ("adam: eps must be > 0 (got 0)"), for conditions no settings row expresses (between options, against
 * the data); an algorithm's options themselves are checked by their rows (src/config/options.ts).
 */
import { InputError } from '../errors.js';

/** A value as the user wrote it, for error messages. */
export function show(value: unknown): string {
  if (typeof value === 'number') return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? `an array of ${value.length}` : 'an object'; // nested past the stack, or cyclic
  }
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN - 20)}… (${text.length} characters)`;
}

/** A value longer than this is shown by its start and its length. */
const MAX_SHOWN = 80;

/** Throws `owner: name must be <range> (got value)` unless `ok`. */
export function check(ok: boolean, owner: string, name: string, range: string, value: unknown): void {
  if (!ok) throw new InputError(`${owner}: ${name} must be ${range} (got ${show(value)})`);
}

export function checkNonNegative(owner: string, name: string, value: number): void {
  check(value >= 0, owner, name, '>= 0', value);
}

export function checkPositive(owner: string, name: string, value: number): void {
  check(value > 0, owner, name, '> 0', value);
}

/** 0 <= value < 1, the range of a decay rate such as Adam's betas. */
export function checkUnitInterval(owner: string, name: string, value: number): void {
  check(value >= 0 && value < 1, owner, name, 'in [0, 1)', value);
}

export function checkInteger(owner: string, name: string, value: number, min: number): void {
  check(Number.isInteger(value) && value >= min, owner, name, `an integer >= ${min}`, value);
}
