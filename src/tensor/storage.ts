/**
 * The flat typed arrays that hold tensor values and gradients, and their two element types: float32
 * (the default, as in PyTorch and TensorFlow.js) and float64 (for gradient checks and exact comparisons).
 *
 * `allocate` makes a new zero-filled array, unless a storage scope is active (storagePool.ts): then the
 * scope's pool hands out one of its arrays, zero-filled too, and takes it back when the scope ends.
 * Storage that must outlive such a scope comes from `allocateUnpooled`.
 */
import { InputError } from '../errors.js';

export type DType = 'float32' | 'float64';
export type Storage = Float32Array | Float64Array;

/**
 * A parameter as optimizers see it: a flat buffer of values and a gradient buffer of the same length (a
 * Tensor is one, and so is a model packed into flat buffers, src/nn/parameters.ts).
 */
export interface Param {
  readonly data: Storage;
  readonly grad: Storage;
  /**
   * The tensors packed into the buffers, where they came from a model (src/nn/parameters.ts): optimizers
   * that treat a matrix as a matrix (adafactor, muon) read their shapes here; without it, one vector.
   */
  readonly tensors?: readonly ParamTensor[];
}

/** One tensor's place in a Param's flat buffers. */
export interface ParamTensor {
  readonly offset: number;
  readonly size: number;
  readonly shape: readonly number[];
}

export const DTYPES: readonly DType[] = ['float32', 'float64'];

/** Where `allocate` takes its arrays from while a storage scope is active. */
export interface StorageSource {
  /** A zero-filled array of `length` elements of `dtype`, which the source may take back later. */
  take(dtype: DType, length: number): Storage;
}

export interface StorageStats {
  /** Typed arrays created by allocate and allocateUnpooled since the program started (pooled reuses not counted). */
  arraysCreated: number;
}

let source: StorageSource | null = null;
let arraysCreated = 0;

/** A zero-filled array of `length` elements of `dtype` (from the active storage scope's pool, if any). */
export function allocate(dtype: DType, length: number): Storage {
  return source === null ? allocateUnpooled(dtype, length) : source.take(dtype, length);
}

/** A new zero-filled array that no storage pool takes back: for storage that outlives a scope. */
export function allocateUnpooled(dtype: DType, length: number): Storage {
  arraysCreated++;
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** Makes `next` the source of allocate's arrays (null: new arrays) and returns the source it replaces. */
export function swapStorageSource(next: StorageSource | null): StorageSource | null {
  const previous = source;
  source = next;
  return previous;
}

/** How many typed arrays have been created, to check that a loop allocates nothing in its steady state. */
export function storageStats(): StorageStats {
  return { arraysCreated };
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
