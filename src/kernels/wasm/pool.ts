/**
 * float32 matmul on the WebAssembly SIMD kernel (assembly/matmul.ts) split over threads, whatever the
 * runtime: threads − 1 workers, each with its own instance of the shared-memory build of the module
 * (shared.ts) over ONE shared WebAssembly.Memory, so operands are copied in once by the calling thread
 * and every thread reads them in place. Products are cut by splitPlan (poolPlan.ts) and the workers
 * driven through a control array (poolProtocol.ts); results are bit for bit the single-threaded
 * kernel's, for any thread count (test/kernels/threadedMatmul.test.ts, test/browser/).
 *
 * What differs per runtime comes in a PoolPlatform: how a worker is spawned and handed its WorkerInit
 * (worker_threads in src/node/matmulPool.ts, Web Workers in src/browser/matmulPool.ts), and whether the
 * pool may start itself on the first product, blocking until its workers are ready. Node may; a browser
 * cannot (a spawned worker does not start while its creator blocks), so there `await pool.start()` comes
 * first, and products before it run on one thread.
 *
 * How the calling thread waits for the workers is probed, not configured: Atomics.wait where this thread
 * may block (Node's main thread, any worker), a spin on Atomics.load where it throws (a browser's main
 * thread). Each product: copy A, B (and C when accumulating) in, post the job, compute block 0, wait,
 * copy C out.
 */
import { wasmMatmulF32, type MatmulLayout } from './matmul.js';
import { align, type WasmExports } from './module.js';
import { CONTROL, controlLength, type WorkerInit } from './poolProtocol.js';
import { DEFAULT_MIN_WORK_PER_THREAD, splitPlan, type SplitPlan } from './poolPlan.js';
import { compileSharedWasmModule, compileSharedWasmModuleAsync, createSharedMemory, instantiateShared, instantiateSharedAsync } from './shared.js';

/** More threads than this is surely a typo (and each one is a worker with its own wasm instance). */
export const MAX_THREADS = 256;

const { GEN, PENDING, STOP, READY, FAILED, ARS, ACS, BRS, BCS, K, LDC, ACCUMULATE, BLOCKS, BLOCK_SLOTS, A, B, C, M, N, WORK, SPINS } = CONTROL;
const PAGE_BYTES = 65536;
const INITIAL_PAGES = 64;
const STARTUP_TIMEOUT_MS = 10_000;
/** Between two looks at READY during an asynchronous start. */
const STARTUP_POLL_MS = 2;

/** A spawned worker, as far as the pool needs it. */
export interface PoolWorker {
  terminate(): void;
}

/** What the pool needs from its runtime. */
export interface PoolPlatform {
  /** Starts a worker that runs runMatmulWorker(init) (poolWorker.ts); `failed` reports one that cannot start. */
  spawn(init: WorkerInit, failed: (reason: string) => void): PoolWorker;
  /** The pool may start itself on the first product that splits, blocking until its workers are ready. */
  readonly blockingStart: boolean;
  /** Told when a blocking start failed, so that products stay on the calling thread. */
  warn(message: string): void;
}

/** How the calling thread waits for the workers: parked in Atomics.wait, or polling Atomics.load. */
export type WaitMode = 'atomics-wait' | 'spin';

interface Started {
  wasm: WasmExports;
  memory: WebAssembly.Memory;
  control: Int32Array;
  workers: PoolWorker[];
  heap: Float32Array;
  waitMode: WaitMode;
}

/** Workers spawned over a new shared memory, not yet known to be ready. */
interface Launch {
  memory: WebAssembly.Memory;
  control: Int32Array;
  workers: PoolWorker[];
  failures: string[];
}

export class MatmulPool {
  private started: Started | undefined;
  private starting: Promise<void> | undefined;
  private broken = false;

  /** `threads` counts the calling thread: threads − 1 workers. */
  constructor(readonly threads: number, private readonly platform: PoolPlatform, private readonly minWorkPerThread = DEFAULT_MIN_WORK_PER_THREAD) {}

  /** Workers running: threads − 1 once started, 0 before (or after close()). */
  get workers(): number {
    return this.started?.workers.length ?? 0;
  }

  /** How this pool's calling thread waits for its workers; undefined before it started. */
  get waitMode(): WaitMode | undefined {
    return this.started?.waitMode;
  }

  /** C[m×n] (+)= the product of `layout`, split over the threads when it is large enough to pay. */
  matmul(layout: MatmulLayout, a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number, accumulate: boolean): void {
    const plan = splitPlan(m, k, n, this.threads, this.minWorkPerThread);
    const pool = plan.starts.length > 2 && k > 0 ? this.ready() : undefined;
    if (pool === undefined) wasmMatmulF32(layout, a, b, c, m, k, n, accumulate);
    else this.run(pool, plan, layout, a, b, c, m, k, n, accumulate);
  }

  /**
   * Starts the workers without blocking (compiling and instantiating asynchronously) and resolves when
   * all are ready; rejects with one line saying how many started, and why not, after `timeoutMs`.
   */
  start(timeoutMs = STARTUP_TIMEOUT_MS): Promise<void> {
    this.starting ??= this.startAsync(timeoutMs);
    return this.starting;
  }

  /** Stops the workers (once start() has settled); a later product (or start()) starts new ones. */
  close(): void {
    const started = this.started;
    this.started = undefined;
    this.starting = undefined;
    if (started === undefined) return;
    Atomics.store(started.control, STOP, 1);
    Atomics.add(started.control, GEN, 1);
    Atomics.notify(started.control, GEN);
    for (const worker of started.workers) worker.terminate();
  }

  /** The started pool; started here, blocking, where the platform allows it. */
  private ready(): Started | undefined {
    if (this.started !== undefined || this.broken || !this.platform.blockingStart) return this.started;
    try {
      this.started = this.startBlocking();
    } catch (error) {
      this.broken = true;
      this.platform.warn(`downhill: matmul threads unavailable, running on one thread (${String(error)})`);
    }
    return this.started;
  }

  private startBlocking(): Started {
    const module = compileSharedWasmModule();
    const launch = this.launch(module);
    const wasm = instantiateShared(module, launch.memory);
    const count = launch.workers.length;
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (let ready = Atomics.load(launch.control, READY); ready < count; ready = Atomics.load(launch.control, READY)) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.load(launch.control, FAILED) !== 0) break;
      Atomics.wait(launch.control, READY, ready, left);
    }
    return this.finish(launch, wasm, STARTUP_TIMEOUT_MS);
  }

  private async startAsync(timeoutMs: number): Promise<void> {
    if (this.started !== undefined || this.threads <= 1) return;
    const module = await compileSharedWasmModuleAsync();
    const launch = this.launch(module);
    const wasm = await instantiateSharedAsync(module, launch.memory);
    const count = launch.workers.length;
    const deadline = Date.now() + timeoutMs;
    while (Atomics.load(launch.control, READY) < count && Atomics.load(launch.control, FAILED) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, STARTUP_POLL_MS));
    }
    this.started = this.finish(launch, wasm, timeoutMs);
  }

  /** Spawns threads − 1 workers over a new shared memory and control array. */
  private launch(module: WebAssembly.Module): Launch {
    const memory = createSharedMemory(INITIAL_PAGES);
    const control = new Int32Array(new SharedArrayBuffer(4 * controlLength(this.threads)));
    const failures: string[] = [];
    const failed = (reason: string): void => {
      failures.push(reason);
      Atomics.store(control, FAILED, 1);
    };
    const workers: PoolWorker[] = [];
    for (let index = 1; index < this.threads; index++) workers.push(this.platform.spawn({ module, memory, control, index, layout: CONTROL }, failed));
    return { memory, control, workers, failures };
  }

  /** The started pool if every worker is ready; else the workers are stopped and this throws. */
  private finish(launch: Launch, wasm: WasmExports, timeoutMs: number): Started {
    const { memory, control, workers, failures } = launch;
    const ready = Atomics.load(control, READY);
    if (ready < workers.length || Atomics.load(control, FAILED) !== 0) {
      for (const worker of workers) worker.terminate();
      const why = failures.length > 0 ? failures[0] : ready < workers.length ? `not ready within ${timeoutMs} ms` : 'a worker could not instantiate the module';
      throw new Error(`only ${ready} of ${workers.length} matmul workers started: ${why}`);
    }
    return { wasm, memory, control, workers, heap: new Float32Array(memory.buffer), waitMode: threadCanBlock(control) ? 'atomics-wait' : 'spin' };
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
      control[at + A] = aAt + 4 * (plan.axis === 'rows' ? from * ars : 0);
      control[at + B] = bAt + 4 * (plan.axis === 'columns' ? from * bcs : 0);
      control[at + C] = cAt + 4 * (plan.axis === 'rows' ? from * n : from);
      control[at + M] = rows;
      control[at + N] = cols;
      control[at + WORK] = workAt;
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
    wasm.gemmF32(control[BLOCKS + A], ars, acs, control[BLOCKS + B], brs, bcs, control[BLOCKS + C], control[BLOCKS + M], k, control[BLOCKS + N], n, accumulate ? 1 : 0, control[BLOCKS + WORK]);
    waitForWorkers(control, pool.waitMode);
    if (Atomics.load(control, FAILED) !== 0) throw new Error('downhill: a matmul worker thread failed');
    c.set(heap.subarray(cAt >> 2, (cAt >> 2) + m * n));
  }
}

/** Returns once PENDING is 0: polls first (workers usually finish soon after block 0), then parks if allowed. */
function waitForWorkers(control: Int32Array, mode: WaitMode): void {
  for (let spin = 0; spin < SPINS && Atomics.load(control, PENDING) !== 0; spin++);
  if (mode === 'spin') {
    while (Atomics.load(control, PENDING) !== 0);
    return;
  }
  for (let pending = Atomics.load(control, PENDING); pending !== 0; pending = Atomics.load(control, PENDING)) Atomics.wait(control, PENDING, pending);
}

/**
 * Whether this thread may park in Atomics.wait: a browser's main thread throws a TypeError before even
 * reading the word; elsewhere a value that does not match returns 'not-equal' at once (STOP is 0 here).
 */
function threadCanBlock(control: Int32Array): boolean {
  try {
    Atomics.wait(control, STOP, 1, 0);
    return true;
  } catch {
    return false;
  }
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
