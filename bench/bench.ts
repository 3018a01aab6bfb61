/**
 * `npm run bench`: downhill side by side with PyTorch 1.13 (Debian, OpenBLAS) and TensorFlow.js 4.x (cpu
 * and wasm backends), the benchmark of issue 6. Peers come from bench/setup-peers.sh.
 *
 *   1. Fashion-MNIST MLP 784-256-128-10, ReLU, Adam 1e-3, batch 128, one epoch: seconds (median of 3)
 *      and test accuracy — downhill (wasm and ts kernels), torch on 1 and 2 threads, tfjs wasm and cpu
 *      (cpu: a fixed number of steps, extrapolated to the epoch).
 *   2. float32 matmul GFLOP/s at the MLP's shapes and 1024³ (best of 3 rounds): downhill wasm and ts vs
 *      torch + OpenBLAS on one thread.
 *   3. Adam and SGD-with-momentum steps over 10M float32 parameters: GB/s moved vs the STREAM triad in
 *      plain JS (and, for reference, torch's triad and optimizer steps on one thread).
 *   4. 10,000 Adam steps on 2-D Rosenbrock: µs per step — downhill (float64, closed-form gradient) vs
 *      torch (float64, autograd and closed form) and tfjs (float32, autograd; cpu and wasm).
 *
 * Every measurement runs in a fresh process; within each part the contenders take turns, round after
 * round, so a change of load on the machine falls on all of them. Prints one table (Markdown) and writes
 * bench/results.json. `--no-wait` skips waiting for the load average to fall below 1.5; `--rounds N`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, argument, runTorch, runTs } from './lib/child.js';
import { BYTES_PER_ELEMENT, LAYOUT_SYMBOL, MATMUL_CASES, MEMORY_SIZE, ROSENBROCK_STEPS, caseKey } from './lib/cases.js';
import { formatLoad, loadAverage, machine, waitForQuiet } from './lib/machine.js';
import { median, type Row, markdownTable, ratio } from './lib/table.js';

const ROUNDS = Number(argument('rounds', '3'));
/** tfjs's cpu backend takes over a minute per epoch: this many steps are timed and the epoch extrapolated. */
const TFJS_CPU_STEPS = 30;

interface MlpRun {
  seconds: number;
  testAccuracy?: number;
  [key: string]: unknown;
}

interface Contender {
  name: string;
  kernels: string;
  run: () => MlpRun;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

// ——— 1. The MLP epoch ———

const MLP_CONTENDERS: Contender[] = [
  {
    name: 'downhill',
    kernels: 'wasm (SIMD), 1 thread',
    run: () => runTs<MlpRun>('workers/downhillMlp.ts', ['--kernels', 'wasm']),
  },
  {
    name: 'downhill',
    kernels: 'ts, 1 thread',
    run: () => runTs<MlpRun>('workers/downhillMlp.ts', ['--kernels', 'ts']),
  },
  {
    name: 'downhill',
    kernels: 'wasm (SIMD), 2 threads',
    run: () => runTs<MlpRun>('workers/downhillMlp.ts', ['--kernels', 'wasm', '--threads', '2']),
  },
  { name: 'PyTorch 1.13', kernels: 'OpenBLAS, 1 thread', run: () => runTorch<MlpRun>('torch_mlp.py', [], 1) },
  { name: 'PyTorch 1.13', kernels: 'OpenBLAS, 2 threads', run: () => runTorch<MlpRun>('torch_mlp.py', [], 2) },
  { name: 'TF.js', kernels: 'wasm', run: () => runTs<MlpRun>('workers/tfjs.ts', ['mlp', '--backend', 'wasm']) },
  {
    name: 'TF.js',
    kernels: 'cpu',
    run: () => runTs<MlpRun>('workers/tfjs.ts', ['mlp', '--backend', 'cpu', '--steps', String(TFJS_CPU_STEPS)]),
  },
];

function mlpBenchmark(): { label: string; runs: MlpRun[]; seconds: number; testAccuracy: number | undefined }[] {
  const runs: MlpRun[][] = MLP_CONTENDERS.map(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    MLP_CONTENDERS.forEach((c, i) => {
      const result = c.run();
      runs[i].push(result);
      log(`MLP round ${round}: ${c.name} ${c.kernels}: ${result.seconds.toFixed(2)} s`);
    });
  }
  return MLP_CONTENDERS.map((c, i) => {
    const accuracies = runs[i].map((r) => r.testAccuracy).filter((a): a is number => a !== undefined);
    return {
      label: `${c.name} — ${c.kernels}`,
      runs: runs[i],
      seconds: median(runs[i].map((r) => r.seconds)),
      testAccuracy: accuracies.length === 0 ? undefined : median(accuracies),
    };
  });
}

// ——— 2. Matmul ———

interface MatmulResult {
  m: number;
  k: number;
  n: number;
  layout: string;
  wasm?: number;
  ts?: number;
  gflops?: number;
}

function matmulBenchmark(): { name: string; layout: string; shape: string; wasm: number; ts: number; torch: number }[] {
  const best = new Map<string, { wasm: number; ts: number; torch: number }>();
  for (const c of MATMUL_CASES) best.set(caseKey(c), { wasm: 0, ts: 0, torch: 0 });
  for (let round = 1; round <= ROUNDS; round++) {
    const ours = runTs<{ matmul: MatmulResult[] }>('workers/downhillMicro.ts', ['matmul']);
    const theirs = runTorch<{ matmul: MatmulResult[] }>(
      'torch_micro.py',
      ['matmul', ...MATMUL_CASES.map(caseKey), '--seconds', '0.2'],
      1,
    );
    for (const r of ours.matmul) {
      const entry = best.get(caseKey(r));
      if (entry === undefined) continue;
      entry.wasm = Math.max(entry.wasm, r.wasm ?? 0);
      entry.ts = Math.max(entry.ts, r.ts ?? 0);
    }
    for (const r of theirs.matmul) {
      const entry = best.get(caseKey(r));
      if (entry !== undefined) entry.torch = Math.max(entry.torch, r.gflops ?? 0);
    }
    log(`matmul round ${round} done`);
  }
  return MATMUL_CASES.map((c) => ({
    name: c.name,
    layout: LAYOUT_SYMBOL[c.layout],
    shape: `${c.m}×${c.k}×${c.n}`,
    ...(best.get(caseKey(c)) as { wasm: number; ts: number; torch: number }),
  }));
}

// ——— 3. Memory ———

type MemoryKind = 'triad' | 'adam' | 'sgdMomentum';
/** downhill also times its TypeScript loops (plain arrays, no fused kernel). */
type DownhillMemoryKind = MemoryKind | 'adamTs' | 'sgdMomentumTs';
interface MemoryResult<K extends string> {
  memory: Record<K, { seconds: number; bytes: number }>;
}

function memoryBenchmark(): { downhill: Record<DownhillMemoryKind, number>; torch: Record<MemoryKind, number> } {
  const downhill: Record<DownhillMemoryKind, number> = {
    triad: 0,
    adam: 0,
    sgdMomentum: 0,
    adamTs: 0,
    sgdMomentumTs: 0,
  };
  const torch: Record<MemoryKind, number> = { triad: 0, adam: 0, sgdMomentum: 0 };
  const take = <K extends string>(into: Record<K, number>, result: MemoryResult<K>): void => {
    for (const kind of Object.keys(into) as K[]) {
      into[kind] = Math.max(into[kind], result.memory[kind].bytes / result.memory[kind].seconds / 1e9);
    }
  };
  for (let round = 1; round <= ROUNDS; round++) {
    take(downhill, runTs<MemoryResult<DownhillMemoryKind>>('workers/downhillMicro.ts', ['memory']));
    take(torch, runTorch<MemoryResult<MemoryKind>>('torch_micro.py', ['memory', '--size', String(MEMORY_SIZE)], 1));
    log(`memory round ${round} done`);
  }
  return { downhill, torch };
}

// ——— 4. Rosenbrock ———

interface RosenbrockResult {
  rosenbrock: {
    usPerStep: number;
    runTraceUsPerStep?: number;
    autograd?: { usPerStep: number };
    closedForm?: { usPerStep: number };
  };
}

function rosenbrockBenchmark(): Record<
  'downhill' | 'downhillRunTrace' | 'torchAutograd' | 'torchClosedForm' | 'tfjsCpu' | 'tfjsWasm',
  number
> {
  const runs: Record<string, number[]> = {
    downhill: [],
    downhillRunTrace: [],
    torchAutograd: [],
    torchClosedForm: [],
    tfjsCpu: [],
    tfjsWasm: [],
  };
  for (let round = 1; round <= ROUNDS; round++) {
    const ours = runTs<RosenbrockResult>('workers/downhillMicro.ts', ['rosenbrock']);
    runs.downhill.push(ours.rosenbrock.usPerStep);
    runs.downhillRunTrace.push(ours.rosenbrock.runTraceUsPerStep ?? NaN);
    const torch = runTorch<
      RosenbrockResult & { rosenbrock: { autograd: { usPerStep: number }; closedForm: { usPerStep: number } } }
    >('torch_micro.py', ['rosenbrock', '--runs', '1'], 1);
    runs.torchAutograd.push(torch.rosenbrock.autograd.usPerStep);
    runs.torchClosedForm.push(torch.rosenbrock.closedForm.usPerStep);
    runs.tfjsCpu.push(
      runTs<RosenbrockResult>('workers/tfjs.ts', ['rosenbrock', '--backend', 'cpu', '--runs', '1']).rosenbrock
        .usPerStep,
    );
    runs.tfjsWasm.push(
      runTs<RosenbrockResult>('workers/tfjs.ts', ['rosenbrock', '--backend', 'wasm', '--runs', '1']).rosenbrock
        .usPerStep,
    );
    log(`rosenbrock round ${round} done`);
  }
  const medians = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
  return medians as ReturnType<typeof rosenbrockBenchmark>;
}

// ——— The table ———

const fixed = (value: number, digits: number): string => value.toFixed(digits);

function buildRows(
  mlp: ReturnType<typeof mlpBenchmark>,
  matmul: ReturnType<typeof matmulBenchmark>,
  memory: ReturnType<typeof memoryBenchmark>,
  rosenbrock: ReturnType<typeof rosenbrockBenchmark>,
): Row[] {
  const rows: Row[] = [];
  const [wasm, ts] = mlp;
  for (const entry of mlp) {
    const isOurs = entry.label.startsWith('downhill');
    const extrapolated = entry.runs[0].extrapolated === true;
    rows.push({
      benchmark: 'MLP epoch (s)',
      contender: entry.label,
      result: `${fixed(entry.seconds, 2)} s${entry.testAccuracy === undefined ? '' : `, acc ${fixed(entry.testAccuracy, 4)}`}`,
      ratio: isOurs ? '' : `wasm ${ratio(wasm.seconds, entry.seconds)} · ts ${ratio(ts.seconds, entry.seconds)}`,
      note: extrapolated
        ? `${String(entry.runs[0].timedSteps)} of 469 steps timed, extrapolated; no accuracy`
        : `median of ${entry.runs.length}: ${entry.runs.map((r) => fixed(r.seconds, 2)).join(', ')}`,
    });
  }
  for (const m of matmul) {
    rows.push({
      benchmark: 'matmul GFLOP/s',
      contender: `${m.name} ${m.layout} ${m.shape}`,
      result: `wasm ${fixed(m.wasm, 1)} · ts ${fixed(m.ts, 1)} · torch ${fixed(m.torch, 1)}`,
      ratio: `wasm ${ratio(m.wasm, m.torch)} · ts ${ratio(m.ts, m.torch)}`,
      note: 'all 1 thread; best of 3×3 rounds',
    });
  }
  const gbs = (value: number): string => `${fixed(value, 1)} GB/s`;
  rows.push({
    benchmark: 'memory 10M f32',
    contender: 'triad a=b+s·c, plain JS',
    result: gbs(memory.downhill.triad),
    ratio: '',
    note: '12 B/element; the limit as JS sees it',
  });
  rows.push({
    benchmark: 'memory 10M f32',
    contender: 'downhill Adam step (fused wasm, arena)',
    result: gbs(memory.downhill.adam),
    ratio: `÷ JS triad ${ratio(memory.downhill.adam, memory.downhill.triad)}`,
    note: '28 B/param (θ,g,m,v read; θ,m,v written)',
  });
  rows.push({
    benchmark: 'memory 10M f32',
    contender: 'downhill SGD momentum step (fused wasm, arena)',
    result: gbs(memory.downhill.sgdMomentum),
    ratio: `÷ JS triad ${ratio(memory.downhill.sgdMomentum, memory.downhill.triad)}`,
    note: '20 B/param (θ,g,buf read; θ,buf written)',
  });
  rows.push({
    benchmark: 'memory 10M f32',
    contender: 'downhill Adam step (TypeScript loop)',
    result: gbs(memory.downhill.adamTs),
    ratio: `÷ JS triad ${ratio(memory.downhill.adamTs, memory.downhill.triad)}`,
    note: 'plain arrays, float64 arithmetic',
  });
  rows.push({
    benchmark: 'memory 10M f32',
    contender: 'downhill SGD momentum step (TypeScript loop)',
    result: gbs(memory.downhill.sgdMomentumTs),
    ratio: `÷ JS triad ${ratio(memory.downhill.sgdMomentumTs, memory.downhill.triad)}`,
    note: 'plain arrays',
  });
  rows.push({
    benchmark: 'memory 10M f32',
    contender: 'torch triad (torch.add out=), 1 thread',
    result: gbs(memory.torch.triad),
    ratio: `JS triad ${ratio(memory.downhill.triad, memory.torch.triad)}`,
    note: 'reference: native SIMD',
  });
  rows.push({
    benchmark: 'memory 10M f32',
    contender: 'torch Adam step (foreach=False), 1 thread',
    result: gbs(memory.torch.adam),
    ratio: `downhill ${ratio(memory.downhill.adam, memory.torch.adam)}`,
    note: 'reference',
  });
  rows.push({
    benchmark: 'memory 10M f32',
    contender: 'torch SGD momentum step, 1 thread',
    result: gbs(memory.torch.sgdMomentum),
    ratio: `downhill ${ratio(memory.downhill.sgdMomentum, memory.torch.sgdMomentum)}`,
    note: 'reference',
  });
  const us = (value: number): string => `${fixed(value, value < 10 ? 2 : 1)} µs`;
  const r = rosenbrock;
  rows.push({
    benchmark: 'Rosenbrock µs/step',
    contender: 'downhill Adam, float64, closed-form gradient',
    result: us(r.downhill),
    ratio: '',
    note: `median of 3 rounds (3 runs each) of ${ROSENBROCK_STEPS} steps`,
  });
  rows.push({
    benchmark: 'Rosenbrock µs/step',
    contender: 'downhill runTrace (records every point)',
    result: us(r.downhillRunTrace),
    ratio: '',
    note: 'what `downhill trace` feels',
  });
  rows.push({
    benchmark: 'Rosenbrock µs/step',
    contender: 'PyTorch Adam, float64, autograd',
    result: us(r.torchAutograd),
    ratio: ratio(r.downhill, r.torchAutograd),
    note: 'zero_grad, loss, backward, step',
  });
  rows.push({
    benchmark: 'Rosenbrock µs/step',
    contender: 'PyTorch Adam, float64, closed-form gradient',
    result: us(r.torchClosedForm),
    ratio: ratio(r.downhill, r.torchClosedForm),
    note: '.grad written from Python floats, step',
  });
  rows.push({
    benchmark: 'Rosenbrock µs/step',
    contender: 'TF.js cpu Adam, float32, autograd',
    result: us(r.tfjsCpu),
    ratio: ratio(r.downhill, r.tfjsCpu),
    note: 'tfjs has no float64',
  });
  rows.push({
    benchmark: 'Rosenbrock µs/step',
    contender: 'TF.js wasm Adam, float32, autograd',
    result: us(r.tfjsWasm),
    ratio: ratio(r.downhill, r.tfjsWasm),
    note: 'tfjs has no float64',
  });
  return rows;
}

interface Target {
  target: string;
  measured: string;
  met: boolean;
}

function targets(
  mlp: ReturnType<typeof mlpBenchmark>,
  matmul: ReturnType<typeof matmulBenchmark>,
  memory: ReturnType<typeof memoryBenchmark>,
  rosenbrock: ReturnType<typeof rosenbrockBenchmark>,
): Target[] {
  const [wasm1, ts, wasm2, torch1, torch2, tfjsWasm] = mlp;
  const torchBest = Math.min(torch1.seconds, torch2.seconds);
  // downhill's best: the wasm kernels on one thread or on two.
  const wasm = wasm2.seconds < wasm1.seconds ? wasm2 : wasm1;
  const mlpShapes = matmul.filter((m) => !m.name.startsWith('square'));
  const worstShare = Math.min(...mlpShapes.map((m) => m.wasm / m.torch));
  // The machine's triad: the faster of plain JS and torch's native loop.
  const triad = Math.max(memory.downhill.triad, memory.torch.triad);
  const adamShare = memory.downhill.adam / triad;
  const sgdShare = memory.downhill.sgdMomentum / triad;
  const speedup = Math.min(rosenbrock.torchAutograd, rosenbrock.torchClosedForm) / rosenbrock.downhill;
  const accuracyGap = Math.abs((wasm.testAccuracy ?? NaN) - (ts.testAccuracy ?? NaN));
  return [
    {
      target: 'MLP epoch ≤ 1.5× PyTorch best',
      measured: `${fixed(wasm.seconds / torchBest, 2)}× (${fixed(wasm.seconds, 2)} s, ${wasm.label}, vs ${fixed(torchBest, 2)} s)`,
      met: wasm.seconds <= 1.5 * torchBest,
    },
    {
      target: 'MLP epoch ≥ 10× faster than TF.js wasm',
      measured: `${fixed(tfjsWasm.seconds / wasm.seconds, 1)}×`,
      met: tfjsWasm.seconds >= 10 * wasm.seconds,
    },
    {
      target: 'matmul at MLP shapes ≥ 30% of OpenBLAS per thread',
      measured: `worst ${fixed(100 * worstShare, 0)}%, ${mlpShapes.map((m) => fixed((100 * m.wasm) / m.torch, 0)).join('/')}%`,
      met: worstShare >= 0.3,
    },
    {
      target: 'optimizer steps ≥ 70% of triad bandwidth',
      measured: `Adam ${fixed(100 * adamShare, 0)}%, SGD momentum ${fixed(100 * sgdShare, 0)}% of the best triad (${fixed(triad, 1)} GB/s)`,
      met: adamShare >= 0.7 && sgdShare >= 0.7,
    },
    {
      target: 'Rosenbrock ≥ 10× faster per step than PyTorch',
      measured: `${fixed(speedup, 1)}× (vs torch's faster variant)`,
      met: speedup >= 10,
    },
    {
      target: 'same accuracy as the ts kernels',
      measured: `wasm ${fixed(wasm.testAccuracy ?? NaN, 4)}, ts ${fixed(ts.testAccuracy ?? NaN, 4)}`,
      met: accuracyGap < 0.01,
    },
  ];
}

// ——— Main ———

const wait = process.argv.includes('--no-wait')
  ? { waitedSeconds: 0, quiet: false, skipped: true }
  : await waitForQuiet();
const loadBefore = loadAverage();
log(`load average ${formatLoad(loadBefore)} (waited ${wait.waitedSeconds.toFixed(0)} s); ${ROUNDS} rounds`);
const started = Date.now();
const mlp = mlpBenchmark();
const loadAfterMlp = loadAverage();
const matmul = matmulBenchmark();
const memory = memoryBenchmark();
const rosenbrock = rosenbrockBenchmark();
const loadAfter = loadAverage();
const rows = buildRows(mlp, matmul, memory, rosenbrock);
const goals = targets(mlp, matmul, memory, rosenbrock);
const host = machine();
// The contenders in mlpBenchmark's order: downhill wasm 1 thread, ts, wasm 2 threads, torch 1 and 2 threads, TF.js wasm, cpu.
const [, , , torchOneThread, , tfjsWasm] = mlp;
const torchInfo = torchOneThread.runs[0];
const tfjsInfo = tfjsWasm.runs[0];
const header = [
  `Machine: ${host.cpu}, ${host.cores} cores${host.avx2 ? ', AVX2' : ''}; Node ${host.node}; ${new Date().toISOString().slice(0, 10)}.`,
  `Load average (1/5/15 min): ${formatLoad(loadBefore)} at the start, ${formatLoad(loadAfterMlp)} after the MLP part, ${formatLoad(loadAfter)} at the end` +
    `${'skipped' in wait ? ' (no wait for a quiet machine)' : wait.quiet ? '' : ' (the load never fell below 1.5 within 15 minutes)'}.`,
  `Kernels: downhill wasm = WebAssembly SIMD matmul, activations, softmax cross-entropy, column sums and fused Adam/SGD steps + TypeScript elsewhere, ts = TypeScript reference; downhill on 1 thread, and on 2 where said (matmul split over worker_threads). ` +
    `PyTorch ${String(torchInfo.torch)} with ${String(torchInfo.openblasConfig ?? torchInfo.blas)} (threads = torch.set_num_threads and OPENBLAS_NUM_THREADS). ` +
    `TF.js ${String(tfjsInfo.version)}: cpu backend (plain JS) and wasm backend (SIMD ${String(tfjsInfo.simd)}, ${String(tfjsInfo.threads ?? 1)} thread).`,
  'Ratios are downhill ÷ peer: for seconds and µs below 1 means downhill is faster; for GFLOP/s and GB/s above 1 means downhill is faster.',
];
const table = markdownTable(rows);
const targetTable = [
  '| target (issue 6) | measured | met |',
  '| --- | --- | --- |',
  ...goals.map((g) => `| ${g.target} | ${g.measured} | ${g.met ? 'yes' : 'no'} |`),
].join('\n');
process.stdout.write(`\n${header.join('\n')}\n\n${table}\n\n${targetTable}\n`);
const results = {
  date: new Date().toISOString(),
  machine: host,
  load: { before: loadBefore, afterMlp: loadAfterMlp, after: loadAfter, ...wait },
  rounds: ROUNDS,
  minutes: (Date.now() - started) / 60000,
  downhill: { kernels: ['wasm', 'ts'], threads: 1 },
  torch: {
    version: torchInfo.torch,
    blas: torchInfo.blas,
    openblas: torchInfo.openblasConfig,
    libraries: torchInfo.libraries,
    threads: [1, 2],
  },
  tfjs: {
    version: tfjsInfo.version,
    backends: ['wasm', 'cpu'],
    wasm: { simd: tfjsInfo.simd, multithread: tfjsInfo.multithread, threads: tfjsInfo.threads },
  },
  mlp,
  matmul,
  memory: { size: MEMORY_SIZE, bytesPerElement: BYTES_PER_ELEMENT, gbPerSecond: memory },
  rosenbrock: { steps: ROSENBROCK_STEPS, usPerStep: rosenbrock },
  targets: goals,
  header,
  table,
};
writeFileSync(join(BENCH_DIR, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
log(`wrote bench/results.json (${results.minutes.toFixed(1)} min)`);
