/**
 * Option handling for schedules, on top of the optimizers' (src/config/validate.ts): some schedule options
 * have no single type a default can show — required lists (milestones), optional counts (totalSteps)
 * and per-group values that may be one number for every group or an array with one per group (PyTorch's
 * "float or list": maxLr, baseLr, baseMomentum, maxMomentum, minLr). Those are left out of
 * `resolveOptions`' type check and checked here.
 */
import { InputError } from '../errors.js';
import { check, checkInteger, resolveOptions } from '../config/validate.js';

/**
 * `resolveOptions`, except that the options named in `free` may have any type (the caller checks them);
 * an option in `free` that is not given, or given as null (PyTorch's None), takes its default, which may be
 * `undefined`.
 */
export function resolveScheduleOptions<O extends object>(
  owner: string,
  defaults: O,
  given: object | undefined,
  free: readonly (keyof O & string)[],
): O {
  const loose: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const key of free) loose[key] = undefined;
  const resolved = resolveOptions(owner, loose, given);
  for (const key of free) resolved[key] ??= (defaults as Record<string, unknown>)[key];
  return resolved as O;
}

/**
 * One value per parameter group, from a single number (the same for every group) or an array with one
 * per group; each must pass `test` (whose range the message gives), e.g. `maxLr[1] must be >= 0`.
 */
export function perGroup(
  owner: string,
  name: string,
  value: unknown,
  groupCount: number,
  range: string,
  test: (v: number) => boolean,
): number[] {
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  const ok = isNumber(value) || (Array.isArray(value) && value.length === groupCount && value.every(isNumber));
  check(ok, owner, name, `a number or an array of ${groupCount} numbers (one per parameter group)`, value);
  if (isNumber(value)) {
    check(test(value), owner, name, range, value);
    return new Array<number>(groupCount).fill(value);
  }
  const values = [...(value as number[])];
  values.forEach((v, i) => check(test(v), owner, `${name}[${i}]`, range, v));
  return values;
}

/** A required number option (default NaN or undefined) must have been given. */
export function checkGiven(owner: string, name: string, value: unknown, range: string): void {
  if (value === undefined || Number.isNaN(value)) {
    throw new InputError(`${owner}: ${name} must be given: ${range} (got nothing)`);
  }
}

/** A required integer option, at least `min`. */
export function checkGivenInteger(owner: string, name: string, value: number, min: number): void {
  checkGiven(owner, name, value, `an integer >= ${min}`);
  checkInteger(owner, name, value, min);
}

/** An array of integers >= `min`, e.g. milestones. */
export function integerList(owner: string, name: string, value: unknown, min: number): number[] {
  checkGiven(owner, name, value, `an array of integers >= ${min}`);
  const ok = Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= min);
  check(ok, owner, name, `an array of integers >= ${min}`, value);
  return [...(value as number[])];
}
