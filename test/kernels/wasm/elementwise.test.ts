import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tsKernels } from '../../../src/kernels/ts/index.js';
import { createWasmKernels } from '../../../src/kernels/wasm/index.js';

const wasm = createWasmKernels({ minWork: 0 });
// Signs at random, with the special values whose handling differs between max-like formulas: ±0, NaN, ±∞.
const value = fc.oneof(fc.float({ noDefaultInfinity: false }), fc.constantFrom(0, -0, Number.NaN, Infinity, -Infinity));
const floats = (min: number, max: number) =>
  fc.array(value, { minLength: min, maxLength: max }).map((v) => Float32Array.from(v));

test('wasm relu and its backward equal the TypeScript kernels bit for bit (NaN, ±0, ragged lengths)', () => {
  fc.assert(
    fc.property(floats(1, 41), fc.integer(), (x, seed) => {
      const g = x.map((_, i) => Math.sin(seed + i));
      const outTs = new Float32Array(x.length);
      const outWasm = new Float32Array(x.length);
      tsKernels.unary('relu', x, outTs);
      wasm.unary('relu', x, outWasm);
      assert.deepEqual(new Uint32Array(outWasm.buffer), new Uint32Array(outTs.buffer));
      const gxTs = g.map((v) => v / 3);
      const gxWasm = gxTs.slice();
      tsKernels.unaryBackward('relu', x, outTs, g, gxTs);
      wasm.unaryBackward('relu', x, outWasm, g, gxWasm);
      assert.deepEqual(new Uint32Array(gxWasm.buffer), new Uint32Array(gxTs.buffer));
    }),
  );
});

test('wasm column sums (sumAxis with outer = 1) equal the TypeScript kernel bit for bit, overwriting and accumulating', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 9 }),
      fc.integer({ min: 2, max: 13 }),
      fc.boolean(),
      fc.integer(),
      (rows, cols, accumulate, seed) => {
        const x = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(seed + 7 * i) * 1e3);
        const start = Float32Array.from({ length: cols }, (_, j) => Math.cos(seed + j));
        const outTs = start.slice();
        const outWasm = start.slice();
        tsKernels.sumAxis(x, 1, rows, cols, outTs, accumulate);
        wasm.sumAxis(x, 1, rows, cols, outWasm, accumulate);
        assert.deepEqual(new Uint32Array(outWasm.buffer), new Uint32Array(outTs.buffer));
      },
    ),
  );
});
