/**
 * The unary ops as autograd ops and Tensor methods, one per row of the table in src/kernels/unaryOps.ts
 * (where each op's forward loop sits next to its derivative's): y = f(x) elementwise, recording
 * ∂L/∂x += ∂L/∂y · f′(x) as the backward step. `x.relu()`, `x.leakyRelu(0.2)`, `x.pow(3)` are installed
 * on Tensor from that table; an op with a constant takes it as the method's argument, PyTorch's default
 * where it has one.
 */
import { InputError } from '../../errors.js';
import { getKernels } from '../../kernels/kernels.js';
import { unaryOpNames, unaryOpRow, type UnaryOp, type unaryOps } from '../../kernels/unaryOps.js';
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

/** A row's method: its constant optional where PyTorch has a default (leakyRelu), required where not (pow). */
type MethodOf<Row> = Row extends { param: { default: number } }
  ? (param?: number) => Tensor
  : Row extends { param: object }
    ? (param: number) => Tensor
    : () => Tensor;

/** Tensor's methods for the unary ops: `relu(): Tensor`, `leakyRelu(slope?: number): Tensor`, … */
export type UnaryMethods = { [Op in UnaryOp]: MethodOf<(typeof unaryOps)[Op]> };

/**
 * Puts a method per op on Tensor's prototype (tensor.ts calls this once, right after the class). A function
 * declaration, so that it can run while this module and tensor.ts are still loading each other.
 */
export function installUnaryMethods(tensor: { prototype: object }): void {
  for (const op of unaryOpNames) {
    const fallback = unaryOpRow(op).param?.default;
    Object.defineProperty(tensor.prototype, op, {
      value(this: Tensor, param?: number): Tensor {
        return unaryOp(op, this, param ?? fallback);
      },
      writable: true,
      configurable: true,
    });
  }
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
export function mapUnary(
  op: string,
  x: Tensor,
  f: (v: number) => number,
  derivative: (v: number, y: number) => number,
): Tensor {
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
  if (a.size !== b.size || a.dtype !== b.dtype)
    throw new InputError(`${op}: both operands must have one shape and dtype`);
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
