/**
 * Reductions along one axis of a tensor seen as [outer, length, inner]: inner = 1 is a row reduction
 * (each row's values are contiguous), outer = 1 a column reduction. Column reductions sweep the rows in
 * memory order and keep the running results in `out`, so the input is read once, front to back.
 */
import type { Storage } from '../../tensor/storage.js';

export function sumAxis(
  x: Storage,
  outer: number,
  length: number,
  inner: number,
  out: Storage,
  accumulate = false,
): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const row = o * length;
      let sum = 0;
      for (let l = 0; l < length; l++) sum += x[row + l];
      out[o] = accumulate ? out[o] + sum : sum;
    }
    return;
  }
  if (!accumulate) out.fill(0, 0, outer * inner);
  for (let o = 0; o < outer; o++) {
    const target = o * inner;
    for (let l = 0; l < length; l++) {
      const row = (o * length + l) * inner;
      for (let i = 0; i < inner; i++) out[target + i] += x[row + i];
    }
  }
}

export function maxAxis(
  x: Storage,
  outer: number,
  length: number,
  inner: number,
  out: Storage,
  argmax: Int32Array,
): void {
  for (let o = 0; o < outer; o++) {
    const target = o * inner;
    const first = o * length * inner;
    for (let i = 0; i < inner; i++) {
      out[target + i] = x[first + i];
      argmax[target + i] = 0;
    }
    for (let l = 1; l < length; l++) {
      const row = first + l * inner;
      for (let i = 0; i < inner; i++) {
        const value = x[row + i];
        const best = out[target + i];
        // Strictly greater keeps the first of equal maxima; a NaN wins and then stays (as in PyTorch).
        if (value > best || (value !== value && best === best)) {
          out[target + i] = value;
          argmax[target + i] = l;
        }
      }
    }
  }
}
