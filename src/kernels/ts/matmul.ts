/**
 * Dense matrix products on row-major arrays, in the three layouts a linear layer Y = X·W needs:
 *
 *   forward       Y  = X·W      matmul            C[m×n] = A[m×k] · B[k×n]
 *   weight grad   ∂W = Xᵀ·∂Y    matmulTransposeA  C[m×n] = Aᵀ · B,  A stored [k×m]
 *   input grad    ∂X = ∂Y·Wᵀ    matmulTransposeB  C[m×n] = A · Bᵀ,  B stored [n×k]
 *
 * A·B and Aᵀ·B run in i-k-j order: row i of C is Σ_p A[i,p] · (row p of B), so the innermost loop walks
 * a row of B and a row of C contiguously. They are register-blocked 4×4: four rows of C are built
 * from four rows of B at a time, with the 16 entries of A in local variables, so each element of B read
 * serves four rows of C and each element of C stored absorbs four products. (bench/matmul.ts measures
 * it against one-row i-k-j and the naive i-j-k triple loop.) The two layouts differ only in where A[i,p]
 * lives: at i·k + p for A, at p·m + i for Aᵀ — a row stride and a column stride.
 *
 * A·Bᵀ is dot products of rows of A with rows of B, both contiguous; two rows of A against four rows of
 * B at a time keeps eight independent sums, so the additions do not wait on each other.
 *
 * No allocation; `accumulate` adds into C (how gradients are summed) instead of overwriting it.
 */
import type { Storage } from '../../tensor/storage.js';

export function matmul(a: Storage, b: Storage, c: Storage, m: number, k: number, n: number, accumulate = false): void {
  if (!accumulate) c.fill(0, 0, m * n);
  addProduct(a, k, 1, b, c, m, k, n);
}

export function matmulTransposeA(
  a: Storage,
  b: Storage,
  c: Storage,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  if (!accumulate) c.fill(0, 0, m * n);
  addProduct(a, 1, m, b, c, m, k, n);
}

/** C += A·B where A[i, p] is a[i·rowStride + p·colStride]. */
function addProduct(
  a: Storage,
  rowStride: number,
  colStride: number,
  b: Storage,
  c: Storage,
  m: number,
  k: number,
  n: number,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) addFourRows(a, i * rowStride, rowStride, colStride, b, c, i * n, k, n);
  for (; i < m; i++) addOneRow(a, i * rowStride, colStride, b, c, i * n, k, n);
}

/** Rows c0 … c0+3n of C += the four rows of A starting at a0 times B. */
function addFourRows(
  a: Storage,
  a0: number,
  rs: number,
  cs: number,
  b: Storage,
  c: Storage,
  c0: number,
  k: number,
  n: number,
): void {
  const c1 = c0 + n;
  const c2 = c1 + n;
  const c3 = c2 + n;
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const q0 = a0 + p * cs;
    const q1 = q0 + cs;
    const q2 = q1 + cs;
    const q3 = q2 + cs;
    // A[i + r, p + s] for r, s = 0 … 3.
    const a00 = a[q0],
      a01 = a[q1],
      a02 = a[q2],
      a03 = a[q3];
    const a10 = a[q0 + rs],
      a11 = a[q1 + rs],
      a12 = a[q2 + rs],
      a13 = a[q3 + rs];
    const a20 = a[q0 + 2 * rs],
      a21 = a[q1 + 2 * rs],
      a22 = a[q2 + 2 * rs],
      a23 = a[q3 + 2 * rs];
    const a30 = a[q0 + 3 * rs],
      a31 = a[q1 + 3 * rs],
      a32 = a[q2 + 3 * rs],
      a33 = a[q3 + 3 * rs];
    const b0 = p * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let j = 0; j < n; j++) {
      const x0 = b[b0 + j],
        x1 = b[b1 + j],
        x2 = b[b2 + j],
        x3 = b[b3 + j];
      c[c0 + j] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
      c[c1 + j] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
      c[c2 + j] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
      c[c3 + j] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
    }
  }
  for (; p < k; p++) {
    const q = a0 + p * cs;
    const v0 = a[q],
      v1 = a[q + rs],
      v2 = a[q + 2 * rs],
      v3 = a[q + 3 * rs];
    const bp = p * n;
    for (let j = 0; j < n; j++) {
      const x = b[bp + j];
      c[c0 + j] += v0 * x;
      c[c1 + j] += v1 * x;
      c[c2 + j] += v2 * x;
      c[c3 + j] += v3 * x;
    }
  }
}

/** Row c0 of C += the row of A starting at a0 times B (for the m mod 4 rows left over). */
function addOneRow(a: Storage, a0: number, cs: number, b: Storage, c: Storage, c0: number, k: number, n: number): void {
  let p = 0;
  for (; p + 4 <= k; p += 4) {
    const q = a0 + p * cs;
    const v0 = a[q],
      v1 = a[q + cs],
      v2 = a[q + 2 * cs],
      v3 = a[q + 3 * cs];
    const b0 = p * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let j = 0; j < n; j++) c[c0 + j] += v0 * b[b0 + j] + v1 * b[b1 + j] + v2 * b[b2 + j] + v3 * b[b3 + j];
  }
  for (; p < k; p++) {
    const v = a[a0 + p * cs];
    const bp = p * n;
    for (let j = 0; j < n; j++) c[c0 + j] += v * b[bp + j];
  }
}

export function matmulTransposeB(
  a: Storage,
  b: Storage,
  c: Storage,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  let i = 0;
  for (; i + 2 <= m; i += 2) {
    let j = 0;
    for (; j + 4 <= n; j += 4) dotTwoByFour(a, i * k, b, j * k, c, i * n + j, k, n, accumulate);
    for (; j < n; j++) {
      store(c, i * n + j, dot(a, i * k, b, j * k, k), accumulate);
      store(c, (i + 1) * n + j, dot(a, (i + 1) * k, b, j * k, k), accumulate);
    }
  }
  for (; i < m; i++) {
    for (let j = 0; j < n; j++) store(c, i * n + j, dot(a, i * k, b, j * k, k), accumulate);
  }
}

/** C[i…i+1, j…j+3] (+)= rows i, i+1 of A (from a0) · rows j … j+3 of B (from b0). */
function dotTwoByFour(
  a: Storage,
  a0: number,
  b: Storage,
  b0: number,
  c: Storage,
  c0: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  const a1 = a0 + k;
  const b1 = b0 + k;
  const b2 = b1 + k;
  const b3 = b2 + k;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    t0 = 0,
    t1 = 0,
    t2 = 0,
    t3 = 0;
  for (let p = 0; p < k; p++) {
    const x = a[a0 + p];
    const y = a[a1 + p];
    const v0 = b[b0 + p],
      v1 = b[b1 + p],
      v2 = b[b2 + p],
      v3 = b[b3 + p];
    s0 += x * v0;
    s1 += x * v1;
    s2 += x * v2;
    s3 += x * v3;
    t0 += y * v0;
    t1 += y * v1;
    t2 += y * v2;
    t3 += y * v3;
  }
  store(c, c0, s0, accumulate);
  store(c, c0 + 1, s1, accumulate);
  store(c, c0 + 2, s2, accumulate);
  store(c, c0 + 3, s3, accumulate);
  store(c, c0 + n, t0, accumulate);
  store(c, c0 + n + 1, t1, accumulate);
  store(c, c0 + n + 2, t2, accumulate);
  store(c, c0 + n + 3, t3, accumulate);
}

function dot(a: Storage, a0: number, b: Storage, b0: number, k: number): number {
  let sum = 0;
  for (let p = 0; p < k; p++) sum += a[a0 + p] * b[b0 + p];
  return sum;
}

function store(c: Storage, index: number, value: number, accumulate: boolean): void {
  c[index] = accumulate ? c[index] + value : value;
}
