/**
 * Ops that move values without changing them; each gradient moves the output gradient back:
 *
 *   reshape       same values, new shape             ∂L/∂x = ∂L/∂y in the same flat order
 *   transpose     axes permuted                      ∂L/∂x = ∂L/∂y permuted back (inverse permutation)
 *   slice         a range along one axis             ∂L/∂x = ∂L/∂y inside the range, 0 outside
 *   indexSelect   chosen slices along one axis       ∂L/∂x[i] = Σ over the picks of i of ∂L/∂y (repeats add up)
 *   concat        tensors joined along one axis      ∂L/∂xₜ = the part of ∂L/∂y that came from xₜ
 *   clone         a copy                             ∂L/∂x = ∂L/∂y
 *
 * Along-one-axis ops see the tensor as [outer, length, inner] (aroundAxis): a range of the axis is then
 * `outer` contiguous blocks of (range length)·inner values.
 */
import { InputError } from '../../errors.js';
import {
  aroundAxis,
  formatShape,
  normalizeAxis,
  resolveReshape,
  sameShape,
  stridesOf,
  type Shape,
} from '../../tensor/shape.js';
import { allocate, dtypeOf, type Storage } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { gradOf } from '../accumulate.js';
import { record } from '../graph.js';
import { checkSameDType } from './operands.js';

/** The same values with a new shape (one size may be −1: whatever fits); shares x's data. */
export function reshape(x: Tensor, shape: Shape): Tensor {
  const out = new Tensor(x.data, resolveReshape(x.shape, shape));
  return record('reshape', out, [x], (g) => {
    // Each value keeps its flat position, so the gradient does too.
    addInto(gradOf(x), 0, g, 0, g.length);
  });
}

/** A copy of x; gradients pass through unchanged. */
export function clone(x: Tensor): Tensor {
  const out = new Tensor(x.data.slice(), x.shape);
  return record('clone', out, [x], (g) => addInto(gradOf(x), 0, g, 0, g.length));
}

/** Axis i of the result is axis axes[i] of x; by default the axes are reversed (a 2-D transpose). */
export function transpose(x: Tensor, axes?: readonly number[]): Tensor {
  const order = axes === undefined ? x.shape.map((_, i) => x.rank - 1 - i) : checkPermutation(axes, x.rank);
  const out = new Tensor(
    permute(x.data, x.shape, order),
    order.map((a) => x.shape[a]),
  );
  return record('transpose', out, [x], (g) => {
    // y = permute(x, order) moves value x[…] to y[…]; permuting by the inverse order moves it back.
    const inverse = order.map((_, i) => order.indexOf(i));
    addInto(gradOf(x), 0, permute(g, out.shape, inverse), 0, g.length);
  });
}

/** Indices start … end − 1 along `axis`; negative values count from the end and out-of-range ones are clipped, as Python slices. */
export function slice(x: Tensor, axis: number, start: number, end?: number): Tensor {
  const at = normalizeAxis('slice', axis, x.rank);
  const { outer, length, inner } = aroundAxis(x.shape, at);
  if (!Number.isInteger(start) || (end !== undefined && !Number.isInteger(end))) {
    throw new InputError(`slice: start and end must be integers (got ${start} and ${end})`);
  }
  const from = clip(start, length);
  const to = Math.max(from, end === undefined ? length : clip(end, length));
  const block = (to - from) * inner;
  const out = new Tensor(
    allocate(x.dtype, outer * block),
    x.shape.map((n, i) => (i === at ? to - from : n)),
  );
  for (let o = 0; o < outer; o++)
    out.data.set(x.data.subarray((o * length + from) * inner, (o * length + to) * inner), o * block);
  return record('slice', out, [x], (g) => {
    // The sliced values' gradients go back to where they came from; the rest of x gets none.
    const gx = gradOf(x);
    for (let o = 0; o < outer; o++) addInto(gx, (o * length + from) * inner, g, o * block, block);
  });
}

/** The slices x[…, indices[j], …] along `axis`, in order (torch.index_select); indices may repeat. */
export function indexSelect(x: Tensor, axis: number, indices: Int32Array | readonly number[]): Tensor {
  const at = normalizeAxis('indexSelect', axis, x.rank);
  const { outer, length, inner } = aroundAxis(x.shape, at);
  const picks = Int32Array.from(indices);
  indices.forEach((index, j) => {
    if (!Number.isInteger(index) || index < 0 || index >= length) {
      throw new InputError(
        `indexSelect: index ${index} at position ${j} is out of range [0, ${length}) for axis ${at} of shape ${formatShape(x.shape)}`,
      );
    }
  });
  const count = picks.length;
  const out = new Tensor(
    allocate(x.dtype, outer * count * inner),
    x.shape.map((n, i) => (i === at ? count : n)),
  );
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const source = (o * length + picks[j]) * inner;
      out.data.set(x.data.subarray(source, source + inner), (o * count + j) * inner);
    }
  }
  return record('indexSelect', out, [x], (g) => {
    // Each pick of slice i adds its gradient to slice i (scatter-add), so repeated indices sum.
    const gx = gradOf(x);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < count; j++) addInto(gx, (o * length + picks[j]) * inner, g, (o * count + j) * inner, inner);
    }
  });
}

/** The tensors joined along `axis`; they must have one dtype and equal sizes on every other axis. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0)
    throw new InputError('concat: needs a non-empty array of tensors');
  const first = tensors[0];
  const at = normalizeAxis('concat', axis, first.rank);
  for (const t of tensors) {
    checkSameDType('concat', first, t);
    const others = (s: Shape) => s.filter((_, i) => i !== at);
    if (t.rank !== first.rank || !sameShape(others(t.shape), others(first.shape))) {
      throw new InputError(
        `concat: shapes ${formatShape(first.shape)} and ${formatShape(t.shape)} differ outside axis ${at}`,
      );
    }
  }
  const total = tensors.reduce((n, t) => n + t.shape[at], 0);
  const shape = first.shape.map((n: number, i: number) => (i === at ? total : n));
  const { outer, inner } = aroundAxis(shape, at);
  const out = new Tensor(allocate(first.dtype, outer * total * inner), shape);
  // Part t occupies [offset, offset + its length) along the axis of every outer block.
  const offsets = tensors.map((_, t) => tensors.slice(0, t).reduce((n, u) => n + u.shape[at], 0));
  tensors.forEach((t, p) => {
    const block = t.shape[at] * inner;
    for (let o = 0; o < outer; o++)
      out.data.set(t.data.subarray(o * block, (o + 1) * block), (o * total + offsets[p]) * inner);
  });
  return record('concat', out, tensors, (g) => {
    // Each part gets back the gradient of the values it contributed.
    tensors.forEach((t, p) => {
      if (!t.requiresGrad) return;
      const block = t.shape[at] * inner;
      for (let o = 0; o < outer; o++) addInto(gradOf(t), o * block, g, (o * total + offsets[p]) * inner, block);
    });
  });
}

/** target[at + i] += source[from + i] for i < count. */
function addInto(target: Storage, at: number, source: Storage, from: number, count: number): void {
  for (let i = 0; i < count; i++) target[at + i] += source[from + i];
}

/** Python's slice index rule: negative counts from the end; the result is clipped to [0, length]. */
function clip(index: number, length: number): number {
  return index < 0 ? Math.max(0, index + length) : Math.min(index, length);
}

function checkPermutation(axes: readonly number[], rank: number): number[] {
  const order = axes.map((a) => normalizeAxis('transpose', a, rank));
  if (order.length !== rank || new Set(order).size !== rank) {
    throw new InputError(`transpose: axes ${JSON.stringify(axes)} are not a permutation of the ${rank} axes`);
  }
  return order;
}

/** The values of `data` (shape `shape`) rearranged so that axis i of the result is axis order[i]. */
function permute(data: Storage, shape: Shape, order: readonly number[]): Storage {
  const out = allocate(dtypeOf(data), data.length);
  const rank = order.length;
  if (rank === 0 || data.length === 0) {
    out.set(data);
    return out;
  }
  const outShape = order.map((a) => shape[a]);
  const strides = stridesOf(shape);
  const step = order.map((a) => strides[a]); // where one step along each result axis moves in `data`
  // Walk the result in order, keeping the matching position in `data` with an odometer over the indices.
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = data[source];
    for (let axis = rank - 1; axis >= 0; axis--) {
      source += step[axis];
      if (++index[axis] < outShape[axis]) break;
      source -= step[axis] * outShape[axis];
      index[axis] = 0;
    }
  }
  return out;
}
