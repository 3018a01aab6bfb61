import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError, NumericalError } from '../../src/errors.js';
import { choleskyInPlace, choleskySolve, luSolveInPlace, symmetricEigenvalues } from '../../src/util/linalg.js';
import { assertClose } from '../helpers/close.js';

const finite = fc.double({ min: -100, max: 100, noNaN: true });

test('symmetricEigenvalues of 2×2 matrices agree with the closed form', () => {
  // [[p, q], [q, r]]: λ = (p + r)/2 ± √(((p − r)/2)² + q²).
  fc.assert(
    fc.property(finite, finite, finite, (p, q, r) => {
      const mean = (p + r) / 2;
      const radius = Math.hypot((p - r) / 2, q);
      const scale = Math.max(1, Math.abs(p), Math.abs(q), Math.abs(r));
      assertClose(
        Array.from(symmetricEigenvalues(Float64Array.of(p, q, q, r), 2)),
        [mean - radius, mean + radius],
        0,
        1e-13 * scale,
      );
    }),
    { numRuns: 300 },
  );
});

test('symmetricEigenvalues of known 3×3 matrices', () => {
  // The second-difference matrix tridiag(−1, 2, −1) has eigenvalues 2 − 2cos(kπ/4) = 2 − √2, 2, 2 + √2.
  const tridiagonal = Float64Array.of(2, -1, 0, -1, 2, -1, 0, -1, 2);
  assertClose(Array.from(symmetricEigenvalues(tridiagonal, 3)), [2 - Math.SQRT2, 2, 2 + Math.SQRT2], 0, 1e-14);
  // All ones: rank one, eigenvalues 0, 0, 3 (the all-ones vector).
  assertClose(Array.from(symmetricEigenvalues(new Float64Array(9).fill(1), 3)), [0, 0, 3], 0, 1e-14);
  // Diagonal, unsorted: returned ascending; the input is left as it was.
  const diagonal = Float64Array.of(3, 0, 0, 0, -1, 0, 0, 0, 2);
  assert.deepEqual(Array.from(symmetricEigenvalues(diagonal, 3)), [-1, 2, 3]);
  assert.deepEqual(Array.from(diagonal), [3, 0, 0, 0, -1, 0, 0, 0, 2]);
});

test('symmetricEigenvalues keeps the trace and the Frobenius norm of random 6×6 matrices', () => {
  fc.assert(
    fc.property(fc.array(finite, { minLength: 36, maxLength: 36 }), (entries) => {
      const n = 6;
      const a = Float64Array.from(entries);
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
      const values = symmetricEigenvalues(a, n);
      let trace = 0;
      let frobenius = 0;
      for (let i = 0; i < n; i++) trace += a[i * n + i];
      for (const v of a) frobenius += v * v;
      const scale = Math.sqrt(frobenius) + 1;
      assertClose(
        values.reduce((s, v) => s + v, 0),
        trace,
        0,
        1e-12 * scale,
      );
      assertClose(
        values.reduce((s, v) => s + v * v, 0),
        frobenius,
        1e-12,
        1e-12,
      );
      for (let i = 1; i < n; i++) assert.ok(values[i - 1] <= values[i]);
    }),
    { numRuns: 100 },
  );
});

test('symmetricEigenvalues checks the size', () => {
  assert.throws(
    () => symmetricEigenvalues(new Float64Array(3), 2),
    (e: unknown) =>
      e instanceof InputError && e.message === 'symmetricEigenvalues: the matrix must have n×n = 2×2 entries (got 3)',
  );
  assert.deepEqual(Array.from(symmetricEigenvalues(Float64Array.of(-4), 1)), [-4]);
});

test('symmetricEigenvalues fails with a NumericalError on a non-finite or overflowing matrix', () => {
  const numerical = (message: string) => (e: unknown) => e instanceof NumericalError && e.message === message;
  assert.throws(
    () => symmetricEigenvalues(Float64Array.of(1, Number.NaN, Number.NaN, 1), 2),
    numerical('symmetricEigenvalues: the matrix has a non-finite entry or overflows (sum of squares NaN)'),
  );
  // 1e200² = 1e400 overflows float64, although every entry is finite.
  assert.throws(
    () => symmetricEigenvalues(Float64Array.of(1e200, 0, 0, 1), 2),
    numerical('symmetricEigenvalues: the matrix has a non-finite entry or overflows (sum of squares Infinity)'),
  );
});

test('Cholesky solves a positive definite system and rejects an indefinite one', () => {
  // [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]; x = (1, −1) gives b = (2, −1).
  const a = Float64Array.of(4, 2, 2, 3);
  assert.equal(choleskyInPlace(a, 2), true);
  assertClose([a[0], a[2], a[3]], [2, 1, Math.SQRT2], 1e-15);
  const x = new Float64Array(2);
  choleskySolve(a, 2, Float64Array.of(2, -1), x);
  assertClose(Array.from(x), [1, -1], 0, 1e-15);
  assert.equal(choleskyInPlace(Float64Array.of(1, 2, 2, 1), 2), false);
  assert.equal(choleskyInPlace(Float64Array.of(1, 0, 0, 0), 2), false);
});

test('LU with partial pivoting solves what needs a row swap and reports a singular matrix', () => {
  // [[0, 2], [3, 1]] x = (4, 5): x = (1, 2); the zero first pivot needs the swap.
  const b = Float64Array.of(4, 5);
  assert.equal(luSolveInPlace(Float64Array.of(0, 2, 3, 1), 2, b, b), true);
  assertClose(Array.from(b), [1, 2], 0, 1e-15);
  assert.equal(luSolveInPlace(Float64Array.of(1, 2, 2, 4), 2, Float64Array.of(1, 1), new Float64Array(2)), false);
});
