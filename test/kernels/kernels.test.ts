/**
 * The non-matmul kernels of each implementation (TypeScript, WebAssembly — which delegates these to
 * TypeScript for now) against direct formulas (broadcast binary ops, axis reductions, softmax family,
 * fused cross-entropy), and setKernels routing every op through a replacement implementation.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { crossEntropy } from '../../src/autograd/ops/losses.js';
import { getKernels, setKernels, type Kernels } from '../../src/kernels/kernels.js';
import { tsKernels } from '../../src/kernels/ts/index.js';
import { Random } from '../../src/tensor/random.js';
import { broadcastStrides } from '../../src/tensor/shape.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { IMPLEMENTATIONS } from './implementations.js';

function normals(n: number, seed: number): Float64Array {
  const values = new Float64Array(n);
  new Random(seed).fillNormal(values);
  return values;
}

for (const kernels of IMPLEMENTATIONS) {
  test(`${kernels.name}: binary with a broadcast layout: [2, 1, 3] − [4, 1] → [2, 4, 3], element by element`, () => {
    const a = normals(6, 1);
    const b = normals(4, 2);
    const shape = [2, 4, 3];
    const out = new Float64Array(24);
    kernels.binary('sub', a, b, out, {
      shape,
      aStrides: broadcastStrides([2, 1, 3], shape),
      bStrides: broadcastStrides([4, 1], shape),
    });
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 4; j++)
        for (let k = 0; k < 3; k++) assert.equal(out[(i * 4 + j) * 3 + k], a[i * 3 + k] - b[j]);
  });

  test(`${kernels.name}: binary may write into one of its operands (how gradients are accumulated)`, () => {
    const g = Float32Array.from([1, 2, 3]);
    kernels.binary('add', g, Float32Array.from([10, 20, 30]), g);
    assert.deepEqual(Array.from(g), [11, 22, 33]);
  });

  test(`${kernels.name}: property: sumAxis and maxAxis equal direct loops over [outer, length, inner]`, () => {
    const size = fc.integer({ min: 1, max: 5 });
    fc.assert(
      fc.property(size, size, size, fc.integer({ min: 0, max: 1e6 }), (outer, length, inner, seed) => {
        const x = normals(outer * length * inner, seed);
        const sums = new Float64Array(outer * inner);
        const maxima = new Float64Array(outer * inner);
        const argmax = new Int32Array(outer * inner);
        kernels.sumAxis(x, outer, length, inner, sums);
        kernels.maxAxis(x, outer, length, inner, maxima, argmax);
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < inner; i++) {
            const line = Array.from({ length }, (_, l) => x[(o * length + l) * inner + i]);
            const at = o * inner + i;
            assert.ok(Math.abs(sums[at] - line.reduce((s, v) => s + v, 0)) < 1e-12);
            assert.equal(maxima[at], Math.max(...line));
            assert.equal(argmax[at], line.indexOf(Math.max(...line)));
          }
        }
        // accumulate adds to what is there
        kernels.sumAxis(x, outer, length, inner, sums, true);
        const twice = new Float64Array(outer * inner);
        kernels.sumAxis(x, outer, length, inner, twice);
        twice.forEach((s, i) => assert.ok(Math.abs(sums[i] - 2 * s) < 1e-12));
      }),
      { numRuns: 100 },
    );
  });

  test(`${kernels.name}: softmax along a strided middle axis equals exp(x)/Σexp(x) per line; logSoftmax equals its log`, () => {
    const [outer, length, inner] = [2, 3, 4];
    const x = normals(outer * length * inner, 3);
    const y = new Float64Array(x.length);
    const logY = new Float64Array(x.length);
    kernels.softmax(x, outer, length, inner, y);
    kernels.logSoftmax(x, outer, length, inner, logY);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const index = (l: number) => (o * length + l) * inner + i;
        const total = [0, 1, 2].reduce((s, l) => s + Math.exp(x[index(l)]), 0);
        for (let l = 0; l < length; l++) {
          assert.ok(Math.abs(y[index(l)] - Math.exp(x[index(l)]) / total) < 1e-15);
          assert.ok(Math.abs(logY[index(l)] - Math.log(Math.exp(x[index(l)]) / total)) < 1e-14);
        }
      }
    }
  });

  test(`${kernels.name}: softmaxCrossEntropy: loss = logΣexp − x[label], gradient = softmax − onehot`, () => {
    const logits = Float64Array.from([1, 2, 3, 0, 0, 0]);
    const losses = new Float64Array(2);
    const gradient = new Float64Array(6);
    kernels.softmaxCrossEntropy(logits, Int32Array.from([2, 1]), 2, 3, losses, gradient);
    const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assert.ok(Math.abs(losses[0] - (Math.log(z) - 3)) < 1e-15);
    assert.ok(Math.abs(losses[1] - Math.log(3)) < 1e-15);
    const expected = [Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z - 1, 1 / 3, 1 / 3 - 1, 1 / 3];
    expected.forEach((e, i) => assert.ok(Math.abs(gradient[i] - e) < 1e-15));
  });
}

test('setKernels routes the ops through another implementation, and returns the previous one', () => {
  const calls: string[] = [];
  const counting = Object.fromEntries(
    Object.entries(tsKernels).map(([name, value]) => [
      name,
      typeof value === 'function'
        ? (...args: unknown[]) => (calls.push(name), (value as (...a: unknown[]) => unknown)(...args))
        : value,
    ]),
  ) as unknown as Kernels;
  const previous = setKernels(counting);
  try {
    assert.equal(previous, tsKernels);
    assert.equal(getKernels(), counting);
    const x = Tensor.from(
      [
        [1, 2],
        [3, 4],
      ],
      { requiresGrad: true },
    );
    crossEntropy(x.matmul(x).add(1).tanh(), [0, 1]).backward();
  } finally {
    setKernels(previous);
  }
  assert.equal(getKernels(), tsKernels);
  for (const name of [
    'matmul',
    'matmulTransposeA',
    'matmulTransposeB',
    'binary',
    'unary',
    'unaryBackward',
    'softmaxCrossEntropy',
    'sumAxis',
  ]) {
    assert.ok(calls.includes(name), `${name} was not called through the kernels`);
  }
});
