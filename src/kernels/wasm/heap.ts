/**
 * The threads' shared heap: float32 arrays allocated inside the one shared WebAssembly memory that every
 * thread of a matmul pool (pool.ts) computes over. A product whose operands live here runs on them in
 * place — no copy in, no copy out — and a fused optimizer step on parameters that live here runs on the
 * calling thread's instance. What a training run puts here (its parameters, gradients, optimizer state
 * and every activation of its steps, src/train/fit.ts) it takes through a RunArena, closed when it ends.
 *
 *   allocation  blocks of whole 64-byte lines, from a bump pointer, the memory grown as needed; a released
 *               block goes on a free list of its exact size and serves the next request of that size
 *               (a training step asks for the same sizes every time, so steady state allocates nothing)
 *   growth      a shared memory's buffer is never detached: views made before memory.grow stay valid, only
 *               `memory.buffer` becomes a new SharedArrayBuffer object, which contains() and residentWasm()
 *               learn (so the elementwise kernels, too, run in place on arrays that live here)
 *   scratch     one block the pool reuses for copies of operands that live elsewhere and for its
 *               packing workspace, replaced by a larger one when a product needs more
 */
import { registerArena, type RunArena } from '../../tensor/arena.js';
import type { WasmResidentArena } from './arena.js';
import { align, type WasmExports } from './module.js';

const PAGE_BYTES = 65536;

/** Every shared heap by each buffer object its memory has had (a new one after each growth). */
const heapsByBuffer = new WeakMap<ArrayBufferLike, SharedWasmHeap>();

/**
 * The calling thread's instance over the memory that holds all of `arrays`, if they all live in one
 * shared heap: a kernel can then run on them where they are, with no copy in or out.
 */
export function residentWasm(...arrays: (Float32Array | Float64Array)[]): WasmExports | undefined {
  const heap = heapsByBuffer.get(arrays[0].buffer);
  if (heap === undefined) return undefined;
  for (let i = 1; i < arrays.length; i++) if (heapsByBuffer.get(arrays[i].buffer) !== heap) return undefined;
  return heap.wasm;
}

export class SharedWasmHeap {
  private next: number;
  /** Offsets of released blocks, by their size in bytes. */
  private readonly free = new Map<number, number[]>();
  private scratchAt = 0;
  private scratchBytes = 0;
  private view: Float32Array;

  /** `wasm` is the calling thread's instance over `memory`; blocks start past its static data. */
  constructor(
    readonly memory: WebAssembly.Memory,
    readonly wasm: WasmExports,
  ) {
    this.next = align(wasm.heapBase());
    this.view = new Float32Array(memory.buffer);
    heapsByBuffer.set(memory.buffer, this);
  }

  /** Whether `array` is a view of this heap's memory. */
  contains(array: Float32Array | Float64Array): array is Float32Array {
    return heapsByBuffer.get(array.buffer) === this;
  }

  /** A zero-filled float32 array of `length` elements in the heap. */
  allocate(length: number): Float32Array {
    const at = this.block(blockBytes(length));
    const array = new Float32Array(this.memory.buffer, at, length);
    array.fill(0);
    return array;
  }

  /** Gives an array from allocate() back; it must not be used afterwards. */
  release(array: Float32Array): void {
    this.freeList(blockBytes(array.length)).push(array.byteOffset);
  }

  /** The byte offset of a scratch block of at least `bytes`, valid until the next call. */
  scratch(bytes: number): number {
    if (bytes > this.scratchBytes) {
      if (this.scratchBytes > 0) this.freeList(this.scratchBytes).push(this.scratchAt);
      this.scratchBytes = align(bytes);
      this.scratchAt = this.block(this.scratchBytes);
    }
    return this.scratchAt;
  }

  /** A float32 view of the whole memory as it is now (for copies into the scratch block). */
  heapView(): Float32Array {
    if (this.view.buffer !== this.memory.buffer) this.view = new Float32Array(this.memory.buffer);
    return this.view;
  }

  /** An arena for one training run: what it hands out comes back to the heap when it is closed. */
  openRun(): RunArena & WasmResidentArena {
    return new HeapRun(this);
  }

  private block(bytes: number): number {
    const reused = this.free.get(bytes)?.pop();
    if (reused !== undefined) return reused;
    const at = this.next;
    this.next = at + bytes;
    const have = this.memory.buffer.byteLength;
    if (this.next > have) {
      this.memory.grow(Math.ceil((this.next - have) / PAGE_BYTES));
      heapsByBuffer.set(this.memory.buffer, this);
    }
    return at;
  }

  private freeList(bytes: number): number[] {
    let list = this.free.get(bytes);
    if (list === undefined) {
      list = [];
      this.free.set(bytes, list);
    }
    return list;
  }
}

/** The bytes of the block that holds `length` floats: whole 64-byte lines, at least one. */
function blockBytes(length: number): number {
  return align(4 * Math.max(1, length));
}

/** A RunArena over the heap: records what it hands out and releases all of it on close(). */
class HeapRun implements RunArena, WasmResidentArena {
  readonly dtype = 'float32';
  private readonly handedOut: Float32Array[] = [];
  private closed = false;

  constructor(private readonly heap: SharedWasmHeap) {}

  get wasm(): WasmExports {
    return this.heap.wasm;
  }

  allocate(length: number): Float32Array | undefined {
    if (this.closed) return undefined;
    const array = this.heap.allocate(length);
    this.handedOut.push(array);
    registerArena(array, this);
    return array;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const array of this.handedOut) this.heap.release(array);
    this.handedOut.length = 0;
  }
}
