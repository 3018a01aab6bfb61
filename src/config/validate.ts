/**
 * Option handling shared by every optimizer, schedule, problem and data source: defaults filled in, unknown names rejected
 * (an option that an algorithm does not have is an error, never ignored), and range checks whose
 * messages name the option, the valid range and the value given, as PyTorch's argument checks do.
 */
import { InputError } from '../errors.js';

/** Fills `given` over `defaults`, rejecting names that are not in `defaults` and values of the wrong type. */
export function resolveOptions<O extends object>(owner: string, defaults: O, given: object = {}): O {
  const valid = Object.keys(defaults);
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if (!valid.includes(key)) {
      throw new InputError(`${owner}: unknown option '${key}'; valid options: ${valid.join(', ')}`);
    }
    out[key] = checkType(owner, key, (defaults as Record<string, unknown>)[key], value);
  }
  return out as O;
}

/** The value must have the shape of the default: a number, a boolean, or an array of numbers of the same length. */
function checkType(owner: string, key: string, fallback: unknown, value: unknown): unknown {
  if (typeof fallback === 'number') {
    if (typeof value !== 'number' || Number.isNaN(value)) fail(owner, key, 'a number', value);
  } else if (typeof fallback === 'boolean') {
    if (typeof value !== 'boolean') fail(owner, key, 'true or false', value);
  } else if (Array.isArray(fallback)) {
    const ok = Array.isArray(value) && value.length === fallback.length && value.every((v) => typeof v === 'number');
    if (!ok) fail(owner, key, `an array of ${fallback.length} numbers`, value);
    return [...(value as number[])];
  }
  return value;
}

function fail(owner: string, key: string, expected: string, value: unknown): never {
  throw new InputError(`${owner}: ${key} must be ${expected} (got ${show(value)})`);
}

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
