/**
 * The WebAssembly elementwise kernels (src/kernels/wasm/assembly/activations.ts, softmax.ts) against the
 * TypeScript reference (src/kernels/ts/), whose Math.exp / Math.expm1 / Math.tanh they replace: ns per
 * element over 10⁶ float32 (wasm including its copies in and out), µs per softmax cross-entropy of the MLP's
 * 128×10 logits, and how many results differ from the reference at all.
 *
 *   npx tsx bench/elementwise.ts
 *
 * Inputs: normal samples at four scales (×10⁻⁶, ×1, ×4, ×40), so that every branch of the formulas runs.
 * Each time is the best of five rounds after a warm-up.
 */
import type { Kernels, UnaryOp } from '../src/kernels/kernels.js';
import { tsKernels } from '../src/kernels/ts/index.js';
import { createWasmKernels } from '../src/kernels/wasm/index.js';
import { Random } from '../src/tensor/random.js';
import { bestSeconds } from './lib/timing.js';

const wasm = createWasmKernels({ minWork: 0 });
const N = 1_000_000;
const ROUNDS = 5;
const bestMs = (run: () => void): number => 1000 * bestSeconds(run, ROUNDS);

function differing(a: Float32Array, b: Float32Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) count++;
  return count;
}

const x = new Float32Array(N);
new Random(5).fillNormal(x, 0, 1);
for (let i = 0; i < N; i++) x[i] *= [1e-6, 1, 4, 40][i % 4];
const g = new Float32Array(N);
new Random(6).fillNormal(g, 0, 1);

console.log(
  `elementwise kernels over ${N} float32: ns per element (best of ${ROUNDS}), results differing from the reference\n`,
);
console.log(
  `${'kernel'.padEnd(22)} ${'wasm'.padStart(6)} ${'ts'.padStart(6)} ${'ts/wasm'.padStart(8)} ${'differing'.padStart(10)}`,
);
const row = (name: string, run: (k: Kernels, out: Float32Array) => void, start?: Float32Array): void => {
  const [fromWasm, fromTs] = [new Float32Array(N), new Float32Array(N)];
  const prepare = (out: Float32Array) => (start === undefined ? undefined : out.set(start));
  const wasmMs = bestMs(() => (prepare(fromWasm), run(wasm, fromWasm)));
  const tsMs = bestMs(() => (prepare(fromTs), run(tsKernels, fromTs)));
  console.log(
    `${name.padEnd(22)} ${((wasmMs * 1e6) / N).toFixed(2).padStart(6)} ${((tsMs * 1e6) / N).toFixed(2).padStart(6)} ${(tsMs / wasmMs).toFixed(1).padStart(7)}× ${String(differing(fromWasm, fromTs)).padStart(10)}`,
  );
};
for (const [op, param] of [
  ['tanh', 0],
  ['sigmoid', 0],
  ['elu', 1],
  ['leakyRelu', 0.01],
  ['relu', 0],
] as [UnaryOp, number][]) {
  row(`${op} forward`, (k, out) => k.unary(op, x, out, param));
}
const y = new Float32Array(N);
for (const [op, param] of [
  ['elu', 1],
  ['leakyRelu', 0.01],
  ['relu', 0],
] as [UnaryOp, number][]) {
  tsKernels.unary(op, x, y, param);
  row(`${op} backward`, (k, out) => k.unaryBackward(op, x, y, g, out, param), g);
}

const rows = 128,
  cols = 10,
  calls = 2000;
const logits = new Float32Array(rows * cols);
const labels = Int32Array.from({ length: rows }, (_, r) => r % cols);
const [lossesWasm, lossesTs] = [new Float32Array(rows), new Float32Array(rows)];
const [gradWasm, gradTs] = [new Float32Array(rows * cols), new Float32Array(rows * cols)];
const samples = new Random(4);
let changed = 0;
for (let batch = 0; batch < 200; batch++) {
  samples.fillNormal(logits, 0, 5);
  wasm.softmaxCrossEntropy(logits, labels, rows, cols, lossesWasm, gradWasm);
  tsKernels.softmaxCrossEntropy(logits, labels, rows, cols, lossesTs, gradTs);
  changed += differing(lossesWasm, lossesTs) + differing(gradWasm, gradTs);
}
const perCall = (k: Kernels): number =>
  (bestMs(() => {
    for (let i = 0; i < calls; i++) k.softmaxCrossEntropy(logits, labels, rows, cols, lossesWasm, gradWasm);
  }) *
    1000) /
  calls;
const [wasmUs, tsUs] = [perCall(wasm), perCall(tsKernels)];
console.log(
  `\nsoftmax cross-entropy ${rows}×${cols}: wasm ${wasmUs.toFixed(1)} µs, ts ${tsUs.toFixed(1)} µs a call (${(tsUs / wasmUs).toFixed(1)}×); ` +
    `${changed} of ${200 * rows * (cols + 1)} results of 200 random batches differ from the reference`,
);
