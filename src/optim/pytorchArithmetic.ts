/**
 * PyTorch's arithmetic where its order of operations differs from the obvious one, so that L-BFGS and its
 * strong-Wolfe line search reproduce PyTorch's float64 runs bit for bit (1.13 and 2.x): the order in which its CPU
 * kernels sum a vector (`flat_grad.abs().sum()`), and Python's min on numbers.
 */

/**
 * ATen's lerp(start, end, w) (aten/src/ATen/native/Lerp.h): start + w·(end − start) for |w| < ½, else
 * end − (end − start)·(1 − w), so that both ends are exact. PyTorch 2.x's optimizers (`exp_avg.lerp_`) and
 * its EMA of weights (`_foreach_lerp_`) use it.
 */
export function lerp(start: number, end: number, weight: number): number {
  return Math.abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight);
}

/** Python's min(a, b): a unless b is smaller (so min(1, NaN) is 1, and min(NaN, 1) is NaN). */
export function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

/** The portable kernels' Vectorized<double> holds 4 values; the cascade sums 4 vectors side by side. */
const LANES = 4;
const ILP = 4;
const LEVELS = 4;

/**
 * Σ |aᵢ| in the order of PyTorch's CPU sum of a contiguous float64 vector (`cascade_sum`,
 * aten/src/ATen/native/cpu/SumKernel.cpp, portable kernels): below 4 values a running sum; otherwise
 * lane l ∈ 0..3 sums a[l], a[l + 4], a[l + 8], … (`row_sum` over vectors), the values past the last full
 * vector are summed first and the four lane sums added to them in turn. Not reproduced: the split across
 * threads that PyTorch makes above 32768 values.
 */
export function torchSumAbs(a: Float64Array): number {
  const vectors = Math.floor(a.length / LANES);
  let sum = 0;
  if (vectors === 0) {
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]);
    return sum;
  }
  for (let i = vectors * LANES; i < a.length; i++) sum += Math.abs(a[i]);
  for (let lane = 0; lane < LANES; lane++) sum += laneSum(a, lane, vectors);
  return sum;
}

/**
 * One lane of `row_sum` over the vectors v_j = |a[LANES·j + lane]|, j < count: ILP partial sums of
 * v[ILP·r + k] (`multi_row_sum`), the leftover vectors added to the first, then the partials in order.
 */
function laneSum(a: Float64Array, lane: number, count: number): number {
  const rows = Math.floor(count / ILP);
  const at = (row: number, k: number): number => Math.abs(a[LANES * (ILP * row + k) + lane]);
  const partial = multiRowSum(at, rows);
  for (let j = rows * ILP; j < count; j++) partial[0] += Math.abs(a[LANES * j + lane]);
  let sum = partial[0];
  for (let k = 1; k < ILP; k++) sum += partial[k];
  return sum;
}

/**
 * `multi_row_sum`: ILP running sums over `rows` rows, cascaded through LEVELS accumulators so that each
 * level adds blocks of 2^levelPower rows of similar magnitude.
 */
function multiRowSum(at: (row: number, k: number) => number, rows: number): Float64Array {
  const levelPower = Math.max(4, Math.floor(ceilLog2(rows) / LEVELS));
  const levelStep = 2 ** levelPower;
  const levelMask = levelStep - 1;
  const acc = Array.from({ length: LEVELS }, () => new Float64Array(ILP));
  let i = 0;
  while (i + levelStep <= rows) {
    for (let j = 0; j < levelStep; j++, i++) for (let k = 0; k < ILP; k++) acc[0][k] += at(i, k);
    for (let j = 1; j < LEVELS; j++) {
      for (let k = 0; k < ILP; k++) {
        acc[j][k] += acc[j - 1][k];
        acc[j - 1][k] = 0;
      }
      if ((i & (levelMask * 2 ** (j * levelPower))) !== 0) break;
    }
  }
  for (; i < rows; i++) for (let k = 0; k < ILP; k++) acc[0][k] += at(i, k);
  for (let j = 1; j < LEVELS; j++) for (let k = 0; k < ILP; k++) acc[0][k] += acc[j][k];
  return acc[0];
}

/** c10's CeilLog2: 1 for x ≤ 2, else ⌈log₂ x⌉. */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : 32 - Math.clz32(x - 1);
}
