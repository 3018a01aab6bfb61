/** Tensors for the autograd tests: seeded random inputs, and a gradcheck that fails with its report. */
import assert from 'node:assert/strict';
import { gradcheck, type GradcheckOptions } from '../../src/autograd/gradcheck.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor, type DType } from '../../src/tensor/tensor.js';
import { sizeOf } from '../../src/tensor/shape.js';

/** A float64 (by default) tensor of N(0, 1) values × scale + shift, requiring a gradient. */
export function randn(
  shape: number[],
  seed: number,
  { scale = 1, shift = 0, dtype = 'float64' as DType } = {},
): Tensor {
  const values = new Float64Array(sizeOf(shape));
  new Random(seed).fillNormal(values, shift, scale);
  return Tensor.from(values, { shape, dtype, requiresGrad: true });
}

/** Asserts that gradcheck passes, printing the worst element when it does not. */
export function assertGradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  options?: GradcheckOptions,
): void {
  const result = gradcheck(fn, inputs, options);
  assert.ok(result.ok, `gradcheck failed: max error ${result.maxError}, worst ${JSON.stringify(result.worst)}`);
}
