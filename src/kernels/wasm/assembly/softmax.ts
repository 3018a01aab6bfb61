/**
 * Softmax cross-entropy of float32 logits [rows×cols] with int32 labels, with the double-precision exp of
 * exp.ts on two columns at a time, in the TypeScript reference's formulas (src/kernels/ts/softmax.ts):
 *
 *   max      the row's largest logit (NaN if any is NaN)
 *   logSum   log Σ_c e^{x_c − max}                  (the sum in pairs of columns; log from AssemblyScript's
 *                                                     Math.log, a port of musl's)
 *   loss     −((x_label − max) − logSum)
 *   ∂loss/∂x_c = e^{(x_c − max) − logSum} − [c = label]
 *
 * in double, each result rounded once to float32: the same float32 results as the reference except when
 * one lies within a few double ulps of a float32 rounding boundary. Pointers are byte offsets into this
 * module's memory; labels must be in [0, cols) (the op checks them).
 */
import { exp2x } from './exp';

/** Two logits of a row, at columns c and c + 1, as doubles. */
// @ts-ignore: decorator
@inline
function pair(row: usize, c: i32): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(row + (<usize>c << 2)));
}

export function softmaxCrossEntropyF32(logits: usize, labels: usize, rows: i32, cols: i32, losses: usize, gradient: usize): void {
  const pairs = cols & ~1;
  for (let r = 0; r < rows; r++) {
    const row = logits + (<usize>(r * cols) << 2);
    const out = gradient + (<usize>(r * cols) << 2);
    let max = -Infinity;
    for (let c = 0; c < cols; c++) {
      const value = <f64>load<f32>(row + (<usize>c << 2));
      if (value > max || value != value) max = value;
    }
    const shift = f64x2.splat(max);
    let sums = f64x2.splat(0);
    for (let c = 0; c < pairs; c += 2) sums = f64x2.add(sums, exp2x(f64x2.sub(pair(row, c), shift)));
    let sum = f64x2.extract_lane(sums, 0) + f64x2.extract_lane(sums, 1);
    if (pairs < cols) sum += f64x2.extract_lane(exp2x(f64x2.splat(<f64>load<f32>(row + (<usize>pairs << 2)) - max)), 0);
    const logSum = Math.log(sum);
    const label = load<i32>(labels + (<usize>r << 2));
    store<f32>(losses + (<usize>r << 2), <f32>-(<f64>load<f32>(row + (<usize>label << 2)) - max - logSum));
    const total = f64x2.splat(logSum);
    for (let c = 0; c < pairs; c += 2) {
      const p = exp2x(f64x2.sub(f64x2.sub(pair(row, c), shift), total));
      v128.store64_lane(out + (<usize>c << 2), f32x4.demote_f64x2_zero(p), 0);
    }
    if (pairs < cols) store<f32>(out + (<usize>pairs << 2), <f32>f64x2.extract_lane(exp2x(f64x2.splat(<f64>load<f32>(row + (<usize>pairs << 2)) - max - logSum)), 0));
    // The label's column again, with the 1 taken off in double, so that it is rounded once.
    const labelled = <f64>load<f32>(row + (<usize>label << 2)) - max - logSum;
    store<f32>(out + (<usize>label << 2), <f32>(f64x2.extract_lane(exp2x(f64x2.splat(labelled)), 0) - 1));
  }
}
