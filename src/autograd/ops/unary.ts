/**
 * Elementwise functions y = f(x) and their derivatives, ∂L/∂x = ∂L/∂y · f′(x):
 *
 *   −x      −1                 eˣ      eˣ (= y, reused)
 *   xᵖ      p·xᵖ⁻¹ (0 if p = 0)  log x   1/x
 *   √x      1/(2√x) = 1/(2y)    |x|     sign(x) (0 at 0, as PyTorch)
 *   sin x   cos x               cos x   −sin x
 *
 * The loops for f and f′ are the kernels' `unary` and `unaryBackward` (src/kernels/ts/elementwise.ts,
 * where each formula sits next to its loop); the activations (activations.ts) go through the same path.
 */
import { getKernels, type UnaryOp } from '../../kernels/kernels.js';
import { allocate, checkDType, type DType } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { gradOf } from '../accumulate.js';
import { record } from '../graph.js';

/** y = f(x) elementwise, recording ∂L/∂x += ∂L/∂y · f′(x) as the backward step. */
export function unaryOp(op: UnaryOp, x: Tensor, param?: number): Tensor {
  const out = new Tensor(allocate(x.dtype, x.size), x.shape);
  getKernels().unary(op, x.data, out.data, param);
  return record(op, out, [x], (g) => getKernels().unaryBackward(op, x.data, out.data, g, gradOf(x), param));
}

/** −x; ∂/∂x = −1. */
export const neg = (x: Tensor): Tensor => unaryOp('neg', x);

/** eˣ; ∂/∂x = eˣ. */
export const exp = (x: Tensor): Tensor => unaryOp('exp', x);

/** Natural logarithm; ∂/∂x = 1/x. */
export const log = (x: Tensor): Tensor => unaryOp('log', x);

/** √x; ∂/∂x = 1/(2√x). */
export const sqrt = (x: Tensor): Tensor => unaryOp('sqrt', x);

/** |x|; ∂/∂x = sign(x), 0 at 0. */
export const abs = (x: Tensor): Tensor => unaryOp('abs', x);

/** sin x; ∂/∂x = cos x. */
export const sin = (x: Tensor): Tensor => unaryOp('sin', x);

/** cos x; ∂/∂x = −sin x. */
export const cos = (x: Tensor): Tensor => unaryOp('cos', x);

/** xᵖ for a constant exponent p; ∂/∂x = p·xᵖ⁻¹ (and 0 for p = 0, as PyTorch). */
export function pow(x: Tensor, exponent: number): Tensor {
  return unaryOp('pow', x, exponent);
}

/** The values converted to `dtype`; ∂/∂x = 1, so the gradient flows back converted to x's dtype. */
export function toDType(x: Tensor, dtype: DType): Tensor {
  checkDType('to', dtype);
  if (dtype === x.dtype) return x;
  const out = new Tensor(allocate(dtype, x.size), x.shape);
  out.data.set(x.data);
  return record('to', out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < gx.length; i++) gx[i] += g[i];
  });
}
