/**
 * The engine's tests again with the WebAssembly kernels active: the op tests (gradcheck in float64, where
 * wasm delegates to TypeScript), the MLP tests, and the float32 PyTorch training test (50 steps of
 * Adam/SGD against PyTorch 1.13 to 1e-4, its matmuls in wasm). Every float32 product goes to wasm
 * (minWork 0), and the last test checks that they did.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { getKernels, setKernels, type Kernels } from '../../../src/kernels/kernels.js';
import { createWasmKernels } from '../../../src/kernels/wasm/index.js';

const wasm = createWasmKernels({ minWork: 0 });
let float32Products = 0;
const counting: Kernels = {
  ...wasm,
  matmul: (a, b, c, m, k, n, accumulate) => (
    a instanceof Float32Array && float32Products++,
    wasm.matmul(a, b, c, m, k, n, accumulate)
  ),
  matmulTransposeA: (a, b, c, m, k, n, accumulate) => (
    a instanceof Float32Array && float32Products++,
    wasm.matmulTransposeA(a, b, c, m, k, n, accumulate)
  ),
  matmulTransposeB: (a, b, c, m, k, n, accumulate) => (
    a instanceof Float32Array && float32Products++,
    wasm.matmulTransposeB(a, b, c, m, k, n, accumulate)
  ),
};
setKernels(counting);

// Each file registers its tests on import; they run after this module, with the kernels above active.
await import('../../autograd/ops/activations.test.js');
await import('../../autograd/ops/arithmetic.test.js');
await import('../../autograd/ops/linear.test.js');
await import('../../autograd/ops/losses.test.js');
await import('../../autograd/ops/matmul.test.js');
await import('../../autograd/ops/reduce.test.js');
await import('../../autograd/ops/softmax.test.js');
await import('../../autograd/gradcheck.test.js');
await import('../../autograd/mlp.test.js');
await import('../../nn/layers.test.js');
await import('../../nn/pytorch-training.test.js');

test('the tests above ran on the wasm kernels, with float32 products in WebAssembly', () => {
  assert.equal(getKernels(), counting);
  assert.equal(getKernels().name, 'wasm');
  assert.ok(float32Products > 100, `only ${float32Products} float32 products went through wasm`);
});
