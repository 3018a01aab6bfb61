/**
 * Activation functions and their derivatives (PyTorch 1.13 definitions and choices at the kinks):
 *
 *   relu(x)          max(x, 0)                        1 if x > 0, else 0
 *   leakyRelu(x; s)  x if x > 0, else s·x             1 if x > 0, else s        (s = 0.01)
 *   elu(x; α)        x if x > 0, else α(eˣ − 1)       1 if x > 0, else αeˣ      (α = 1)
 *   tanh(x)          (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)            1 − tanh²(x)
 *   sigmoid(x)       σ(x) = 1/(1 + e⁻ˣ)               σ(x)(1 − σ(x))
 *   softplus(x)      log(1 + eˣ); x above 20          σ(x); 1 above 20          (beta = 1, threshold = 20)
 *
 * The loops are the kernels' `unary`/`unaryBackward` (src/kernels/ts/elementwise.ts).
 */
import type { Tensor } from '../../tensor/tensor.js';
import { unaryOp } from './unary.js';

/** max(x, 0); ∂/∂x = 1 for x > 0, else 0 (0 at x = 0). */
export const relu = (x: Tensor): Tensor => unaryOp('relu', x);

/** x for x > 0, else slope·x; ∂/∂x = 1 for x > 0, else slope. */
export function leakyRelu(x: Tensor, slope = 0.01): Tensor {
  return unaryOp('leakyRelu', x, slope);
}

/** x for x > 0, else α(eˣ − 1); ∂/∂x = 1 for x > 0, else αeˣ. */
export function elu(x: Tensor, alpha = 1): Tensor {
  return unaryOp('elu', x, alpha);
}

/** tanh x; ∂/∂x = 1 − tanh²x, from the output. */
export const tanh = (x: Tensor): Tensor => unaryOp('tanh', x);

/** σ(x) = 1/(1 + e⁻ˣ); ∂/∂x = σ(x)(1 − σ(x)), from the output. */
export const sigmoid = (x: Tensor): Tensor => unaryOp('sigmoid', x);

/** log(1 + eˣ), or x where x > 20 (PyTorch's threshold); ∂/∂x = σ(x), or 1 where x > 20. */
export const softplus = (x: Tensor): Tensor => unaryOp('softplus', x);
