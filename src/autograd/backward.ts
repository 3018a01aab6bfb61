/**
 * Reverse-mode automatic differentiation (backpropagation), as in micrograd's `Value.backward`:
 *
 *   1. Sort the graph below the output topologically, so every tensor comes after its inputs.
 *   2. Seed ∂L/∂L = 1 (or the given gradient) and walk the order backwards; each node's backward step
 *      adds its inputs' shares of the gradient (the chain rule: ∂L/∂x = Σ over uses of ∂L/∂y · ∂y/∂x).
 *
 * Because a node runs only after every tensor that uses it has run, its gradient is complete when its
 * step reads it. Leaves (tensors made by the user with requiresGrad) keep their gradients, which
 * accumulate over calls as in PyTorch; intermediate gradients are dropped once used. Unless
 * `retainGraph` is set, each node's step and inputs are released as it runs, so the graph cannot be
 * walked again (PyTorch frees saved tensors the same way).
 */
import { InputError } from '../errors.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { gradOf } from './accumulate.js';

export interface BackwardOptions {
  /** Keep the graph so that backward can run through it again (gradients then add up). */
  retainGraph?: boolean;
}

export function backward(output: Tensor, gradient?: Tensor, { retainGraph = false }: BackwardOptions = {}): void {
  if (!output.requiresGrad) {
    throw new InputError(
      'backward: this tensor does not require a gradient (no input had requiresGrad: true, or it was computed inside noGrad)',
    );
  }
  const order = topologicalOrder(output);
  for (const node of order) if (node._node !== null) node.grad = null; // intermediate gradients start from zero
  seed(output, gradient);
  for (let i = order.length - 1; i >= 0; i--) {
    const tensor = order[i];
    const node = tensor._node;
    if (node === null) continue; // a leaf: its .grad is the result
    if (tensor.grad !== null && node.backward !== null) node.backward(tensor.grad);
    tensor.grad = null;
    if (!retainGraph) {
      node.backward = null;
      node.inputs = [];
    }
  }
}

/** ∂L/∂L: ones for a scalar output, otherwise the gradient the caller gives (PyTorch's rule). */
function seed(output: Tensor, gradient: Tensor | undefined): void {
  if (gradient === undefined && output.size !== 1) {
    throw new InputError(
      `backward: a gradient can be created implicitly only for a scalar output (got shape ${formatShape(output.shape)}); pass one of the same shape`,
    );
  }
  if (gradient !== undefined && !sameShape(gradient.shape, output.shape)) {
    throw new InputError(
      `backward: the gradient has shape ${formatShape(gradient.shape)} but the output has shape ${formatShape(output.shape)}`,
    );
  }
  const grad = gradOf(output);
  for (let i = 0; i < grad.length; i++) grad[i] += gradient === undefined ? 1 : gradient.data[i];
}

/**
 * The tensors that `output` depends on through tensors requiring gradients, each after all of its
 * inputs (depth-first post-order, with an explicit stack so that graphs thousands of ops deep do not
 * overflow the call stack). Throws if the walk reaches a node freed by an earlier backward.
 */
export function topologicalOrder(output: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([output]);
  const stack: { tensor: Tensor; next: number }[] = [{ tensor: output, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const node = top.tensor._node;
    if (node !== null && node.backward === null) {
      throw new InputError(
        `backward: the graph through '${node.op}' was freed by an earlier backward(); recompute the forward pass, or pass { retainGraph: true } to the first backward`,
      );
    }
    const inputs = node === null ? [] : node.inputs;
    if (top.next < inputs.length) {
      const input = inputs[top.next++];
      if (input.requiresGrad && !visited.has(input)) {
        visited.add(input);
        stack.push({ tensor: input, next: 0 });
      }
    } else {
      order.push(top.tensor);
      stack.pop();
    }
  }
  return order;
}
