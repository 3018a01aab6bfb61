/**
 * Shape arithmetic for row-major tensors: sizes, strides, axes, and NumPy/PyTorch broadcasting.
 *
 * Broadcasting (NumPy's rule, also PyTorch's): align the two shapes on their last axis; each pair of
 * sizes must be equal or one of them 1, and a missing leading axis counts as 1. The result takes the
 * larger size of each pair, e.g. [3, 1] and [1, 4] give [3, 4]; [2, 3, 4] and [4] give [2, 3, 4].
 * An operand is read along a broadcast axis with stride 0, so the same element is reused.
 */
import { InputError } from '../errors.js';

export type Shape = readonly number[];

/** The number of elements: the product of the sizes (1 for a scalar, shape []). */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const n of shape) size *= n;
  return size;
}

/** Row-major strides: the step in the flat array for one step along each axis. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

/** `[2, 3]`, as error messages print shapes. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** Throws unless every size is a non-negative integer. */
export function checkShape(op: string, shape: Shape): void {
  if (!Array.isArray(shape) || !shape.every((n) => Number.isInteger(n) && n >= 0)) {
    throw new InputError(`${op}: a shape must be an array of non-negative integers (got ${JSON.stringify(shape)})`);
  }
}

/** The broadcast shape of `a` and `b`; an InputError naming `op` and both shapes when they do not broadcast. */
export function broadcastShapes(a: Shape, b: Shape, op = 'broadcast'): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const m = i <= a.length ? a[a.length - i] : 1;
    const n = i <= b.length ? b[b.length - i] : 1;
    if (m !== n && m !== 1 && n !== 1) {
      throw new InputError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (axis ${rank - i}: ${m} vs ${n}; sizes must match or be 1)`,
      );
    }
    out[rank - i] = m === 1 ? n : m;
  }
  return out;
}

/**
 * The strides that read an operand of shape `shape` as if it had the (larger) shape `target`: its own
 * row-major strides, right-aligned, with 0 on the axes it is broadcast along.
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const lead = target.length - shape.length;
  return target.map((_, axis) => (axis < lead || shape[axis - lead] === 1 ? 0 : own[axis - lead]));
}

/** Resolves a possibly negative axis (−1 is the last) against `rank`. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    const valid = rank === 0 ? 'none: the tensor is a scalar' : `${-rank} … ${rank - 1}`;
    throw new InputError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank} (valid: ${valid})`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves `axis` (one, several, or undefined = all) to sorted distinct non-negative axes. */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, rank: number): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  const axes = list.map((a) => normalizeAxis(op, a, rank)).sort((p, q) => p - q);
  if (axes.some((a, i) => i > 0 && a === axes[i - 1]))
    throw new InputError(`${op}: axis ${JSON.stringify(axis)} repeats an axis`);
  return axes;
}

/**
 * A row-major tensor seen as [outer, length, inner] around one axis: `outer` blocks before it, `length`
 * along it, `inner` contiguous elements after it. Kernels that work along one axis take these three.
 */
export function aroundAxis(shape: Shape, axis: number): { outer: number; length: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, axis)), length: shape[axis], inner: sizeOf(shape.slice(axis + 1)) };
}

/** Fills in the one −1 of a reshape target so that it holds `size` elements, or throws. */
export function resolveReshape(from: Shape, to: Shape): number[] {
  const size = sizeOf(from);
  const unknown = to.filter((n) => n === -1).length;
  const valid = to.every((n) => n === -1 || (Number.isInteger(n) && n >= 0));
  if (unknown > 1 || !valid) {
    throw new InputError(`reshape: ${formatShape(to)} is not a valid shape (non-negative integers, at most one −1)`);
  }
  const known = sizeOf(to.filter((n) => n !== -1));
  const fill = unknown === 1 && known > 0 && size % known === 0 ? size / known : -1;
  const out = to.map((n) => (n === -1 ? fill : n));
  if ((unknown === 1 && fill === -1) || sizeOf(out) !== size) {
    throw new InputError(`reshape: cannot reshape ${formatShape(from)} (${size} elements) to ${formatShape(to)}`);
  }
  return out;
}
