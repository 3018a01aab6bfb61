/**
 * Softmax, log-softmax and the fused softmax cross-entropy along the middle axis of [outer, length, inner]
 * (the elements of one softmax are `inner` apart; inner = 1 for the usual last axis).
 *
 * Stability: softmax(x) = softmax(x − max x), so every exponent is ≤ 0 and nothing overflows;
 * log-softmax(x) = (x − max) − log Σ exp(x − max) keeps the log finite even where softmax underflows.
 * Order of operations as PyTorch 1.13's CPU kernels (aten/src/ATen/native/cpu/SoftMaxKernel.cpp).
 */
import type { Storage } from '../../tensor/storage.js';

export function softmax(x: Storage, outer: number, length: number, inner: number, y: Storage): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) softmaxLine(x, y, o * length * inner + i, length, inner);
  }
}

function softmaxLine(x: Storage, y: Storage, start: number, length: number, stride: number): void {
  const end = start + length * stride;
  const max = lineMax(x, start, end, stride);
  let sum = 0;
  for (let at = start; at < end; at += stride) {
    const e = Math.exp(x[at] - max);
    y[at] = e;
    sum += e;
  }
  const scale = 1 / sum;
  for (let at = start; at < end; at += stride) y[at] *= scale;
}

/** ∂L/∂x = y ⊙ (g − Σ g⊙y), from ∂yᵢ/∂xⱼ = yᵢ([i = j] − yⱼ). */
export function softmaxBackward(
  y: Storage,
  g: Storage,
  outer: number,
  length: number,
  inner: number,
  gx: Storage,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * length * inner + i;
      const end = start + length * inner;
      let dot = 0;
      for (let at = start; at < end; at += inner) dot += g[at] * y[at];
      for (let at = start; at < end; at += inner) gx[at] += y[at] * (g[at] - dot);
    }
  }
}

export function logSoftmax(x: Storage, outer: number, length: number, inner: number, y: Storage): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * length * inner + i;
      const end = start + length * inner;
      const max = lineMax(x, start, end, inner);
      const logSum = Math.log(sumExp(x, start, end, inner, max));
      for (let at = start; at < end; at += inner) y[at] = x[at] - max - logSum;
    }
  }
}

/** ∂L/∂x = g − softmax(x)·Σ g, from ∂yᵢ/∂xⱼ = [i = j] − softmax(x)ⱼ, with softmax(x) = exp(y). */
export function logSoftmaxBackward(
  y: Storage,
  g: Storage,
  outer: number,
  length: number,
  inner: number,
  gx: Storage,
): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const start = o * length * inner + i;
      const end = start + length * inner;
      let sum = 0;
      for (let at = start; at < end; at += inner) sum += g[at];
      for (let at = start; at < end; at += inner) gx[at] += g[at] - Math.exp(y[at]) * sum;
    }
  }
}

/**
 * losses[r] = −log softmax(x_r)[label_r] = −((x_r[label] − max) − log Σ exp(x_r − max)), and
 * gradient[r, c] = softmax(x_r)[c] − [c = label_r], with softmax taken as exp(log-softmax), as PyTorch's
 * backward of log_softmax + nll_loss computes it.
 */
export function softmaxCrossEntropy(
  logits: Storage,
  labels: Int32Array,
  rows: number,
  cols: number,
  losses: Storage,
  gradient: Storage,
): void {
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const end = start + cols;
    const max = lineMax(logits, start, end, 1);
    const logSum = Math.log(sumExp(logits, start, end, 1, max));
    const label = start + labels[r];
    losses[r] = -(logits[label] - max - logSum);
    for (let at = start; at < end; at++) gradient[at] = Math.exp(logits[at] - max - logSum) - (at === label ? 1 : 0);
  }
}

/** The largest of x[start], x[start + stride], … before `end`; NaN if any is NaN. */
function lineMax(x: Storage, start: number, end: number, stride: number): number {
  let max = -Infinity;
  for (let at = start; at < end; at += stride) {
    const value = x[at];
    if (value > max || value !== value) max = value;
  }
  return max;
}

function sumExp(x: Storage, start: number, end: number, stride: number, shift: number): number {
  let sum = 0;
  for (let at = start; at < end; at += stride) sum += Math.exp(x[at] - shift);
  return sum;
}
