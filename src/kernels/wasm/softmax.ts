/**
 * Softmax cross-entropy of float32 logits in WebAssembly (assembly/softmax.ts), by copy-in / copy-out:
 * logits and labels in, per-row losses and the gradient softmax − onehot out. In double precision like the
 * TypeScript reference, with the kernel's own exp and musl's log, so the float32 results are the
 * reference's except, rarely, in the last bit.
 */
import { align, heapView, wasmModule } from './module.js';

/** losses[r] = −log softmax(x_r)[label_r]; gradient[r, c] = softmax(x_r)[c] − [c = label_r]. */
export function wasmSoftmaxCrossEntropyF32(
  logits: Float32Array,
  labels: Int32Array,
  rows: number,
  cols: number,
  losses: Float32Array,
  gradient: Float32Array,
): void {
  const n = rows * cols;
  const wasm = wasmModule();
  const logitsAt = align(wasm.heapBase());
  const labelsAt = align(logitsAt + 4 * n);
  const lossesAt = align(labelsAt + 4 * rows);
  const gradientAt = align(lossesAt + 4 * rows);
  const memory = heapView(wasm, gradientAt + 4 * n);
  memory.set(logits.length === n ? logits : logits.subarray(0, n), logitsAt >> 2);
  new Int32Array(memory.buffer, labelsAt, rows).set(labels.length === rows ? labels : labels.subarray(0, rows));
  wasm.softmaxCrossEntropyF32(logitsAt, labelsAt, rows, cols, lossesAt, gradientAt);
  losses.set(memory.subarray(lossesAt >> 2, (lossesAt >> 2) + rows));
  gradient.set(memory.subarray(gradientAt >> 2, (gradientAt >> 2) + n));
}
