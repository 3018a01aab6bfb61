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
import { InputError } from '../../errors.js';
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

/**
 * y = f(x) elementwise for a function the kernels do not have (a formula's asinh, cbrt, …), with its
 * derivative as a number function of x and y: ∂L/∂x = ∂L/∂y · f′(x, y).
 */
export function mapUnary(op: string, x: Tensor, f: (v: number) => number, derivative: (v: number, y: number) => number): Tensor {
  const out = new Tensor(allocate(x.dtype, x.size), x.shape);
  const [xs, ys] = [x.data, out.data];
  for (let i = 0; i < xs.length; i++) ys[i] = f(xs[i]);
  return record(op, out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < xs.length; i++) gx[i] += g[i] * derivative(xs[i], ys[i]);
  });
}

/**
 * z = f(a, b) elementwise on two tensors of one shape (a formula's atan2, hypot), with its partial
 * derivatives: ∂L/∂a = ∂L/∂z · ∂f/∂a(a, b, z), ∂L/∂b = ∂L/∂z · ∂f/∂b(a, b, z).
 */
export function mapBinary(
  op: string,
  a: Tensor,
  b: Tensor,
  f: (u: number, v: number) => number,
  partials: [(u: number, v: number, z: number) => number, (u: number, v: number, z: number) => number],
): Tensor {
  if (a.size !== b.size || a.dtype !== b.dtype) throw new InputError(`${op}: both operands must have one shape and dtype`);
  const out = new Tensor(allocate(a.dtype, a.size), a.shape);
  const [as, bs, zs] = [a.data, b.data, out.data];
  for (let i = 0; i < zs.length; i++) zs[i] = f(as[i], bs[i]);
  return record(op, out, [a, b], (g) => {
    if (a.requiresGrad) {
      const ga = gradOf(a);
      for (let i = 0; i < zs.length; i++) ga[i] += g[i] * partials[0](as[i], bs[i], zs[i]);
    }
    if (b.requiresGrad) {
      const gb = gradOf(b);
      for (let i = 0; i < zs.length; i++) gb[i] += g[i] * partials[1](as[i], bs[i], zs[i]);
    }
  });
}
