/**
 * Small dense linear algebra for problems with few parameters (Newton's method, classifying critical
 * points of 2-D functions): matrices are row-major n×n Float64Arrays.
 *
 *   Cholesky:  A = L Lᵀ, L lower triangular; exists exactly when A is symmetric positive definite, so
 *              a failed factorisation is also the test for positive definiteness.
 *   LU:        Gaussian elimination with partial pivoting (the largest pivot in each column), for
 *              systems that are not positive definite.
 *   Jacobi:    the cyclic Jacobi eigenvalue method (Golub & Van Loan, Matrix Computations, §8.5):
 *              rotations J chosen to zero one off-diagonal pair at a time, A ← JᵀAJ, until the
 *              off-diagonal part vanishes; the diagonal is then the spectrum. Slow for large n,
 *              but simple and accurate to rounding for the small symmetric matrices used here.
 *
 * The factorisations work in place on buffers the caller owns, so a solver in a loop allocates nothing.
 */
import { InputError, NumericalError } from '../errors.js';
import { maxAbs } from './vector.js';

/**
 * Replaces the lower triangle of `a` with the Cholesky factor L (A = L Lᵀ); the strict upper triangle is
 * left as it was. Returns false, leaving `a` partly overwritten, when A is not positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let pivot = a[j * n + j];
    for (let k = 0; k < j; k++) pivot -= a[j * n + k] * a[j * n + k];
    // `!(pivot > 0)` also rejects NaN, so a Hessian with NaN entries never counts as positive definite.
    if (!(pivot > 0)) return false;
    const ljj = Math.sqrt(pivot);
    a[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = sum / ljj;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b given the factor from `choleskyInPlace`; `x` may be `b`. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k];
    x[i] = sum / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting, overwriting `a` and `b`; `x` may be `b`.
 * Returns false when A is singular to working precision: a pivot no larger than n·ε·max|Aᵢⱼ|.
 */
export function luSolveInPlace(a: Float64Array, n: number, b: Float64Array, x: Float64Array): boolean {
  const tiny = n * Number.EPSILON * maxAbs(a);
  for (let col = 0; col < n; col++) {
    const pivotRow = largestBelow(a, n, col);
    if (!(Math.abs(a[pivotRow * n + col]) > tiny)) return false;
    if (pivotRow !== col) swapRows(a, n, b, pivotRow, col);
    const pivot = a[col * n + col];
    for (let row = col + 1; row < n; row++) {
      const factor = a[row * n + col] / pivot;
      if (factor === 0) continue;
      for (let k = col; k < n; k++) a[row * n + k] -= factor * a[col * n + k];
      b[row] -= factor * b[col];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < n; k++) sum -= a[i * n + k] * x[k];
    x[i] = sum / a[i * n + i];
  }
  return true;
}

/** The row at or below `col` with the largest entry in column `col`. */
function largestBelow(a: Float64Array, n: number, col: number): number {
  let best = col;
  for (let row = col + 1; row < n; row++) {
    if (Math.abs(a[row * n + col]) > Math.abs(a[best * n + col])) best = row;
  }
  return best;
}

function swapRows(a: Float64Array, n: number, b: Float64Array, r: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const t = a[r * n + k];
    a[r * n + k] = a[s * n + k];
    a[s * n + k] = t;
  }
  const t = b[r];
  b[r] = b[s];
  b[s] = t;
}

const MAX_JACOBI_SWEEPS = 100;

/**
 * The eigenvalues of the symmetric n×n matrix `a` (row-major; only its symmetric part matters), sorted
 * ascending. `a` is not modified. A non-finite entry, or a ‖A‖² that overflows, is a NumericalError:
 * the rotations would turn it into NaN eigenvalues after the last sweep rather than fail.
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 0 || a.length !== n * n) {
    throw new InputError(`symmetricEigenvalues: the matrix must have n×n = ${n}×${n} entries (got ${a.length})`);
  }
  const m = symmetricPart(a, n);
  const scale = frobeniusSquared(m);
  if (!Number.isFinite(scale)) {
    throw new NumericalError(
      `symmetricEigenvalues: the matrix has a non-finite entry or overflows (sum of squares ${scale})`,
    );
  }
  for (let sweep = 0; sweep < MAX_JACOBI_SWEEPS; sweep++) {
    // Stop once the off-diagonal mass is below rounding of the whole: eigenvalues then move by less than ε‖A‖.
    if (offDiagonalSquared(m, n) <= Number.EPSILON * Number.EPSILON * scale) break;
    for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) rotateAway(m, n, p, q);
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i];
  return values.sort();
}

function symmetricPart(a: Float64Array, n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
  return m;
}

function frobeniusSquared(m: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < m.length; i++) sum += m[i] * m[i];
  return sum;
}

function offDiagonalSquared(m: Float64Array, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) sum += m[i * n + j] * m[i * n + j];
  return sum;
}

/**
 * One Jacobi rotation m ← JᵀmJ in the (p, q) plane that makes m[p][q] zero. With θ = (m_qq − m_pp)/(2m_pq),
 * t = tan of the angle is the smaller root of t² + 2θt − 1 = 0 (the smaller angle keeps the method stable).
 */
function rotateAway(m: Float64Array, n: number, p: number, q: number): void {
  const apq = m[p * n + q];
  if (apq === 0) return;
  const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
  const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let k = 0; k < n; k++) {
    const mkp = m[k * n + p];
    const mkq = m[k * n + q];
    m[k * n + p] = c * mkp - s * mkq;
    m[k * n + q] = s * mkp + c * mkq;
  }
  for (let k = 0; k < n; k++) {
    const mpk = m[p * n + k];
    const mqk = m[q * n + k];
    m[p * n + k] = c * mpk - s * mqk;
    m[q * n + k] = s * mpk + c * mqk;
  }
  // Exactly zero rather than a rounding residue, so the sweep's convergence test sees the progress.
  m[p * n + q] = 0;
  m[q * n + p] = 0;
}
