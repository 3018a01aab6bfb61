/**
 * The protocol between a matmul thread pool (pool.ts) and its workers (poolWorker.ts), the same in Node
 * (worker_threads) and in the browser (Web Workers): no message per product, only an Int32Array over a
 * SharedArrayBuffer (the control array) read and written with Atomics.
 *
 *   start-up   each worker instantiates the shared-memory module over the pool's memory, then
 *              Atomics.add(READY, 1) (and FAILED = 1 if it could not)
 *   a job      the calling thread writes JOB, the shared operands and one block per thread (at
 *              BLOCKS + BLOCK_SLOTS·t), sets PENDING = threads − 1, bumps GEN and Atomics.notify's it;
 *              each worker runs its block and decrements PENDING; the caller runs block 0 and waits for
 *              PENDING = 0. Jobs:
 *                GEMM  a block of C: ARS … ACCUMULATE shared; A, B, C, M, N, WORK per block
 *                ADAM  a contiguous range of a fused Adam step: θ, g, m, v, v_max (0: none), COUNT per
 *                      block; the step's scalars in `scalars` (assembly/optim.ts's order)
 *                SGD   likewise: θ, g, buf (0: none), COUNT per block; its scalars in `scalars`
 *   stop       STOP = 1, GEN bumped: every worker leaves its loop
 *
 * The layout travels to every worker with its WorkerInit, so the worker's code reads no module-level
 * names: Node runs it from its source text (src/node/matmulPool.ts), a browser from a bundled module.
 */

export const CONTROL = {
  GEN: 0,
  PENDING: 1,
  STOP: 2,
  READY: 3,
  FAILED: 4,
  /** What the workers run this generation: GEMM, ADAM or SGD. */
  JOB: 5,
  GEMM: 0,
  ADAM: 1,
  SGD: 2,
  ARS: 8,
  ACS: 9,
  BRS: 10,
  BCS: 11,
  K: 12,
  LDC: 13,
  ACCUMULATE: 14,
  /** Where thread 0's block starts; thread t's is BLOCK_SLOTS·t further. */
  BLOCKS: 16,
  BLOCK_SLOTS: 8,
  /** Offsets within a GEMM block: byte offsets of A, B, C and the packing workspace; the block's rows and columns. */
  A: 0,
  B: 1,
  C: 2,
  M: 3,
  N: 4,
  WORK: 5,
  /** In an ADAM or SGD block: the byte offsets of its buffers at slots 0…4, and its element count here. */
  COUNT: 5,
  /**
   * Polls of a shared word before parking in Atomics.wait (about 0.6 ms on a 2-core AMD EPYC, Node 20):
   * waking a parked thread costs 40–50 µs, as much as the product of a 128×256×128 layer, and the jobs of
   * a training step (products, then the optimizer step) come closer together than that, gaps included
   * for the next batch, so a worker that just finished usually sees the next job while still polling.
   * Measured on the Fashion-MNIST epoch, 2 threads: 1.15–1.17 s (five runs) against 1.17–1.21 s with a
   * fifth of the polls; more polls gained nothing.
   */
  SPINS: 100_000,
} as const;

export type ControlLayout = typeof CONTROL;

/** What a worker is handed once, at start-up (as Node's workerData or a browser's first message). */
/**
 * WebAssembly.Module and WebAssembly.Memory where the program's libraries declare them (the DOM's, a
 * worker's), else `object`: the declaration files then check in a Node-only project without the DOM library.
 */
export type WasmModule = typeof globalThis extends {
  WebAssembly: { Module: abstract new (...args: never[]) => infer M };
}
  ? M
  : object;
export type WasmMemory = typeof globalThis extends {
  WebAssembly: { Memory: abstract new (...args: never[]) => infer M };
}
  ? M
  : object;

export interface WorkerInit {
  /** The shared-memory build of the kernels (shared.ts), compiled once by the pool. */
  module: WasmModule;
  memory: WasmMemory;
  control: Int32Array;
  /** The scalars of an optimizer job (a Float64Array over a SharedArrayBuffer). */
  scalars: Float64Array;
  /** The worker's thread number, 1 … threads − 1 (the calling thread is 0). */
  index: number;
  layout: ControlLayout;
}

/** Float64 words of the scalars array: enough for Adam's twelve. */
export const SCALARS = 16;

/** Int32 words of the control array of a pool of `threads` threads (the caller included). */
export function controlLength(threads: number): number {
  return CONTROL.BLOCKS + CONTROL.BLOCK_SLOTS * threads;
}
