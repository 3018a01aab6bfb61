/**
 * The four arithmetic operators, elementwise with NumPy/PyTorch broadcasting, and their local chain rules:
 *
 *   c = a + b    ∂c/∂a = 1      ∂c/∂b = 1
 *   c = a − b    ∂c/∂a = 1      ∂c/∂b = −1
 *   c = a · b    ∂c/∂a = b      ∂c/∂b = a
 *   c = a / b    ∂c/∂a = 1/b    ∂c/∂b = −a/b² = −c/b
 *
 * A broadcast operand was reused along the axes it was stretched over, so its gradient is summed over
 * them (accumulateGrad does that). A number operand is a constant: it gets no gradient.
 */
import { getKernels, type BinaryOp } from '../../kernels/kernels.js';
import { broadcastShapes, broadcastStrides, sameShape, sizeOf, type Shape } from '../../tensor/shape.js';
import { allocate, dtypeOf, type Storage } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { accumulateGrad } from '../accumulate.js';
import { record } from '../graph.js';
import { operands } from './operands.js';

export function add(a: Tensor, b: Tensor | number): Tensor {
  const [x, y] = operands('add', a, b);
  const out = apply('add', x, y);
  return record('add', out, [x, y], (g) => {
    // ∂(a + b)/∂a = 1, ∂(a + b)/∂b = 1
    accumulateGrad(x, g, out.shape);
    accumulateGrad(y, g, out.shape);
  });
}

export function sub(a: Tensor, b: Tensor | number): Tensor {
  const [x, y] = operands('sub', a, b);
  const out = apply('sub', x, y);
  return record('sub', out, [x, y], (g) => {
    // ∂(a − b)/∂a = 1, ∂(a − b)/∂b = −1
    accumulateGrad(x, g, out.shape);
    if (y.requiresGrad) accumulateGrad(y, negated(g), out.shape);
  });
}

export function mul(a: Tensor, b: Tensor | number): Tensor {
  const [x, y] = operands('mul', a, b);
  const out = apply('mul', x, y);
  return record('mul', out, [x, y], (g) => {
    // ∂(a·b)/∂a = b, ∂(a·b)/∂b = a
    if (x.requiresGrad) accumulateGrad(x, broadcastOp('mul', g, out.shape, y.data, y.shape), out.shape);
    if (y.requiresGrad) accumulateGrad(y, broadcastOp('mul', g, out.shape, x.data, x.shape), out.shape);
  });
}

export function div(a: Tensor, b: Tensor | number): Tensor {
  const [x, y] = operands('div', a, b);
  const out = apply('div', x, y);
  return record('div', out, [x, y], (g) => {
    // ∂(a/b)/∂a = 1/b
    if (x.requiresGrad) accumulateGrad(x, broadcastOp('div', g, out.shape, y.data, y.shape), out.shape);
    // ∂(a/b)/∂b = −a/b² = −(a/b)/b, in PyTorch's order: −g·((a/b)/b)
    if (y.requiresGrad) {
      const cOverB = broadcastOp('div', out.data, out.shape, y.data, y.shape);
      const kernels = getKernels();
      kernels.binary('mul', g, cOverB, cOverB);
      kernels.unary('neg', cOverB, cOverB);
      accumulateGrad(y, cOverB, out.shape);
    }
  });
}

/** The forward pass: a ∘ b as a new tensor of the broadcast shape. */
function apply(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes(a.shape, b.shape, op);
  return new Tensor(broadcastOp(op, a.data, a.shape, b.data, b.shape, shape), shape);
}

/** a ∘ b for flat arrays of shapes aShape and bShape, broadcast to `shape` (computed if not given). */
export function broadcastOp(
  op: BinaryOp,
  a: Storage,
  aShape: Shape,
  b: Storage,
  bShape: Shape,
  shape = broadcastShapes(aShape, bShape, op),
): Storage {
  const out = allocate(dtypeOf(a), sizeOf(shape));
  const layout = sameShape(aShape, bShape)
    ? undefined
    : { shape, aStrides: broadcastStrides(aShape, shape), bStrides: broadcastStrides(bShape, shape) };
  getKernels().binary(op, a, b, out, layout);
  return out;
}

function negated(g: Storage): Storage {
  const out = allocate(dtypeOf(g), g.length);
  getKernels().unary('neg', g, out);
  return out;
}
