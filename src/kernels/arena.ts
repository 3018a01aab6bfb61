/**
 * Arenas: blocks of memory that hold a model's long-lived buffers — its parameters, their gradients and
 * the optimizer state made "like" them — side by side, where a kernel implementation can compute on them
 * in place. The WebAssembly kernels read only their module's linear memory; a model packed into a wasm
 * arena lets a fused optimizer step run there with no copy in or out (src/kernels/wasm/arena.ts).
 *
 * An arena only ever hands out zero-filled buffers and never frees them (they live as long as the model);
 * when it is full, callers fall back to plain typed arrays, which every kernel also accepts.
 */
import { dtypeOf, type DType, type Storage } from '../tensor/storage.js';

export interface BufferArena {
  readonly dtype: DType;
  /** A zero-filled buffer of `length` elements in the arena, or undefined when it has no room left. */
  allocate(length: number): Storage | undefined;
}

/** Arenas by the memory their buffers are views of. */
const arenas = new WeakMap<ArrayBufferLike, BufferArena>();

/** Records that views of `memory` belong to `arena` (arena implementations call this once). */
export function registerArena(memory: ArrayBufferLike, arena: BufferArena): void {
  arenas.set(memory, arena);
}

/** The arena `array` lives in, if any. */
export function arenaOf(array: Storage): BufferArena | undefined {
  return arenas.get(array.buffer);
}

/**
 * A zero-filled buffer of the same type and length as `like`, in like's arena when it lives in one that
 * has room (so a kernel can compute on both in place), else a plain typed array.
 */
export function zerosBeside(like: Storage): Storage {
  const arena = arenaOf(like);
  const inArena = arena?.dtype === dtypeOf(like) ? arena.allocate(like.length) : undefined;
  // Not `allocate` (tensor/storage.ts): these buffers outlive any step, so they never come from a step's pool.
  return inArena ?? (like instanceof Float32Array ? new Float32Array(like.length) : new Float64Array(like.length));
}
