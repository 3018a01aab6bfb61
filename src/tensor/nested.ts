/**
 * Nested JavaScript arrays ↔ flat row-major values with a shape: `[[1, 2, 3], [4, 5, 6]]` is the values
 * 1 … 6 with shape [2, 3]. A bare number is a scalar, shape [].
 */
import { InputError } from '../errors.js';
import { formatShape, type Shape } from './shape.js';

export type NestedArray = number | NestedArray[];
/** What `Tensor.from` accepts: nested arrays, read-only ones included. */
export type NestedInput = number | readonly NestedInput[];

/** The values of a rectangular nested array in row-major order, and its shape. */
export function flattenNested(values: NestedInput, op = 'Tensor.from'): { values: number[]; shape: number[] } {
  const shape: number[] = [];
  for (let level: NestedInput = values; Array.isArray(level); level = (level as readonly NestedInput[])[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const flat: number[] = [];
  collect(values, 0, shape, flat, op);
  return { values: flat, shape };
}

function collect(values: NestedInput, depth: number, shape: number[], out: number[], op: string): void {
  if (depth === shape.length) {
    if (typeof values !== 'number')
      throw new InputError(
        `${op}: expected a number at depth ${depth} of a ${formatShape(shape)} array (got ${describe(values)})`,
      );
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[depth]) {
    throw new InputError(
      `${op}: ragged nested array: expected ${shape[depth]} entries at depth ${depth} of a ${formatShape(shape)} array (got ${describe(values)})`,
    );
  }
  for (const item of values) collect(item, depth + 1, shape, out, op);
}

function describe(value: unknown): string {
  return Array.isArray(value) ? `an array of ${value.length}` : typeof value;
}

/** Row-major `data` of shape `shape` as nested arrays (a number for shape []). */
export function toNested(data: ArrayLike<number>, shape: Shape): NestedArray {
  if (shape.length === 0) return data[0];
  let offset = 0;
  const build = (depth: number): NestedArray[] => {
    const out: NestedArray[] = [];
    for (let i = 0; i < shape[depth]; i++) out.push(depth === shape.length - 1 ? data[offset++] : build(depth + 1));
    return out;
  };
  return build(0);
}
