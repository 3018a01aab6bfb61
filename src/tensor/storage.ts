/**
 * The flat typed arrays that hold tensor values and gradients, and their two element types: float32
 * (the default, as in PyTorch and TensorFlow.js) and float64 (for gradient checks and exact comparisons).
 */
import { InputError } from '../errors.js';

export type DType = 'float32' | 'float64';
export type Storage = Float32Array | Float64Array;

export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** A zero-filled array of `length` elements of `dtype`. */
export function allocate(dtype: DType, length: number): Storage {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

export function dtypeOf(data: Storage): DType {
  return data instanceof Float64Array ? 'float64' : 'float32';
}

/** Throws unless `dtype` is one of the supported element types. */
export function checkDType(op: string, dtype: unknown): asserts dtype is DType {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new InputError(`${op}: dtype must be 'float32' or 'float64' (got ${JSON.stringify(dtype)})`);
  }
}
