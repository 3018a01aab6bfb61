/**
 * Penalties on the size of the weights, added to the loss (UDL §9.1):
 *
 *   l1Penalty(params, λ) = λ·Σ|w|     ∂/∂w = λ·sign(w)   (0 at w = 0, as PyTorch's abs)   (lasso)
 *   l2Penalty(params, λ) = λ·Σw²      ∂/∂w = 2λ·w                                          (ridge, Tikhonov)
 *
 * summed over every element of the given tensors. Convention: the L2 penalty is λ·Σw² WITHOUT the
 * factor ½, so its gradient is 2λw; weight decay in SGD (PyTorch's `weight_decay`, which adds wd·w to
 * the gradient) with wd = 2λ is the same update as this penalty with λ. (Adam's weight decay is also
 * wd·w added to the gradient; AdamW's decoupled decay is not a penalty at all.)
 *
 * Each penalty is one fused op over all the tensors: no per-tensor |w| or w² arrays.
 */
import { gradOf } from '../autograd/accumulate.js';
import { record } from '../autograd/graph.js';
import { InputError } from '../errors.js';
import { allocate } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';

export function l1Penalty(params: readonly Tensor[], lambda: number): Tensor {
  return penalty('l1Penalty', params, lambda, Math.abs, Math.sign);
}

export function l2Penalty(params: readonly Tensor[], lambda: number): Tensor {
  return penalty(
    'l2Penalty',
    params,
    lambda,
    (w) => w * w,
    (w) => 2 * w,
  );
}

/** λ·Σ f(w) over every element of `params`, with ∂/∂w = λ·f′(w). A scalar of the tensors' dtype. */
function penalty(
  op: string,
  params: readonly Tensor[],
  lambda: number,
  f: (w: number) => number,
  derivative: (w: number) => number,
): Tensor {
  if (typeof lambda !== 'number' || !(lambda >= 0 && Number.isFinite(lambda)))
    throw new InputError(`${op}: lambda must be finite and >= 0 (got ${lambda})`);
  if (!Array.isArray(params) || !params.every((p) => p instanceof Tensor))
    throw new InputError(`${op}: params must be an array of Tensors`);
  const dtype = params.length > 0 ? params[0].dtype : 'float32';
  const other = params.find((p) => p.dtype !== dtype);
  if (other !== undefined) throw new InputError(`${op}: the tensors mix dtypes ${dtype} and ${other.dtype}`);
  let sum = 0;
  for (const p of params) for (let i = 0; i < p.size; i++) sum += f(p.data[i]);
  const out = new Tensor(allocate(dtype, 1), []);
  out.data[0] = lambda * sum;
  return record(op, out, params, (g) => {
    const scale = lambda * g[0];
    for (const p of params) {
      if (!p.requiresGrad) continue;
      const gp = gradOf(p);
      for (let i = 0; i < p.size; i++) gp[i] += scale * derivative(p.data[i]);
    }
  });
}
