/**
 * Working memory that an optimizer's step needs within the step but not from one step to the next (Muon's
 * Newton–Schulz matrices, Adafactor's update): one buffer per parameter buffer, of its type, made on the
 * first step and reused after, and kept out of the optimizer's state so that checkpoints do not carry it.
 */
import type { FloatBuffer } from './optimizer.js';

const buffers = new WeakMap<FloatBuffer, FloatBuffer>();

/** A buffer of `owner`'s type and at least `size` elements, for arithmetic that rounds as the parameters do. */
export function scratchLike(owner: FloatBuffer, size: number): FloatBuffer {
  let buffer = buffers.get(owner);
  if (buffer === undefined || buffer.length < size) {
    buffer = owner instanceof Float32Array ? new Float32Array(size) : new Float64Array(size);
    buffers.set(owner, buffer);
  }
  return buffer;
}
