/**
 * downhill's side of the micro-benchmarks; prints one JSON line.
 *
 *   node --import tsx bench/workers/downhillMicro.ts matmul      GFLOP/s of the wasm and ts kernels
 *   node --import tsx bench/workers/downhillMicro.ts memory      triad, Adam and SGD-momentum over 10M float32
 *   node --import tsx bench/workers/downhillMicro.ts rosenbrock  µs per Adam step on 2-D Rosenbrock, float64
 *
 * matmul: GFLOP/s = 2mkn / s, the best of 3 rounds of at least MATMUL_SECONDS after two warm-up calls;
 * wasm includes its copies in and out of wasm memory. memory: seconds are the best of MEMORY_REPS after a
 * warm-up step (the first optimizer step allocates its state), bytes as BYTES_PER_ELEMENT counts them; Adam
 * and SGD run as training runs them (the wasm kernels selected, θ and g in a parameter arena, so the fused
 * wasm steps run) and, as adamTs / sgdMomentumTs, as TypeScript loops over plain arrays.
 * rosenbrock: runTrace's loop without the recording — a 2-element float64 Param, the closed-form gradient
 * in the closure, optimizer.step(closure) — median of 3 runs of 10,000 steps.
 */
import { setKernels, type Kernels } from '../../src/kernels/kernels.js';
import { tsKernels } from '../../src/kernels/ts/index.js';
import { wasmKernels } from '../../src/kernels/wasm/index.js';
import { adam } from '../../src/optim/adam.js';
import type { Param } from '../../src/optim/optimizer.js';
import { createOptimizer } from '../../src/optim/registry.js';
import { sgd } from '../../src/optim/sgd.js';
import { createSurface } from '../../src/problems/registry.js';
import { Random } from '../../src/tensor/random.js';
import type { TraceConfig } from '../../src/trace/config.js';
import { runTrace } from '../../src/trace/trace.js';
import {
  BYTES_PER_ELEMENT,
  MATMUL_CASES,
  MATMUL_SECONDS,
  MEMORY_REPS,
  MEMORY_SIZE,
  ROSENBROCK_START,
  ROSENBROCK_STEPS,
  type MatmulCase,
} from '../lib/cases.js';
import { median } from '../lib/table.js';
import { bestSeconds } from '../lib/timing.js';

type Product = (a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number) => void;

function product(kernels: Kernels, c: MatmulCase): Product {
  if (c.layout === 'AB') return (a, b, out, m, k, n) => kernels.matmul(a, b, out, m, k, n);
  if (c.layout === 'AtB') return (a, b, out, m, k, n) => kernels.matmulTransposeA(a, b, out, m, k, n);
  return (a, b, out, m, k, n) => kernels.matmulTransposeB(a, b, out, m, k, n);
}

function gflops(run: Product, a: Float32Array, b: Float32Array, out: Float32Array, { m, k, n }: MatmulCase): number {
  for (let i = 0; i < 2; i++) run(a, b, out, m, k, n);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let runs = 0;
    let elapsed = 0;
    const start = performance.now();
    do {
      run(a, b, out, m, k, n);
      runs++;
      elapsed = (performance.now() - start) / 1000;
    } while (elapsed < MATMUL_SECONDS);
    best = Math.max(best, (2 * m * k * n * runs) / elapsed / 1e9);
  }
  return best;
}

function matmul(): object {
  const random = new Random(1);
  const uniform = (size: number): Float32Array => {
    const values = new Float32Array(size);
    random.fillUniform(values, -1, 1);
    return values;
  };
  return {
    matmul: MATMUL_CASES.map((c) => {
      const a = uniform(c.m * c.k);
      const b = uniform(c.k * c.n);
      const out = new Float32Array(c.m * c.n);
      return {
        m: c.m,
        k: c.k,
        n: c.n,
        layout: c.layout,
        wasm: gflops(product(wasmKernels, c), a, b, out, c),
        ts: gflops(product(tsKernels, c), a, b, out, c),
      };
    }),
  };
}

/** STREAM's triad over Float32Array in plain JavaScript: the memory bandwidth as JS code sees it. */
function triad(a: Float32Array, b: Float32Array, c: Float32Array, s: number): void {
  for (let i = 0; i < a.length; i++) a[i] = b[i] + s * c[i];
}

function memory(): object {
  const random = new Random(2);
  const filled = (): Float32Array => {
    const values = new Float32Array(MEMORY_SIZE);
    random.fillUniform(values, -1, 1);
    return values;
  };
  const a = new Float32Array(MEMORY_SIZE);
  const b = filled();
  const c = filled();
  const triadSeconds = bestSeconds(() => triad(a, b, c, 3), MEMORY_REPS);
  const plain = (): Param => ({ data: filled(), grad: filled() });
  // As packParameters places a model with the wasm kernels selected: values, gradient and state in one arena.
  const inArena = (): Param => {
    const arena = wasmKernels.createArena?.('float32', 5, MEMORY_SIZE);
    const data = arena?.allocate(MEMORY_SIZE);
    const grad = arena?.allocate(MEMORY_SIZE);
    if (data === undefined || grad === undefined) throw new Error('no wasm parameter arena');
    data.set(filled());
    grad.set(filled());
    return { data, grad };
  };
  const seconds = (make: () => Param, optimizer: typeof adam | typeof sgd, options: object): number => {
    const instance = optimizer([make()], { lr: 1e-3, ...options });
    return bestSeconds(() => instance.step(), MEMORY_REPS);
  };
  setKernels(wasmKernels);
  const fused = { adam: seconds(inArena, adam, {}), sgdMomentum: seconds(inArena, sgd, { momentum: 0.9 }) };
  setKernels(tsKernels);
  const loops = { adamTs: seconds(plain, adam, {}), sgdMomentumTs: seconds(plain, sgd, { momentum: 0.9 }) };
  const measured = { triad: triadSeconds, ...fused, ...loops };
  return {
    memory: Object.fromEntries(
      Object.entries(measured).map(([kind, s]) => [
        kind,
        { seconds: s, bytes: BYTES_PER_ELEMENT[kind as keyof typeof BYTES_PER_ELEMENT] * MEMORY_SIZE },
      ]),
    ),
    size: MEMORY_SIZE,
  };
}

function rosenbrockRun(): { seconds: number; end: number[] } {
  const surface = createSurface({ name: 'rosenbrock' });
  const data = Float64Array.from(ROSENBROCK_START);
  const grad = new Float64Array(2);
  const optimizer = createOptimizer([{ data, grad }], { name: 'adam', lr: 1e-3 });
  const closure = (): number => {
    surface.gradient(data[0], data[1], grad);
    return surface.value(data[0], data[1]);
  };
  const start = performance.now();
  for (let step = 0; step < ROSENBROCK_STEPS; step++) optimizer.step(closure);
  return { seconds: (performance.now() - start) / 1000, end: [data[0], data[1]] };
}

/** runTrace itself (recording every point, loss and lr), for the overhead a `downhill trace` run adds. */
function traceRun(): number {
  const start = performance.now();
  const config: TraceConfig = {
    fn: { name: 'rosenbrock' },
    start: [ROSENBROCK_START[0], ROSENBROCK_START[1]],
    steps: ROSENBROCK_STEPS,
    optimizer: { name: 'adam', lr: 1e-3 },
  };
  runTrace(config);
  return (performance.now() - start) / 1000;
}

function rosenbrock(): object {
  const runs = [rosenbrockRun(), rosenbrockRun(), rosenbrockRun()];
  const traces = [traceRun(), traceRun(), traceRun()];
  const perStep = (seconds: number): number => (seconds / ROSENBROCK_STEPS) * 1e6;
  return {
    rosenbrock: {
      usPerStep: perStep(median(runs.map((r) => r.seconds))),
      runs: runs.map((r) => perStep(r.seconds)),
      end: runs[0].end,
      runTraceUsPerStep: perStep(median(traces)),
    },
    steps: ROSENBROCK_STEPS,
  };
}

const modes: Record<string, () => object> = { matmul, memory, rosenbrock };
const mode = process.argv[2];
if (!(mode in modes)) throw new Error(`mode must be one of ${Object.keys(modes).join(', ')} (got ${mode})`);
console.log(JSON.stringify({ ...modes[mode](), threads: 1 }));
