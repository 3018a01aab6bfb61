/** Comparing numbers from two implementations of the same arithmetic. */
import assert from 'node:assert/strict';

/**
 * Asserts |actual − expected| ≤ rtol·max(|actual|, |expected|) + atol for every pair, and the same
 * shape; the message names the first index that fails, e.g. `points[37][1]`.
 */
export function assertClose(actual: unknown, expected: unknown, rtol: number, atol = 0, path = 'value'): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path}: expected a number`);
    const a = actual as number;
    const ok = a === expected || Math.abs(a - expected) <= rtol * Math.max(Math.abs(a), Math.abs(expected)) + atol;
    assert.ok(ok, `${path}: ${a} differs from ${expected} (relative ${Math.abs(a - expected) / Math.abs(expected)})`);
    return;
  }
  if (Array.isArray(expected) || ArrayBuffer.isView(expected)) {
    const e = Array.from(expected as ArrayLike<unknown>);
    const a = Array.from(actual as ArrayLike<unknown>);
    assert.equal(a.length, e.length, `${path}: length ${a.length}, expected ${e.length}`);
    e.forEach((value, i) => assertClose(a[i], value, rtol, atol, `${path}[${i}]`));
    return;
  }
  assert.deepEqual(actual, expected, path);
}

/** The largest relative difference between two nested arrays of numbers of the same shape. */
export function maxRelativeError(actual: unknown, expected: unknown): number {
  if (typeof expected === 'number') {
    const a = actual as number;
    if (a === expected) return 0;
    return Math.abs(a - expected) / Math.max(Math.abs(a), Math.abs(expected));
  }
  const e = Array.from(expected as ArrayLike<unknown>);
  const a = Array.from(actual as ArrayLike<unknown>);
  return e.reduce<number>((worst, value, i) => Math.max(worst, maxRelativeError(a[i], value)), 0);
}
