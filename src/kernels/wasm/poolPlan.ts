/**
 * How a threaded product is cut (pool.ts): C[m×n] = A·B into blocks of rows (whole 4-row micro-kernel
 * panels) or, when n > m, of columns (whole 8-column panels) — the axis that duplicates less packing:
 * a row block repacks all of B (k·n), a column block all of A (m·k). Thread t computes block t.
 *
 * Each element of C is computed by exactly one thread with the same micro-kernel, the same K blocking
 * and the same order of additions as the single-threaded kernel (assembly/matmul.ts), so results are
 * bit for bit identical whatever the cut.
 */

/** The micro-kernel's panel sizes (assembly/matmul.ts): 4 rows of A, 8 columns of B. */
const MR = 4;
const NR = 8;

/**
 * Below this many multiply-adds per thread a block is not worth waking a thread for (a wake-up through
 * Atomics.notify costs tens of microseconds; 2^20 multiply-adds take about 50 µs at 40 GFLOP/s).
 */
export const DEFAULT_MIN_WORK_PER_THREAD = 1 << 20;

/** How a product is cut: `starts[t] … starts[t+1]` are the rows (or columns) of thread t's block. */
export interface SplitPlan {
  axis: 'rows' | 'columns';
  starts: number[];
}

/** Cuts C[m×n] (k terms each) into at most `threads` blocks of at least `minWork` multiply-adds each. */
export function splitPlan(
  m: number,
  k: number,
  n: number,
  threads: number,
  minWork = DEFAULT_MIN_WORK_PER_THREAD,
): SplitPlan {
  const axis = n > m ? 'columns' : 'rows';
  const length = axis === 'rows' ? m : n;
  const unit = axis === 'rows' ? MR : NR;
  const units = Math.ceil(length / unit);
  const parts = Math.max(1, Math.min(threads, units, Math.floor((m * k * n) / Math.max(1, minWork))));
  const starts: number[] = [];
  for (let t = 0; t <= parts; t++) starts.push(Math.min(length, Math.floor((t * units) / parts) * unit));
  return { axis, starts };
}
