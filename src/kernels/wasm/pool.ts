/**
 * float32 matmul on the WebAssembly SIMD kernel (assembly/matmul.ts) split over threads, whatever the
 * runtime: threads − 1 workers, each with its own instance of the shared-memory build of the module
 * (shared.ts) over ONE shared WebAssembly.Memory, so every thread reads the operands in place (copied in
 * once by the calling thread, unless they live in the memory's heap already). Products are cut by splitPlan (poolPlan.ts) and the workers
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
 * thread). Each product: copy in the operands that do not live in the pool's heap (heap.ts), post the
 * job, compute block 0, wait, copy C out unless it lives there. A training run puts its parameters and
 * activations in the heap (runArena), so its products copy nothing.
 */
import { wasmMatmulF32, type MatmulLayout } from './matmul.js';
import type { RunArena } from '../../tensor/arena.js';
import type { AdamStepScalars, SgdStepScalars } from '../interface.js';
import { SharedWasmHeap } from './heap.js';
import { align, type WasmExports } from './module.js';
import { CONTROL, controlLength, SCALARS, type WorkerInit } from './poolProtocol.js';
import { DEFAULT_MIN_WORK_PER_THREAD, splitPlan, type SplitPlan } from './poolPlan.js';
import {
  compileSharedWasmModule,
  compileSharedWasmModuleAsync,
  createSharedMemory,
  instantiateShared,
  instantiateSharedAsync,
} from './shared.js';

/** More threads than this is surely a typo (and each one is a worker with its own wasm instance). */
export const MAX_THREADS = 256;

const {
  GEN,
  PENDING,
  STOP,
  READY,
  FAILED,
  JOB,
  GEMM,
  ADAM,
  SGD,
  ARS,
  ACS,
  BRS,
  BCS,
  K,
  LDC,
  ACCUMULATE,
  BLOCKS,
  BLOCK_SLOTS,
  A,
  B,
  C,
  M,
  N,
  WORK,
  COUNT,
  SPINS,
} = CONTROL;
const INITIAL_PAGES = 64;
const STARTUP_TIMEOUT_MS = 10_000;
/** Between two looks at READY during an asynchronous start. */
const STARTUP_POLL_MS = 2;
/**
 * An optimizer step is split only with at least this many parameters per thread: a fused Adam step
 * takes about 0.3 ns a parameter, so 2^16 of them are some 20 µs, a little more than waking a worker.
 */
const MIN_STEP_PER_THREAD = 1 << 16;
/** Optimizer ranges start on whole 64-byte lines, so that no two threads write one line. */
const LINE_FLOATS = 16;

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

/** The shared memory, the calling thread's instance over it and the heap in it: made once, before the workers. */
interface Core {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  wasm: WasmExports;
  heap: SharedWasmHeap;
}

interface Started {
  core: Core;
  control: Int32Array;
  scalars: Float64Array;
  workers: PoolWorker[];
  waitMode: WaitMode;
}

/** Workers spawned over the shared memory, not yet known to be ready. */
interface Launch {
  control: Int32Array;
  scalars: Float64Array;
  workers: PoolWorker[];
  failures: string[];
}

/** One thread's share of a product: byte offsets of its A, B, C and workspace, its rows and columns. */
interface Block {
  a: number;
  b: number;
  c: number;
  work: number;
  rows: number;
  cols: number;
}

export class MatmulPool {
  private core: Core | undefined;
  private started: Started | undefined;
  private starting: Promise<void> | undefined;
  private broken = false;

  /** `threads` counts the calling thread: threads − 1 workers. */
  constructor(
    readonly threads: number,
    private readonly platform: PoolPlatform,
    private readonly minWorkPerThread = DEFAULT_MIN_WORK_PER_THREAD,
  ) {}

  /** Workers running: threads − 1 once started, 0 before (or after close()). */
  get workers(): number {
    return this.started?.workers.length ?? 0;
  }

  /** Bytes of the threads' shared memory (0 before it exists): what the heap and the scratch block take. */
  get memoryBytes(): number {
    return this.core?.memory.buffer.byteLength ?? 0;
  }

  /** How this pool's calling thread waits for its workers; undefined before it started. */
  get waitMode(): WaitMode | undefined {
    return this.started?.waitMode;
  }

  /**
   * C[m×n] (+)= the product of `layout`, split over the threads when it is large enough to pay. Operands
   * that live in the pool's heap (runArena) are read and written in place; others are copied in and out.
   */
  matmul(
    layout: MatmulLayout,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void {
    const plan = splitPlan(m, k, n, this.threads, this.minWorkPerThread);
    const started = plan.starts.length > 2 && k > 0 ? this.ready() : undefined;
    const resident =
      this.core !== undefined &&
      (this.core.heap.contains(a) || this.core.heap.contains(b) || this.core.heap.contains(c));
    const core = started?.core ?? (resident ? this.core : undefined);
    if (core === undefined) wasmMatmulF32(layout, a, b, c, m, k, n, accumulate);
    else
      this.run(
        core,
        started,
        started === undefined ? { axis: 'rows', starts: [0, m] } : plan,
        layout,
        a,
        b,
        c,
        m,
        k,
        n,
        accumulate,
      );
  }

  /**
   * An arena in the threads' shared heap for one training run (heap.ts): products and optimizer steps
   * on what it hands out need no copies. Undefined for one thread, or where the shared memory cannot be
   * made here; a browser pool has it once start() resolved.
   */
  runArena(): RunArena | undefined {
    if (this.threads <= 1) return undefined;
    if (this.core === undefined && this.platform.blockingStart && !this.broken) {
      try {
        this.core = makeCore(compileSharedWasmModule(), instantiateShared);
      } catch {
        return undefined;
      }
    }
    return this.core?.heap.openRun();
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
    this.core ??= makeCore(compileSharedWasmModule(), instantiateShared);
    const launch = this.launch(this.core);
    const count = launch.workers.length;
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    for (let ready = Atomics.load(launch.control, READY); ready < count; ready = Atomics.load(launch.control, READY)) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.load(launch.control, FAILED) !== 0) break;
      Atomics.wait(launch.control, READY, ready, left);
    }
    return this.finish(this.core, launch, STARTUP_TIMEOUT_MS);
  }

  private async startAsync(timeoutMs: number): Promise<void> {
    if (this.started !== undefined || this.threads <= 1) return;
    if (this.core === undefined) {
      const module = await compileSharedWasmModuleAsync();
      const memory = createSharedMemory(INITIAL_PAGES);
      this.core ??= coreOf(module, memory, await instantiateSharedAsync(module, memory));
    }
    const launch = this.launch(this.core);
    const count = launch.workers.length;
    const deadline = Date.now() + timeoutMs;
    while (
      Atomics.load(launch.control, READY) < count &&
      Atomics.load(launch.control, FAILED) === 0 &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, STARTUP_POLL_MS));
    }
    this.started = this.finish(this.core, launch, timeoutMs);
  }

  /** Spawns threads − 1 workers over the shared memory and a new control array. */
  private launch({ module, memory }: Core): Launch {
    const control = new Int32Array(new SharedArrayBuffer(4 * controlLength(this.threads)));
    const scalars = new Float64Array(new SharedArrayBuffer(8 * SCALARS));
    const failures: string[] = [];
    const failed = (reason: string): void => {
      failures.push(reason);
      Atomics.store(control, FAILED, 1);
    };
    const workers: PoolWorker[] = [];
    for (let index = 1; index < this.threads; index++)
      workers.push(this.platform.spawn({ module, memory, control, scalars, index, layout: CONTROL }, failed));
    return { control, scalars, workers, failures };
  }

  /** The started pool if every worker is ready; else the workers are stopped and this throws. */
  private finish(core: Core, launch: Launch, timeoutMs: number): Started {
    const { control, scalars, workers, failures } = launch;
    const ready = Atomics.load(control, READY);
    if (ready < workers.length || Atomics.load(control, FAILED) !== 0) {
      for (const worker of workers) worker.terminate();
      const why =
        failures.length > 0
          ? failures[0]
          : ready < workers.length
            ? `not ready within ${timeoutMs} ms`
            : 'a worker could not instantiate the module';
      throw new Error(`only ${ready} of ${workers.length} matmul workers started: ${why}`);
    }
    return { core, control, scalars, workers, waitMode: threadCanBlock(control) ? 'atomics-wait' : 'spin' };
  }

  /**
   * One product over the shared memory: operands in the heap are used where they are, the others copied
   * into the scratch block; block 0 runs here, blocks 1… on the workers (none when `started` is undefined).
   */
  private run(
    core: Core,
    started: Started | undefined,
    plan: SplitPlan,
    layout: MatmulLayout,
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    m: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void {
    const { heap, wasm } = core;
    const transposeA = layout === 'matmulTransposeA';
    const transposeB = layout === 'matmulTransposeB';
    const ars = transposeA ? 1 : k,
      acs = transposeA ? m : 1;
    const brs = transposeB ? 1 : n,
      bcs = transposeB ? k : 1;
    // Scratch layout: copies of the operands that live elsewhere, then each block's packing workspace.
    let bytes = 0;
    const place = (x: Float32Array, length: number): number => {
      if (heap.contains(x)) return x.byteOffset;
      const at = bytes;
      bytes = align(bytes + 4 * length);
      return -1 - at;
    };
    const aPlace = place(a, m * k),
      bPlace = place(b, k * n),
      cPlace = place(c, m * n);
    const blocks = plan.starts.length - 1;
    const shares: Block[] = [];
    for (let t = 0; t < blocks; t++) {
      const from = plan.starts[t],
        to = plan.starts[t + 1];
      const rows = plan.axis === 'rows' ? to - from : m,
        cols = plan.axis === 'rows' ? n : to - from;
      shares.push({
        a: plan.axis === 'rows' ? from * ars : 0,
        b: plan.axis === 'columns' ? from * bcs : 0,
        c: plan.axis === 'rows' ? from * n : from,
        work: bytes,
        rows,
        cols,
      });
      if (rows > 0 && cols > 0) bytes = align(bytes + wasm.gemmWorkspaceBytes(rows, cols));
    }
    const scratch = heap.scratch(bytes);
    const at = (placed: number): number => (placed >= 0 ? placed : scratch - 1 - placed);
    const aAt = at(aPlace),
      bAt = at(bPlace),
      cAt = at(cPlace);
    const memory = heap.heapView();
    if (aPlace < 0) memory.set(prefix(a, m * k), aAt >> 2);
    if (bPlace < 0) memory.set(prefix(b, k * n), bAt >> 2);
    if (cPlace < 0 && accumulate) memory.set(prefix(c, m * n), cAt >> 2);
    for (const share of shares) {
      share.a = aAt + 4 * share.a;
      share.b = bAt + 4 * share.b;
      share.c = cAt + 4 * share.c;
      share.work += scratch;
    }
    if (started !== undefined) this.postGemm(started.control, shares, ars, acs, brs, bcs, k, n, accumulate);
    const own = shares[0];
    wasm.gemmF32(own.a, ars, acs, own.b, brs, bcs, own.c, own.rows, k, own.cols, n, accumulate ? 1 : 0, own.work);
    if (started !== undefined) finishJob(started);
    if (cPlace < 0) c.set(memory.subarray(cAt >> 2, (cAt >> 2) + m * n));
  }

  /** Writes blocks 1… and the shared operands into the control array and wakes the workers. */
  private postGemm(
    control: Int32Array,
    shares: Block[],
    ars: number,
    acs: number,
    brs: number,
    bcs: number,
    k: number,
    n: number,
    accumulate: boolean,
  ): void {
    control[JOB] = GEMM;
    for (let t = 1; t < this.threads; t++) {
      const at = BLOCKS + BLOCK_SLOTS * t;
      const share = shares[t];
      control[at + A] = share?.a ?? 0;
      control[at + B] = share?.b ?? 0;
      control[at + C] = share?.c ?? 0;
      control[at + M] = share?.rows ?? 0;
      control[at + N] = share?.cols ?? 0;
      control[at + WORK] = share?.work ?? 0;
    }
    control[ARS] = ars;
    control[ACS] = acs;
    control[BRS] = brs;
    control[BCS] = bcs;
    control[K] = k;
    control[LDC] = n;
    control[ACCUMULATE] = accumulate ? 1 : 0;
    wake(control, this.threads);
  }

  /**
   * One fused Adam / AdamW step (assembly/optim.ts) split in contiguous ranges over the threads, when θ,
   * g and the state all live in the heap and the step is large enough; false (nothing done) otherwise.
   * Elementwise, so the bits do not depend on the split.
   */
  adamStep(
    data: Float32Array | Float64Array,
    grad: Float32Array | Float64Array,
    m: Float32Array | Float64Array,
    v: Float32Array | Float64Array,
    vMax: Float32Array | Float64Array | undefined,
    s: AdamStepScalars,
  ): boolean {
    const started = this.stepThreads(data, grad, m, v, vMax);
    if (started === undefined) return false;
    const c = started.scalars;
    c[0] = s.sign;
    c[1] = s.l2;
    c[2] = s.shrink;
    c[3] = s.oneMinusBeta1;
    c[4] = s.beta2;
    c[5] = s.oneMinusBeta2;
    c[6] = s.negStepSize;
    c[7] = s.biasCorrection2;
    c[8] = s.biasCorrection2Sqrt;
    c[9] = s.eps;
    c[10] = s.epsInsideSqrt ? 1 : 0;
    this.splitStep(started, ADAM, [data, grad, m, v, vMax], (at, count) =>
      started.core.wasm.adamF32(
        at[0],
        at[1],
        at[2],
        at[3],
        at[4],
        count,
        c[0],
        c[1],
        c[2],
        c[3],
        c[4],
        c[5],
        c[6],
        c[7],
        c[8],
        c[9],
        c[10],
      ),
    );
    return true;
  }

  /** One fused SGD step split over the threads, as adamStep. */
  sgdStep(
    data: Float32Array | Float64Array,
    grad: Float32Array | Float64Array,
    buf: Float32Array | Float64Array | undefined,
    s: SgdStepScalars,
  ): boolean {
    const started = this.stepThreads(data, grad, buf);
    if (started === undefined) return false;
    const c = started.scalars;
    c[0] = s.sign;
    c[1] = s.weightDecay;
    c[2] = s.keep;
    c[3] = s.take;
    c[4] = s.momentum;
    c[5] = s.nesterov ? 1 : 0;
    c[6] = -s.lr;
    this.splitStep(started, SGD, [data, grad, buf], (at, count) =>
      started.core.wasm.sgdF32(at[0], at[1], at[2], count, c[0], c[1], c[2], c[3], c[4], c[5], c[6]),
    );
    return true;
  }

  /** The started pool, if every buffer lives in its heap with data's length and the step is worth splitting. */
  private stepThreads(
    data: Float32Array | Float64Array,
    ...others: (Float32Array | Float64Array | undefined)[]
  ): Started | undefined {
    const started = this.started;
    if (started === undefined || data.length < 2 * MIN_STEP_PER_THREAD || !started.core.heap.contains(data))
      return undefined;
    for (const buffer of others)
      if (buffer !== undefined && (buffer.length !== data.length || !started.core.heap.contains(buffer)))
        return undefined;
    return started;
  }

  /** Cuts [0, n) into line-aligned ranges, one per thread; the workers run theirs, this thread range 0. */
  private splitStep(
    started: Started,
    job: number,
    buffers: (Float32Array | Float64Array | undefined)[],
    runOwn: (at: number[], count: number) => void,
  ): void {
    const n = buffers[0]?.length ?? 0;
    const parts = Math.min(this.threads, Math.floor(n / MIN_STEP_PER_THREAD));
    const startOf = (t: number): number => (t >= parts ? n : Math.floor((t * n) / parts / LINE_FLOATS) * LINE_FLOATS);
    const offsets = (from: number): number[] =>
      buffers.map((buffer) => (buffer === undefined ? 0 : buffer.byteOffset + 4 * from));
    const { control } = started;
    control[JOB] = job;
    for (let t = 1; t < this.threads; t++) {
      const at = BLOCKS + BLOCK_SLOTS * t;
      offsets(startOf(t)).forEach((offset, slot) => (control[at + slot] = offset));
      control[at + COUNT] = startOf(t + 1) - startOf(t);
    }
    wake(control, this.threads);
    runOwn(offsets(0), startOf(1));
    finishJob(started);
  }
}

/** Sets PENDING for the workers and bumps GEN: each runs its block of the job written in `control`. */
function wake(control: Int32Array, threads: number): void {
  Atomics.store(control, PENDING, threads - 1);
  Atomics.add(control, GEN, 1);
  Atomics.notify(control, GEN);
}

/** Waits for the workers of the job in flight; throws if one of them failed. */
function finishJob(started: Started): void {
  waitForWorkers(started.control, started.waitMode);
  if (Atomics.load(started.control, FAILED) !== 0) throw new Error('downhill: a matmul worker thread failed');
}

/** The shared memory and the calling thread's instance over it, made synchronously. */
function makeCore(
  module: WebAssembly.Module,
  instantiate: (module: WebAssembly.Module, memory: WebAssembly.Memory) => WasmExports,
): Core {
  const memory = createSharedMemory(INITIAL_PAGES);
  return coreOf(module, memory, instantiate(module, memory));
}

function coreOf(module: WebAssembly.Module, memory: WebAssembly.Memory, wasm: WasmExports): Core {
  return { module, memory, wasm, heap: new SharedWasmHeap(memory, wasm) };
}

/** Returns once PENDING is 0: polls first (workers usually finish soon after block 0), then parks if allowed. */
function waitForWorkers(control: Int32Array, mode: WaitMode): void {
  for (let spin = 0; spin < SPINS && Atomics.load(control, PENDING) !== 0; spin++);
  if (mode === 'spin') {
    while (Atomics.load(control, PENDING) !== 0);
    return;
  }
  for (let pending = Atomics.load(control, PENDING); pending !== 0; pending = Atomics.load(control, PENDING))
    Atomics.wait(control, PENDING, pending);
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

function prefix(values: Float32Array, length: number): Float32Array {
  return values.length === length ? values : values.subarray(0, length);
}
