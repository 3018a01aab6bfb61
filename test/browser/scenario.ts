/**
 * The work the browser test runs on both sides — in a page (main thread or dedicated worker, bundled by
 * esbuild) and in Node — so that the two can be compared digest for digest: seeded float32 products in
 * all three layouts, with accumulate off and on, and a few Adam steps of a small MLP on a seeded toy
 * dataset. Everything here is core code (no Node modules), and every input comes from `Random`.
 */
import type { Dataset } from '../../src/data/dataset.js';
import { setKernels, type Kernels } from '../../src/kernels/kernels.js';
import { wasmMatmulF32, type MatmulLayout } from '../../src/kernels/wasm/matmul.js';
import type { MatmulPool, WaitMode } from '../../src/kernels/wasm/pool.js';
import { createThreadedWasmKernels } from '../../src/kernels/wasm/poolKernels.js';
import { mlp } from '../../src/nn/models.js';
import { Random } from '../../src/tensor/random.js';
import { fit } from '../../src/train/fit.js';

/** [layout, m, k, n]: the MLP's first layer, ragged shapes (rows), a wide one (columns), a skinny one. */
export const PRODUCT_SHAPES: [MatmulLayout, number, number, number][] = (
  ['matmul', 'matmulTransposeA', 'matmulTransposeB'] as const
).flatMap((layout): [MatmulLayout, number, number, number][] => [
  [layout, 128, 784, 256],
  [layout, 37, 53, 29],
  [layout, 5, 513, 301],
  [layout, 301, 7, 3],
]);

/** The two runs of each product: C = A·B, then C += A·B on a random C. */
export const ACCUMULATE = [false, true];

/** What one side reports: SHA-256 digests of raw float32 bytes, and where the threaded pool ran. */
export interface ScenarioResult {
  crossOriginIsolated: boolean;
  workers: number;
  waitMode: WaitMode | undefined;
  /** Per product and accumulate flag (PRODUCT_SHAPES × ACCUMULATE), the digest of the threaded C. */
  products: string[];
  /** Per product and accumulate flag, how many float32 words differ from the single-threaded kernel here. */
  mismatches: number[];
  /** The digest of the MLP's parameters after training on the pool's threaded kernels. */
  training: string;
}

/** Runs the products and the training on `pool` (whose workers, if any, are started by now or on demand). */
export async function runScenario(pool: MatmulPool): Promise<ScenarioResult> {
  const outputs: Float32Array[] = [],
    mismatches: number[] = [];
  PRODUCT_SHAPES.forEach(([layout, m, k, n], index) => {
    const random = new Random(1000 + index);
    const a = uniform(random, m * k),
      b = uniform(random, k * n),
      start = uniform(random, m * n);
    for (const accumulate of ACCUMULATE) {
      const threaded = start.slice(),
        single = start.slice();
      pool.matmul(layout, a, b, threaded, m, k, n, accumulate);
      wasmMatmulF32(layout, a, b, single, m, k, n, accumulate);
      outputs.push(threaded);
      mismatches.push(countMismatches(threaded, single));
    }
  });
  const training = trainMlp(createThreadedWasmKernels(pool));
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    workers: pool.workers,
    waitMode: pool.waitMode,
    products: await Promise.all(outputs.map(digest)),
    mismatches,
    training: await digest(training),
  };
}

/**
 * One epoch (4 steps of batch 64, shuffled) of Adam on an MLP 96-128-64-10, on `kernels`; returns all
 * parameters, concatenated. Labels come from a random linear teacher, so the loss has something to learn.
 */
export function trainMlp(kernels: Kernels): Float32Array {
  const previous = setKernels(kernels);
  try {
    const random = new Random(11);
    const model = mlp({ inputs: 96, hidden: [128, 64], outputs: 10, random });
    fit(model, {
      train: teacherData(random, 256, 96, 10),
      optimizer: { name: 'adam', lr: 1e-3 },
      epochs: 1,
      batchSize: 64,
      random,
      restoreBest: false,
    });
    const parameters = model.parameters().map((p) => p.data as Float32Array);
    const all = new Float32Array(parameters.reduce((sum, p) => sum + p.length, 0));
    let at = 0;
    for (const p of parameters) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  } finally {
    setKernels(previous);
  }
}

/** The SHA-256 of the array's bytes, in hex (crypto.subtle: a page on 127.0.0.1 is a secure context; Node ≥ 19). */
export async function digest(values: Float32Array): Promise<string> {
  // slice(): a copy over a plain ArrayBuffer, the BufferSource digest's type accepts.
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength).slice();
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(hash, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function teacherData(random: Random, n: number, features: number, classes: number): Dataset {
  const x = uniform(random, n * features),
    teacher = uniform(random, features * classes);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = -Infinity;
    for (let c = 0; c < classes; c++) {
      let score = 0;
      for (let f = 0; f < features; f++) score += x[i * features + f] * teacher[f * classes + c];
      if (score > best) {
        best = score;
        y[i] = c;
      }
    }
  }
  return { x, y, n, features, task: 'classification', classes };
}

function uniform(random: Random, size: number): Float32Array {
  const values = new Float32Array(size);
  random.fillUniform(values, -1, 1);
  return values;
}

function countMismatches(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length),
    y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) count++;
  return count;
}
