/**
 * How gradients flow into tensors. Gradients add up (∂L/∂x is the sum over every path from x to L), so
 * backward steps add into `grad` rather than overwrite it; `grad` is created, zeroed, on first use.
 *
 * An operand that was broadcast was read several times along the stretched axes; its gradient is the
 * sum of the output gradient over those axes: for a [3, 1] + [1, 4] → [3, 4], ∂L/∂a[i] = Σ_j ∂L/∂c[i, j].
 */
import { getKernels } from '../kernels/kernels.js';
import { aroundAxis, sameShape, sizeOf, type Shape } from '../tensor/shape.js';
import { allocate, allocateUnpooled, dtypeOf, type Storage } from '../tensor/storage.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The gradient buffer of `t`, created zero-filled if it has none yet. A leaf keeps its gradient after
 * backward (and adds to it on the next call), so it must outlive any storage scope (storagePool.ts).
 */
export function gradOf(t: Tensor): Storage {
  if (t.grad === null) t.grad = t.isLeaf ? allocateUnpooled(t.dtype, t.size) : allocate(t.dtype, t.size);
  return t.grad;
}

/**
 * Adds a gradient `g` given over `gShape` (the shape `t` was broadcast to, or t's own shape) into t.grad,
 * summed over the broadcast axes; does nothing when `t` does not require a gradient.
 */
export function accumulateGrad(t: Tensor, g: Storage, gShape: Shape): void {
  if (!t.requiresGrad) return;
  const reduced = sameShape(gShape, t.shape) ? g : sumToShape(g, gShape, t.shape);
  const grad = gradOf(t);
  getKernels().binary('add', grad, reduced, grad);
}

/** Sums `g` of shape `from` down to `to`, which `from` is a broadcast of: over the extra leading axes and over the axes where `to` has 1. */
export function sumToShape(g: Storage, from: Shape, to: Shape): Storage {
  const kernels = getKernels();
  const lead = from.length - to.length;
  let data = g;
  let shape = from.slice(lead);
  if (lead > 0) {
    data = allocate(dtypeOf(g), sizeOf(shape));
    kernels.sumAxis(g, 1, sizeOf(from.slice(0, lead)), sizeOf(shape), data);
  }
  for (let axis = 0; axis < to.length; axis++) {
    if (to[axis] !== 1 || shape[axis] === 1) continue;
    const { outer, length, inner } = aroundAxis(shape, axis);
    const summed = allocate(dtypeOf(g), outer * inner);
    kernels.sumAxis(data, outer, length, inner, summed);
    data = summed;
    shape = shape.map((n, i) => (i === axis ? 1 : n));
  }
  return data;
}
