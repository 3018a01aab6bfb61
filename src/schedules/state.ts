/**
 * Reading a schedule's saved state back: the JSON of `stateDict()` is decoded (src/util/serialize.ts, which
 * restores ±Infinity) and each field is checked, so a state from another schedule or a hand-edited file
 * is an InputError naming the field rather than a schedule that silently goes wrong.
 */
import { check } from '../config/validate.js';
import { decodeState, type JsonValue } from '../util/serialize.js';

export type SavedState = Record<string, unknown>;

/** The decoded state, which must be an object saved by a schedule of this name. */
export function readSavedState(owner: string, state: JsonValue): SavedState {
  const decoded = decodeState(state);
  const ok = typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded);
  check(
    ok && (decoded as SavedState).name === owner,
    owner,
    'the saved state',
    `a ${owner} schedule's state`,
    ok ? (decoded as SavedState).name : decoded,
  );
  return decoded as SavedState;
}

export function savedNumber(owner: string, saved: SavedState, key: string): number {
  const value = saved[key];
  check(typeof value === 'number' && !Number.isNaN(value), owner, `state.${key}`, 'a number', value);
  return value as number;
}

export function savedInteger(owner: string, saved: SavedState, key: string, min: number): number {
  const value = saved[key];
  check(Number.isInteger(value) && (value as number) >= min, owner, `state.${key}`, `an integer >= ${min}`, value);
  return value as number;
}

/** An array of `length` numbers (one per parameter group). */
export function savedNumbers(owner: string, saved: SavedState, key: string, length: number): number[] {
  const value = saved[key];
  const ok = Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number');
  check(ok, owner, `state.${key}`, `an array of ${length} numbers`, value);
  return [...(value as number[])];
}
