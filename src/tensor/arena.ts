/**
 * Arenas: blocks of memory that hold a model's long-lived buffers — its parameters, their gradients and
 * the optimizer state made "like" them — side by side, where a kernel implementation can compute on them
 * in place. The WebAssembly kernels read only WebAssembly memory; a model packed into a wasm arena lets a
 * fused optimizer step run there with no copy in or out (src/kernels/wasm/arena.ts), and with threads the
 * products of a training run read their operands in place too (src/kernels/wasm/heap.ts).
 *
 * An arena hands out zero-filled buffers; when it has no room, callers fall back to plain typed arrays,
 * which every kernel also accepts. Each buffer is registered with its arena by identity (arenaOf), so
 * state made "like" a buffer lands in the same arena. A RunArena lives for one training run: close()
 * gives all its buffers back, after which none of them may be used.
 */
import { dtypeOf, type DType, type Storage } from './storage.js';

export interface BufferArena {
  readonly dtype: DType;
  /** A zero-filled buffer of `length` elements in the arena, or undefined when it has no room left. */
  allocate(length: number): Storage | undefined;
}

/** An arena for the length of a training run (fit): every buffer it handed out is released by close(). */
export interface RunArena extends BufferArena {
  close(): void;
}

/** The arena of each buffer an arena handed out. */
const owners = new WeakMap<Storage, BufferArena>();

/** Records that `buffer` was handed out by `arena` (arena implementations call this for each buffer). */
export function registerArena(buffer: Storage, arena: BufferArena): void {
  owners.set(buffer, arena);
}

/** The arena that handed out `buffer` (this very array, not a view of part of it), if any. */
export function arenaOf(buffer: Storage): BufferArena | undefined {
  return owners.get(buffer);
}

/**
 * A zero-filled buffer of the same type and length as `like`, from like's arena when it came from one
 * that has room (so a kernel can compute on both in place), else a plain typed array.
 */
export function zerosBeside(like: Storage): Storage {
  const arena = arenaOf(like);
  const inArena = arena?.dtype === dtypeOf(like) ? arena.allocate(like.length) : undefined;
  // Not `allocate` (tensor/storage.ts): these buffers outlive any step, so they never come from a step's pool.
  return inArena ?? (like instanceof Float32Array ? new Float32Array(like.length) : new Float64Array(like.length));
}
