/**
 * The wasm activations (src/kernels/wasm/assembly/activations.ts) against the TypeScript reference: leaky
 * ReLU bit for bit; ELU, tanh and sigmoid (forward) and ELU's backward, computed with the kernel's own
 * double-precision exp / expm1, within one float32 unit in the last place everywhere and bit for bit on
 * the special values (±0, ±∞, NaN, subnormals, saturation) — and how many of 10⁵ random inputs differ at
 * all is counted and bounded. Softmax cross-entropy (losses and gradient) likewise.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { UnaryOp } from '../../../src/kernels/kernels.js';
import { tsKernels } from '../../../src/kernels/ts/index.js';
import { createWasmKernels } from '../../../src/kernels/wasm/index.js';
import { Random } from '../../../src/tensor/random.js';

const wasm = createWasmKernels({ minWork: 0 });
const SPECIAL = [
  0,
  -0,
  Infinity,
  -Infinity,
  NaN,
  1e-40,
  -1e-40,
  1e-30,
  -1e-30,
  3e-9,
  -3e-9,
  1e-5,
  -1e-5,
  0.5,
  -0.5,
  1,
  -1,
  19,
  -19,
  22.5,
  -22.5,
  88,
  -88,
  104,
  -104,
  800,
  -800,
  3e38,
  -3e38,
];

/** Random inputs at several scales (tiny, unit, wide), then the special values. */
function inputs(count: number): Float32Array {
  const random = new Random(5);
  const values = new Float32Array(count + SPECIAL.length);
  random.fillNormal(values.subarray(0, count), 0, 1);
  for (let i = 0; i < count; i++) values[i] *= [1e-6, 1, 4, 40][i % 4];
  values.set(SPECIAL, count);
  return values;
}

/** Distance in float32 units in the last place (0 for equal bits, and for two NaNs). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) && Number.isNaN(b)) return 0;
  const ordered = (x: number): number => {
    const bits = new Int32Array(Float32Array.of(x).buffer)[0];
    return bits < 0 ? -2147483648 - bits : bits;
  };
  return Math.abs(ordered(a) - ordered(b));
}

function compare(name: string, got: Float32Array, expected: Float32Array, specialsFrom: number): number {
  let differing = 0;
  for (let i = 0; i < got.length; i++) {
    const distance = ulps(got[i], expected[i]);
    assert.ok(distance <= 1, `${name}: input ${i} gives ${got[i]} vs ${expected[i]} (${distance} ulps)`);
    if (i >= specialsFrom)
      assert.equal(
        distance,
        0,
        `${name}: special input ${SPECIAL[i - specialsFrom]} gives ${got[i]} vs ${expected[i]}`,
      );
    if (distance !== 0) differing++;
  }
  return differing;
}

const COUNT = 100_000;

for (const [op, param] of [
  ['elu', 1],
  ['elu', 0.3],
  ['tanh', 0],
  ['sigmoid', 0],
] as [UnaryOp, number][]) {
  test(`wasm ${op}${param ? ` (α ${param})` : ''} forward: within 1 float32 ulp of TypeScript's Math-based result, equal on special values`, () => {
    const x = inputs(COUNT);
    const expected = new Float32Array(x.length);
    const got = new Float32Array(x.length);
    tsKernels.unary(op, x, expected, param);
    wasm.unary(op, x, got, param);
    const differing = compare(op, got, expected, COUNT);
    assert.ok(differing <= 10, `${differing} of ${x.length} differ in the last bit`);
  });
}

test('wasm elu backward: within 1 float32 ulp of TypeScript, equal on special values', () => {
  const x = inputs(COUNT);
  const y = new Float32Array(x.length);
  tsKernels.unary('elu', x, y, 0.7);
  const random = new Random(9);
  const g = new Float32Array(x.length);
  random.fillNormal(g, 0, 1);
  const start = new Float32Array(x.length);
  random.fillNormal(start, 0, 1);
  const expected = start.slice();
  const got = start.slice();
  tsKernels.unaryBackward('elu', x, y, g, expected, 0.7);
  wasm.unaryBackward('elu', x, y, g, got, 0.7);
  const differing = compare('elu backward', got, expected, COUNT);
  assert.ok(differing <= 10, `${differing} of ${x.length} differ in the last bit`);
});

test('wasm leaky ReLU forward and backward equal the TypeScript kernels bit for bit', () => {
  const value = fc.oneof(
    fc.float({ noDefaultInfinity: false }),
    fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity),
  );
  fc.assert(
    fc.property(
      fc.array(value, { minLength: 1, maxLength: 41 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (values, slope) => {
        const x = Float32Array.from(values);
        const g = x.map((_, i) => Math.sin(i) * 3);
        const [outTs, outWasm] = [new Float32Array(x.length), new Float32Array(x.length)];
        tsKernels.unary('leakyRelu', x, outTs, slope);
        wasm.unary('leakyRelu', x, outWasm, slope);
        assert.deepEqual(new Uint32Array(outWasm.buffer), new Uint32Array(outTs.buffer));
        const [gxTs, gxWasm] = [g.map((v) => v / 7), g.map((v) => v / 7)];
        tsKernels.unaryBackward('leakyRelu', x, outTs, g, gxTs, slope);
        wasm.unaryBackward('leakyRelu', x, outWasm, g, gxWasm, slope);
        assert.deepEqual(new Uint32Array(gxWasm.buffer), new Uint32Array(gxTs.buffer));
      },
    ),
  );
});

test('wasm softmax cross-entropy: losses and gradient within 1 float32 ulp of the TypeScript reference, rows with ±∞ and NaN alike', () => {
  const random = new Random(13);
  for (const [rows, cols, scale] of [
    [128, 10, 3],
    [37, 7, 30],
    [5, 1, 1],
    [64, 33, 0.01],
  ]) {
    const logits = new Float32Array(rows * cols);
    random.fillNormal(logits, 0, scale);
    if (rows > 3) {
      logits[0] = Infinity; // row 0: +∞ logit (0 loss, NaN gradient where ∞ − ∞)
      logits[cols] = -Infinity; // row 1: a −∞ logit
      logits[2 * cols] = NaN; // row 2: NaN everywhere
    }
    const labels = Int32Array.from({ length: rows }, (_, r) => (r * 7) % cols);
    const [lossesTs, lossesWasm] = [new Float32Array(rows), new Float32Array(rows)];
    const [gradTs, gradWasm] = [new Float32Array(rows * cols), new Float32Array(rows * cols)];
    tsKernels.softmaxCrossEntropy(logits, labels, rows, cols, lossesTs, gradTs);
    wasm.softmaxCrossEntropy(logits, labels, rows, cols, lossesWasm, gradWasm);
    const differing =
      compare(`losses ${rows}×${cols}`, lossesWasm, lossesTs, rows) +
      compare(`gradient ${rows}×${cols}`, gradWasm, gradTs, rows * cols);
    assert.ok(differing <= 2, `${differing} results differ in the last bit`);
  }
});
