/**
 * Matrix-product throughput of the WebAssembly SIMD kernels (src/kernels/wasm/) and the plain TypeScript
 * kernels (src/kernels/ts/matmul.ts) against the naive i-j-k triple loop (one dot product per output
 * element, the textbook and micrograd-style baseline), in float32, for the shapes of an MLP on 28×28
 * images with batch 128 (784 → 256 → 128) and their backward layouts, plus squares of 512³ and 1024³
 * (no naive column there: it would take minutes). wasm timings include its copies in and out.
 *
 *   npx tsx bench/matmul.ts
 *
 * The 'wasm×2' column splits each product over 2 threads (src/node/matmulPool.ts: worker_threads over one
 * shared wasm memory), bit for bit the 'wasm' column's results.
 *
 * GFLOP/s = 2·m·k·n / seconds (one multiply and one add per term). Each number is the best of three
 * rounds of at least 0.3 s after a warm-up (the best round is the one least disturbed by other work on
 * the machine); the two columns are measured in the same process on the same arrays.
 */
import type { Kernels } from '../src/kernels/kernels.js';
import { tsKernels } from '../src/kernels/ts/index.js';
import { wasmKernels } from '../src/kernels/wasm/index.js';
import { MatmulPool } from '../src/node/matmulPool.js';
import { createThreadedWasmKernels } from '../src/node/threads.js';
import { Random } from '../src/tensor/random.js';
import { LAYOUT_SYMBOL, MATMUL_CASES } from './lib/cases.js';

type Layout = 'A·B' | 'Aᵀ·B' | 'A·Bᵀ';
type Kernel = (a: Float32Array, b: Float32Array, c: Float32Array, m: number, k: number, n: number) => void;

interface Case {
  name: string;
  layout: Layout;
  m: number;
  k: number;
  n: number;
}

/** The shapes `npm run bench` measures against its peers (bench/lib/cases.ts), plus a 512³ square. */
const CASES: Case[] = [
  ...MATMUL_CASES.map((c) => ({ ...c, layout: LAYOUT_SYMBOL[c.layout] as Layout })),
  { name: 'square 512³', layout: 'A·B', m: 512, k: 512, n: 512 },
];

/** Naive loops past this many multiply-adds are skipped (1024³ would take minutes per round). */
const NAIVE_LIMIT = 512 ** 3;

function layouts(kernels: Kernels): Record<Layout, Kernel> {
  return {
    'A·B': (a, b, c, m, k, n) => kernels.matmul(a, b, c, m, k, n),
    'Aᵀ·B': (a, b, c, m, k, n) => kernels.matmulTransposeA(a, b, c, m, k, n),
    'A·Bᵀ': (a, b, c, m, k, n) => kernels.matmulTransposeB(a, b, c, m, k, n),
  };
}

const WASM = layouts(wasmKernels);
const TS = layouts(tsKernels);
const pool = new MatmulPool(2);
const WASM2 = layouts(createThreadedWasmKernels(pool));

/** The naive triple loops: C[i, j] = Σ_p A[i, p]·B[p, j], reading A and B in each layout's storage order. */
const NAIVE: Record<Layout, Kernel> = {
  'A·B': (a, b, c, m, k, n) => {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
        c[i * n + j] = sum;
      }
    }
  },
  'Aᵀ·B': (a, b, c, m, k, n) => {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[p * m + i] * b[p * n + j];
        c[i * n + j] = sum;
      }
    }
  },
  'A·Bᵀ': (a, b, c, m, k, n) => {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[i * k + p] * b[j * k + p];
        c[i * n + j] = sum;
      }
    }
  },
};

function gflops(kernel: Kernel, a: Float32Array, b: Float32Array, c: Float32Array, { m, k, n }: Case): number {
  for (let i = 0; i < 2; i++) kernel(a, b, c, m, k, n);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    let runs = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      kernel(a, b, c, m, k, n);
      runs++;
      elapsed = performance.now() - start;
    } while (elapsed < 300);
    best = Math.max(best, (2 * m * k * n * runs) / (elapsed / 1000) / 1e9);
  }
  return best;
}

function randomMatrix(random: Random, size: number): Float32Array {
  const values = new Float32Array(size);
  random.fillUniform(values, -1, 1);
  return values;
}

function main(): void {
  const random = new Random(1);
  console.log('float32 matmul, wasm (SIMD) and ts kernels vs naive i-j-k loop (GFLOP/s, higher is better)\n');
  console.log(
    `${'case'.padEnd(24)}${'layout'.padEnd(8)}${'m×k×n'.padEnd(16)}${'wasm'.padStart(8)}${'wasm×2'.padStart(8)}${'ts'.padStart(8)}${'naive'.padStart(8)}${'wasm/ts'.padStart(9)}${'ts/naive'.padStart(10)}`,
  );
  for (const c of CASES) {
    const a = randomMatrix(random, c.m * c.k);
    const b = randomMatrix(random, c.k * c.n);
    const out = new Float32Array(c.m * c.n);
    const wasm = gflops(WASM[c.layout], a, b, out, c);
    const wasm2 = gflops(WASM2[c.layout], a, b, out, c);
    const ts = gflops(TS[c.layout], a, b, out, c);
    const naive = c.m * c.k * c.n <= NAIVE_LIMIT ? gflops(NAIVE[c.layout], a, b, out, c) : NaN;
    const dims = `${c.m}×${c.k}×${c.n}`;
    const cells = [wasm, wasm2, ts, naive].map((v) => (Number.isNaN(v) ? '—' : v.toFixed(2)).padStart(8)).join('');
    const ratios = `${`${(wasm / ts).toFixed(1)}×`.padStart(9)}${(Number.isNaN(naive) ? '—' : `${(ts / naive).toFixed(1)}×`).padStart(10)}`;
    console.log(`${c.name.padEnd(24)}${c.layout.padEnd(8)}${dims.padEnd(16)}${cells}${ratios}`);
  }
  pool.close();
}

main();
