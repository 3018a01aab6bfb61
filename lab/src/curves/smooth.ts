/**
 * Exponential smoothing of a curve as TensorBoard does it: s_t = w·s_{t−1} + (1 − w)·x_t from s_0 = 0,
 * divided by the bias correction 1 − w^t (Adam's), so the first points are not pulled towards 0.
 * Missing values (null) stay missing and do not count.
 */
export function smooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return [...values];
  let s = 0;
  let count = 0;
  return values.map((x) => {
    if (x === null || !Number.isFinite(x)) return null;
    count++;
    s = weight * s + (1 - weight) * x;
    return s / (1 - weight ** count);
  });
}
