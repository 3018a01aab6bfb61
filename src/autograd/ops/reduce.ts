/**
 * Reductions over axes, and their gradients:
 *
 *   sum     s = Σ x          ∂s/∂x = 1 for every element summed: the gradient is broadcast back
 *   mean    m = Σ x / n      composed as sum ÷ n, so ∂m/∂x = 1/n
 *   max     M = max x        ∂M/∂x = 1 at the first maximal element, 0 elsewhere
 *
 * `axis` is one axis, several, or undefined for all; negative axes count from the end. With `keepDims`
 * the reduced axes stay as size 1 (so the result broadcasts against the input), as PyTorch's keepdim.
 *
 * max follows torch.max(x, dim), whose gradient goes to the index it returns, the first maximum. (The
 * all-elements torch.max(x) instead splits the gradient evenly between ties; here both use the first.)
 */
import { InputError } from '../../errors.js';
import { getKernels } from '../../kernels/kernels.js';
import {
  aroundAxis,
  broadcastStrides,
  formatShape,
  normalizeAxes,
  normalizeAxis,
  sizeOf,
  type Shape,
} from '../../tensor/shape.js';
import { allocate, dtypeOf, type Storage } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { gradOf } from '../accumulate.js';
import { record } from '../graph.js';
import { div } from './arithmetic.js';

export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const axes = normalizeAxes('sum', axis, x.rank);
  const kept = x.shape.map((n, i) => (axes.includes(i) ? 1 : n));
  const out = new Tensor(sumOverAxes(x.data, x.shape, axes), keepDims ? kept : dropAxes(x.shape, axes));
  return record('sum', out, [x], (g) => {
    // ∂(Σ x)/∂x = 1: every element summed receives the gradient of its sum (g broadcast back to x's shape).
    const gx = gradOf(x);
    getKernels().binary('add', gx, g, gx, {
      shape: x.shape,
      aStrides: broadcastStrides(x.shape, x.shape),
      bStrides: broadcastStrides(kept, x.shape),
    });
  });
}

export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const axes = normalizeAxes('mean', axis, x.rank);
  const count = sizeOf(axes.map((a) => x.shape[a]));
  // mean = sum / count, so its gradient, 1/count per element, comes from the two ops' rules.
  return div(sum(x, axes, keepDims), count);
}

export function max(x: Tensor, axis?: number, keepDims = false): Tensor {
  if (axis !== undefined && typeof axis !== 'number')
    throw new InputError(`max: axis must be one number or undefined (got ${JSON.stringify(axis)})`);
  if (x.size === 0) throw new InputError(`max: the tensor is empty (shape ${formatShape(x.shape)})`);
  // Over all elements: the flat array is one line of `size` values.
  const at = axis === undefined ? undefined : normalizeAxis('max', axis, x.rank);
  const { outer, length, inner } = at === undefined ? { outer: 1, length: x.size, inner: 1 } : aroundAxis(x.shape, at);
  if (length === 0) throw new InputError(`max: axis ${axis} of shape ${formatShape(x.shape)} is empty`);
  const values = allocate(x.dtype, outer * inner);
  const argmax = new Int32Array(outer * inner);
  getKernels().maxAxis(x.data, outer, length, inner, values, argmax);
  const axes = at === undefined ? x.shape.map((_, i) => i) : [at];
  const shape = keepDims ? x.shape.map((n, i) => (axes.includes(i) ? 1 : n)) : dropAxes(x.shape, axes);
  const out = new Tensor(values, shape);
  return record('max', out, [x], (g) => {
    // ∂(max x)/∂x = 1 at the (first) maximal element, 0 elsewhere.
    const gx = gradOf(x);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) gx[(o * length + argmax[o * inner + i]) * inner + i] += g[o * inner + i];
    }
  });
}

/** Σ over each of `axes` in turn (one kernel pass per axis); the result has the kept shape, flat. */
function sumOverAxes(data: Storage, shape: Shape, axes: readonly number[]): Storage {
  let current = data;
  const currentShape = [...shape];
  for (const axis of axes) {
    const { outer, length, inner } = aroundAxis(currentShape, axis);
    const summed = allocate(dtypeOf(data), outer * inner);
    getKernels().sumAxis(current, outer, length, inner, summed);
    current = summed;
    currentShape[axis] = 1;
  }
  return current === data ? data.slice() : current;
}

function dropAxes(shape: Shape, axes: readonly number[]): number[] {
  return shape.filter((_, i) => !axes.includes(i));
}
