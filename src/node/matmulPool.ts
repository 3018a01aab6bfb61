/**
 * float32 matmul on the WebAssembly SIMD kernel (src/kernels/wasm/assembly/matmul.ts) split over threads
 * in Node: worker_threads, each with its own instance of the shared-memory build of the module
 * (src/kernels/wasm/shared.ts) over ONE shared WebAssembly.Memory, so operands are copied in once by the
 * main thread and every thread reads them in place.
 *
 *   C[m×n] = A·B is cut into blocks of rows (whole 4-row micro-kernel panels) or, when n > m, of columns
 *   (whole 8-column panels) — the axis that duplicates less packing: a row block repacks all of B (k·n),
 *   a column block all of A (m·k). The main thread computes block 0, worker t block t.
 *
 * Each element of C is computed by exactly one thread with the same micro-kernel, the same K blocking
 * and the same order of additions as the single-threaded kernel, so results are bit for bit identical
 * whatever the thread count (test/kernels/threadedMatmul.test.ts checks it).
 *
 * Per call there is no postMessage: the main thread writes the job into an Int32Array over a
 * SharedArrayBuffer, bumps a generation counter and Atomics.notify's it; workers (parked in Atomics.wait)
 * run their block and count down PENDING; the main thread, after its own block, Atomics.wait's for
 * PENDING = 0 (Node allows Atomics.wait on the main thread). Workers start lazily on the first product
 * large enough, are unref'd (they never keep the process alive) and stop on close().
 */
import { Worker } from 'node:worker_threads';
import type { MatmulLayout } from '../kernels/wasm/matmul.js';
import { wasmMatmulF32 } from '../kernels/wasm/matmul.js';
import { align, type WasmExports } from '../kernels/wasm/module.js';
import { compileSharedWasmModule, createSharedMemory, instantiateShared } from '../kernels/wasm/shared.js';

/** Slots of the control array; per-thread blocks start at BLOCKS, BLOCK_SLOTS apart. */
const GEN = 0;
const PENDING = 1;
const STOP = 2;
const READY = 3;
const FAILED = 4;
const ARS = 8, ACS = 9, BRS = 10, BCS = 11, K = 12, LDC = 13, ACCUMULATE = 14;
const BLOCKS = 16;
const BLOCK_SLOTS = 8; // a, b, c, m, n, work
const MR = 4;
const NR = 8;
const PAGE_BYTES = 65536;
const INITIAL_PAGES = 64;
const STARTUP_TIMEOUT_MS = 10_000;
/**
 * Polls of a shared word before parking in Atomics.wait (about 100 µs): waking a parked thread costs
 * 40–50 µs on this machine, as much as the product of a 128×256×128 layer, and the products of one
 * training step come close together, so a worker that just finished usually sees the next job while
 * still polling, and the main thread usually sees the workers finish.
 */
const SPINS = 20_000;

/**
 * Below this many multiply-adds per thread a block is not worth waking a thread for (a wake-up through
 * Atomics.notify costs tens of microseconds; 2^20 multiply-adds take about 50 µs at 40 GFLOP/s).
 */
export const DEFAULT_MIN_WORK_PER_THREAD = 1 << 20;

/** How a product is cut: `starts[t] … starts[t+1]` are the rows (or columns) of thread t's block. */
export interface SplitPlan {
  axis: 'rows' | 'columns';
  starts: number[];
}

/** Cuts C[m×n] (k terms each) into at most `threads` blocks of at least `minWork` multiply-adds each. */
export function splitPlan(m: number, k: number, n: number, threads: number, minWork = DEFAULT_MIN_WORK_PER_THREAD): SplitPlan {
  const axis = n > m ? 'columns' : 'rows';
  const length = axis === 'rows' ? m : n;
  const unit = axis === 'rows' ? MR : NR;
  const units = Math.ceil(length / unit);
  const parts = Math.max(1, Math.min(threads, units, Math.floor((m * k * n) / Math.max(1, minWork))));
  const starts: number[] = [];
  for (let t = 0; t <= parts; t++) starts.push(Math.min(length, Math.floor((t * units) / parts) * unit));
  return { axis, starts };
}

/** The worker's whole program (eval'd CommonJS, so it runs the same under tsx and from dist/). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index } = workerData;
let wasm;
try { wasm = new WebAssembly.Instance(module, { env: { memory } }).exports; } catch { Atomics.store(control, ${FAILED}, 1); }
Atomics.add(control, ${READY}, 1);
Atomics.notify(control, ${READY});
let seen = 0;
while (wasm) {
  for (let spin = 0; spin < ${SPINS} && Atomics.load(control, ${GEN}) === seen; spin++);
  Atomics.wait(control, ${GEN}, seen);
  seen = Atomics.load(control, ${GEN});
  if (Atomics.load(control, ${STOP}) !== 0) break;
  const at = ${BLOCKS} + ${BLOCK_SLOTS} * index;
  if (control[at + 3] > 0 && control[at + 4] > 0) {
    try {
      wasm.gemmF32(control[at], control[${ARS}], control[${ACS}], control[at + 1], control[${BRS}], control[${BCS}], control[at + 2],
        control[at + 3], control[${K}], control[at + 4], control[${LDC}], control[${ACCUMULATE}], control[at + 5]);
    } catch { Atomics.store(control, ${FAILED}, 1); }
  }
  if (Atomics.sub(control, ${PENDING}, 1) === 1) Atomics.notify(control, ${PENDING});
}
`;

interface Started {
  wasm: WasmExports;
  memory: WebAssembly.Memory;
  control: Int32Array;
  workers: Worker[];
  heap: Float32Array;
}

export class MatmulPool {
  private started: Started | undefined;
  private broken = false;

  /** `threads` counts the calling thread: threads − 1 workers start on the first product that splits. */
  constructor(readonly threads: number, private readonly minWorkPerThread = DEFAULT_MIN_WORK_PER_THREAD) {}

  /** C[m×n] (+)= the product of `layout`, split over the threads when it is large enough to pay. */
  matmul(layout: MatmulLayout, a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate: boolean): void {
    const plan = splitPlan(m, k, n, this.threads, this.minWorkPerThread);
    const pool = plan.starts.length > 2 && k > 0 && !this.broken ? this.start() : undefined;
    if (pool === undefined) wasmMatmulF32(layout, a, b, c, m, k, n, accumulate);
    else this.run(pool, plan, layout, a, b, c, m, k, n, accumulate);
  }

  /** Stops the workers (they are unref'd, so a process that never calls this still exits). */
  close(): void {
    const started = this.started;
    this.started = undefined;
    if (started === undefined) return;
    Atomics.store(started.control, STOP, 1);
    Atomics.add(started.control, GEN, 1);
    Atomics.notify(started.control, GEN);
    for (const worker of started.workers) void worker.terminate();
  }

  private start(): Started | undefined {
    if (this.started !== undefined) return this.started;
    try {
      this.started = startWorkers(this.threads - 1);
    } catch (error) {
      this.broken = true;
      process.emitWarning(`downhill: matmul threads unavailable, running on one thread (${String(error)})`);
    }
    return this.started;
  }

  private run(pool: Started, plan: SplitPlan, layout: MatmulLayout, a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate: boolean): void {
    const { control, wasm } = pool;
    const transposeA = layout === 'matmulTransposeA';
    const transposeB = layout === 'matmulTransposeB';
    const ars = transposeA ? 1 : k, acs = transposeA ? m : 1;
    const brs = transposeB ? 1 : n, bcs = transposeB ? k : 1;
    const aAt = align(wasm.heapBase());
    const bAt = align(aAt + 4 * m * k);
    const cAt = align(bAt + 4 * k * n);
    let workAt = align(cAt + 4 * m * n);
    const blocks = plan.starts.length - 1;
    for (let t = 0; t < this.threads; t++) {
      const at = BLOCKS + BLOCK_SLOTS * t;
      const from = plan.starts[Math.min(t, blocks)], to = plan.starts[Math.min(t + 1, blocks)];
      const rows = plan.axis === 'rows' ? to - from : m, cols = plan.axis === 'rows' ? n : to - from;
      control[at] = aAt + 4 * (plan.axis === 'rows' ? from * ars : 0);
      control[at + 1] = bAt + 4 * (plan.axis === 'columns' ? from * bcs : 0);
      control[at + 2] = cAt + 4 * (plan.axis === 'rows' ? from * n : from);
      control[at + 3] = rows;
      control[at + 4] = cols;
      control[at + 5] = workAt;
      if (rows > 0 && cols > 0) workAt = align(workAt + wasm.gemmWorkspaceBytes(rows, cols));
    }
    const heap = heapOf(pool, workAt);
    heap.set(prefix(a, m * k), aAt >> 2);
    heap.set(prefix(b, k * n), bAt >> 2);
    if (accumulate) heap.set(prefix(c, m * n), cAt >> 2);
    control[ARS] = ars; control[ACS] = acs; control[BRS] = brs; control[BCS] = bcs;
    control[K] = k; control[LDC] = n; control[ACCUMULATE] = accumulate ? 1 : 0;
    Atomics.store(control, PENDING, this.threads - 1);
    Atomics.add(control, GEN, 1);
    Atomics.notify(control, GEN);
    wasm.gemmF32(control[BLOCKS], ars, acs, control[BLOCKS + 1], brs, bcs, control[BLOCKS + 2], control[BLOCKS + 3], k, control[BLOCKS + 4], n, accumulate ? 1 : 0, control[BLOCKS + 5]);
    for (let spin = 0; spin < SPINS && Atomics.load(control, PENDING) !== 0; spin++);
    for (let pending = Atomics.load(control, PENDING); pending !== 0; pending = Atomics.load(control, PENDING)) Atomics.wait(control, PENDING, pending);
    if (Atomics.load(control, FAILED) !== 0) throw new Error('downhill: a matmul worker thread failed');
    c.set(heap.subarray(cAt >> 2, (cAt >> 2) + m * n));
  }
}

/** Starts `count` workers over one new shared memory and waits (synchronously) until each is ready. */
function startWorkers(count: number): Started {
  const module = compileSharedWasmModule();
  const memory = createSharedMemory(INITIAL_PAGES);
  const control = new Int32Array(new SharedArrayBuffer(4 * (BLOCKS + BLOCK_SLOTS * (count + 1))));
  const wasm = instantiateShared(module, memory);
  const workers: Worker[] = [];
  for (let index = 1; index <= count; index++) {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control, index } });
    worker.unref();
    workers.push(worker);
  }
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (let ready = Atomics.load(control, READY); ready < count; ready = Atomics.load(control, READY)) {
    const left = deadline - Date.now();
    if (left <= 0 || Atomics.load(control, FAILED) !== 0) break;
    Atomics.wait(control, READY, ready, left);
  }
  if (Atomics.load(control, READY) < count || Atomics.load(control, FAILED) !== 0) {
    for (const worker of workers) void worker.terminate();
    throw new Error(`only ${Atomics.load(control, READY)} of ${count} workers started`);
  }
  return { wasm, memory, control, workers, heap: new Float32Array(memory.buffer) };
}

/** A float32 view of the shared memory, at least `bytes` long (growth keeps old views valid, but short). */
function heapOf(pool: Started, bytes: number): Float32Array {
  const have = pool.memory.buffer.byteLength;
  if (bytes > have) pool.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
  if (pool.heap.byteLength < bytes) pool.heap = new Float32Array(pool.memory.buffer);
  return pool.heap;
}

function prefix(values: Float32Array, length: number): Float32Array {
  return values.length === length ? values : values.subarray(0, length);
}
