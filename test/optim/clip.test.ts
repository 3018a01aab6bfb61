/**
 * Gradient clipping against PyTorch 1.13 and 2.x (test/fixtures/lbfgs/clip.json and clip.torch2.json, made
 * by generate.py beside them, hold the same numbers):
 * `clipGradNorm` must return torch.nn.utils.clip_grad_norm_'s total norm and leave the same gradients for
 * norm types 2, 1, ∞, 3 and 0.5, and `clipGradValue` must clamp as clip_grad_value_ does. Also: the
 * cases where nothing is clipped, non-finite norms, and the argument checks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { clipGradNorm, clipGradValue } from '../../src/optim/clip.js';
import type { Param } from '../../src/optim/optimizer.js';
import { assertClose, maxRelativeError } from '../helpers/close.js';
import { torchFixtures } from '../helpers/torchFixtures.js';

interface Fixture {
  /** The gradients every case starts from. */
  grads: number[][];
  clipGradNorm: { normType: number | 'Infinity'; maxNorm: number; totalNorm: number; clipped: number[][] }[];
  clipGradValue: { clipValue: number; clipped: number[][] }[];
}

const [torch113, torch2] = torchFixtures<Fixture>('lbfgs/clip.json');
const fixture = torch113.data;

test('PyTorch 1.13 and 2.x clip the same gradients to the same bits', () => {
  assert.deepEqual(torch2.data, torch113.data);
});

function paramsWithGrads(grads: number[][]): Param[] {
  return grads.map((g) => ({ data: new Float64Array(g.length), grad: Float64Array.from(g) }));
}

const grads = (params: Param[]): number[][] => params.map((p) => Array.from(p.grad));

// Rounding differs from PyTorch's only in the order of the sums inside each norm and in pow.
const RTOL = 1e-13;

for (const c of fixture.clipGradNorm) {
  test(`clipGradNorm matches torch clip_grad_norm_ (normType ${c.normType}, maxNorm ${c.maxNorm})`, (t) => {
    const params = paramsWithGrads(fixture.grads);
    const total = clipGradNorm(params, c.maxNorm, Number(c.normType));
    assertClose(total, c.totalNorm, RTOL, 0, 'total norm');
    assertClose(grads(params), c.clipped, RTOL, 0, 'clipped gradients');
    t.diagnostic(
      `relative difference: norm ${maxRelativeError(total, c.totalNorm)}, gradients ${maxRelativeError(grads(params), c.clipped)}`,
    );
  });
}

test('the norm fixtures include cases that clip and cases that do not', () => {
  const unchanged = fixture.clipGradNorm.filter((c) => JSON.stringify(c.clipped) === JSON.stringify(fixture.grads));
  assert.ok(unchanged.length >= 1 && unchanged.length < fixture.clipGradNorm.length);
});

for (const c of fixture.clipGradValue) {
  test(`clipGradValue matches torch clip_grad_value_ (clipValue ${c.clipValue})`, () => {
    const params = paramsWithGrads(fixture.grads);
    clipGradValue(params, c.clipValue);
    assert.deepEqual(grads(params), c.clipped);
  });
}

test('a total norm below maxNorm leaves the gradients exactly as they were', () => {
  // ‖(3, 4)‖₂ = 5 ≤ 10: the coefficient 10/(5 + 1e-6) is clamped to 1.
  const params = paramsWithGrads([[3], [4]]);
  assert.equal(clipGradNorm(params, 10), 5);
  assert.deepEqual(grads(params), [[3], [4]]);
  // Scaled to norm maxNorm/(1 + 1e-6/N) when it is above: here 1/(5 + 1e-6) per unit.
  const clipped = paramsWithGrads([[3], [4]]);
  assert.equal(clipGradNorm(clipped, 1), 5);
  assert.deepEqual(grads(clipped), [[3 * (1 / (5 + 1e-6))], [4 * (1 / (5 + 1e-6))]]);
});

test('the ∞-norm is the largest |g| over all parameters', () => {
  const params = paramsWithGrads([[1, -7], [3]]);
  assert.equal(clipGradNorm(params, 100, Infinity), 7);
  assert.equal(clipGradNorm(paramsWithGrads([[1, -7], [3]]), 100, 1), 11);
});

test('a non-finite total norm throws with errorIfNonfinite, and otherwise scales as PyTorch does', () => {
  const infinite = paramsWithGrads([[1, Infinity], [2]]);
  assert.throws(
    () => clipGradNorm(infinite, 1, 2, true),
    (e: unknown) =>
      e instanceof InputError &&
      /^clipGradNorm: the total norm of order 2 of the gradients is Infinity, so they cannot be clipped/.test(
        e.message,
      ),
  );
  assert.deepEqual(grads(infinite), [[1, Infinity], [2]], 'untouched after the error');
  // The coefficient 1/(∞ + 1e-6) is 0: finite entries become 0, the infinite one 0·∞ = NaN.
  assert.equal(clipGradNorm(infinite, 1), Infinity);
  assert.deepEqual(grads(infinite), [[0, NaN], [0]]);
  const nan = paramsWithGrads([[NaN, 1]]);
  assert.ok(Number.isNaN(clipGradNorm(nan, 1, Infinity)));
  assert.deepEqual(grads(nan), [[NaN, NaN]]);
  assert.throws(
    () => clipGradNorm(paramsWithGrads([[NaN]]), 1, Infinity, true),
    /total norm of order Infinity of the gradients is NaN/,
  );
});

test('clipGradValue leaves NaN as NaN and no parameters is a total norm of 0', () => {
  const params = paramsWithGrads([[NaN, -5, 5, 0.25]]);
  clipGradValue(params, 1);
  assert.deepEqual(grads(params), [[NaN, -1, 1, 0.25]]);
  assert.equal(clipGradNorm([], 1), 0);
});

test('float32 gradients are clipped in place too', () => {
  const params: Param[] = [{ data: new Float32Array(2), grad: Float32Array.from([3, 4]) }];
  assert.equal(clipGradNorm(params, 1), 5);
  assert.deepEqual(Array.from(params[0].grad), [Math.fround(3 / (5 + 1e-6)), Math.fround(4 / (5 + 1e-6))]);
});

test('arguments are checked with messages naming the valid range', () => {
  const p = (): Param[] => paramsWithGrads([[1]]);
  const cases: [() => unknown, string][] = [
    [() => clipGradNorm(p(), -1), 'clipGradNorm: maxNorm must be >= 0 (got -1)'],
    [() => clipGradNorm(p(), NaN), 'clipGradNorm: maxNorm must be >= 0 (got NaN)'],
    [() => clipGradNorm(p(), 1, 0), 'clipGradNorm: normType must be > 0 (got 0)'],
    [() => clipGradNorm(p(), 1, -2), 'clipGradNorm: normType must be > 0 (got -2)'],
    [() => clipGradValue(p(), -0.5), 'clipGradValue: clipValue must be >= 0 (got -0.5)'],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (e: unknown) => e instanceof InputError && e.message === message, message);
  }
});
