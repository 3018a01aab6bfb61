/**
 * A WebAssembly parameter arena: float32 buffers in the linear memory of an instance of the kernels
 * module of their own, so that the fused optimizer steps (assembly/optim.ts) update a model's parameters,
 * gradients and optimizer state in place — the zero-copy half of the memory question in README.md.
 *
 * The memory is grown once, when the arena is made, to hold every buffer it will hand out: growing a
 * (non-shared) WebAssembly memory detaches its ArrayBuffer and every typed array over it, and the model's
 * tensors are such views. So the arena is a bump allocator over a fixed block, and never grows.
 */
import { registerArena, type BufferArena } from '../../tensor/arena.js';
import { align, instantiateWasmModule, type WasmExports } from './module.js';

const PAGE_BYTES = 65536;

/** An arena whose buffers live in the memory of a kernels instance: `wasm` computes on them in place. */
export interface WasmResidentArena extends BufferArena {
  readonly wasm: WasmExports;
}

export class WasmArena implements WasmResidentArena {
  readonly dtype = 'float32';
  private next: number;

  private constructor(
    readonly wasm: WasmExports,
    private readonly end: number,
  ) {
    this.next = align(wasm.heapBase());
  }

  /** An arena with room for `buffers` float32 buffers of `length` elements; undefined where wasm cannot provide it. */
  static create(buffers: number, length: number): WasmArena | undefined {
    try {
      const wasm = instantiateWasmModule();
      const end = align(wasm.heapBase()) + buffers * align(4 * length);
      const have = wasm.memory.buffer.byteLength;
      if (end > have) wasm.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
      return new WasmArena(wasm, end);
    } catch {
      // No WebAssembly SIMD here, or more memory than a 32-bit memory can hold: plain arrays will do.
      return undefined;
    }
  }

  allocate(length: number): Float32Array | undefined {
    const at = this.next;
    if (at + 4 * length > this.end) return undefined;
    this.next = align(at + 4 * length);
    const buffer = new Float32Array(this.wasm.memory.buffer, at, length);
    registerArena(buffer, this);
    return buffer;
  }
}
