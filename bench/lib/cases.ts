/**
 * The shared definitions of the micro-benchmarks, so downhill and its peers measure the same things:
 * the matmul shapes of the MLP 784-256-128-10 at batch 128 in the layouts forward and backward use, plus
 * 1024³; the sizes of the memory and Rosenbrock runs.
 */
export type Layout = 'AB' | 'AtB' | 'ABt';

export interface MatmulCase {
  name: string;
  layout: Layout;
  m: number;
  k: number;
  n: number;
}

export const MATMUL_CASES: MatmulCase[] = [
  { name: 'L1 forward X·W', layout: 'AB', m: 128, k: 784, n: 256 },
  { name: 'L1 ∂W = Xᵀ·G', layout: 'AtB', m: 784, k: 128, n: 256 },
  { name: 'L1 ∂X = G·Wᵀ', layout: 'ABt', m: 128, k: 256, n: 784 },
  { name: 'L2 forward X·W', layout: 'AB', m: 128, k: 256, n: 128 },
  { name: 'L2 ∂W = Xᵀ·G', layout: 'AtB', m: 256, k: 128, n: 128 },
  { name: 'L2 ∂X = G·Wᵀ', layout: 'ABt', m: 128, k: 128, n: 256 },
  { name: 'square 1024³', layout: 'AB', m: 1024, k: 1024, n: 1024 },
];

export const LAYOUT_SYMBOL: Record<Layout, string> = { AB: 'A·B', AtB: 'Aᵀ·B', ABt: 'A·Bᵀ' };

export const caseKey = (c: { m: number; k: number; n: number; layout: string }): string =>
  `${c.m},${c.k},${c.n},${c.layout}`;

/** Each round of a matmul measurement lasts at least this long (best of 3 rounds). */
export const MATMUL_SECONDS = 0.2;

/** Parameters in the optimizer-step benchmark, and elements per array in the triad. */
export const MEMORY_SIZE = 10_000_000;
export const MEMORY_REPS = 5;

/** Bytes moved per element: the triad reads b, c and writes a; Adam reads θ, g, m, v and writes θ, m, v; SGD with momentum reads θ, g, buf and writes θ, buf. */
export const BYTES_PER_ELEMENT = { triad: 12, adam: 28, sgdMomentum: 20, adamTs: 28, sgdMomentumTs: 20 } as const;

export const ROSENBROCK_STEPS = 10_000;
export const ROSENBROCK_START = [-1.5, 2] as const;
