/**
 * A matmul pool worker's whole program (protocol: poolProtocol.ts): instantiate the shared-memory module
 * over the pool's memory, say READY, then park on GEN; on every new generation run this thread's block
 * of the job — a block of C with the same gemmF32 the single-threaded kernel uses, or a range of a fused
 * Adam or SGD step — and count PENDING down; leave on STOP.
 *
 * The function is self-contained — it reads nothing but its argument and globals (WebAssembly,
 * Atomics) — because Node runs it from its source text (src/node/matmulPool.ts: an eval'd worker runs
 * the same under tsx and from dist/); a browser worker imports it (src/browser/matmulWorker.ts). So:
 * no imports used at run time and no nested named functions (tsx's esbuild would wrap them in a helper
 * the eval'd text lacks). Atomics.wait is allowed in every worker, Node's and the browser's.
 */
import type { WasmExports } from './module.js';
import type { WorkerInit } from './poolProtocol.js';

export function runMatmulWorker(init: WorkerInit): void {
  const { module, memory, control, scalars: s, index, layout: L } = init;
  let wasm: WasmExports | undefined;
  try {
    wasm = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WasmExports;
  } catch {
    Atomics.store(control, L.FAILED, 1);
  }
  Atomics.add(control, L.READY, 1);
  Atomics.notify(control, L.READY);
  const at = L.BLOCKS + L.BLOCK_SLOTS * index;
  let seen = 0;
  while (wasm !== undefined) {
    for (let spin = 0; spin < L.SPINS && Atomics.load(control, L.GEN) === seen; spin++);
    Atomics.wait(control, L.GEN, seen);
    // A wake-up without a new generation is the late notify of the one just run: the caller, preempted
    // between bumping GEN and notifying, notifies after this worker saw the bump while polling, ran its
    // block and parked. Running the block again would count PENDING below zero (the caller then waits
    // forever) or, once the next job is posted, count for a block not yet run.
    const generation = Atomics.load(control, L.GEN);
    if (generation === seen) continue;
    seen = generation;
    if (Atomics.load(control, L.STOP) !== 0) break;
    const job = control[L.JOB];
    try {
      if (job === L.GEMM && control[at + L.M] > 0 && control[at + L.N] > 0) {
        wasm.gemmF32(
          control[at + L.A],
          control[L.ARS],
          control[L.ACS],
          control[at + L.B],
          control[L.BRS],
          control[L.BCS],
          control[at + L.C],
          control[at + L.M],
          control[L.K],
          control[at + L.N],
          control[L.LDC],
          control[L.ACCUMULATE],
          control[at + L.WORK],
        );
      } else if (job === L.ADAM && control[at + L.COUNT] > 0) {
        wasm.adamF32(
          control[at],
          control[at + 1],
          control[at + 2],
          control[at + 3],
          control[at + 4],
          control[at + L.COUNT],
          s[0],
          s[1],
          s[2],
          s[3],
          s[4],
          s[5],
          s[6],
          s[7],
          s[8],
          s[9],
          s[10],
        );
      } else if (job === L.SGD && control[at + L.COUNT] > 0) {
        wasm.sgdF32(
          control[at],
          control[at + 1],
          control[at + 2],
          control[at + L.COUNT],
          s[0],
          s[1],
          s[2],
          s[3],
          s[4],
          s[5],
          s[6],
        );
      }
    } catch {
      Atomics.store(control, L.FAILED, 1);
    }
    if (Atomics.sub(control, L.PENDING, 1) === 1) Atomics.notify(control, L.PENDING);
  }
}
