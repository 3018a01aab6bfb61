/**
 * The affine map of a linear layer, fused into one op (torch.nn.functional.linear):
 *
 *   Y = X·Wᵀ + b          X [N, in], W [out, in] (PyTorch's layout), b [out], Y [N, out]
 *
 *   ∂L/∂X = ∂L/∂Y · W      [N×out]·[out×in]             (matmul)
 *   ∂L/∂W = (∂L/∂Y)ᵀ · X   [out×N]·[N×in]               (matmulTransposeA)
 *   ∂L/∂b = Σₙ ∂L/∂Y[n, ·] the column sums of ∂L/∂Y      (sumAxis)
 *
 * (Y[n, o] = Σᵢ X[n, i] W[o, i] + b[o], so ∂Y[n, o]/∂X[n, i] = W[o, i], ∂Y[n, o]/∂W[o, i] = X[n, i] and
 * ∂Y[n, o]/∂b[o] = 1.) One op instead of transpose + matmul + add saves the transposed copy of W, the
 * intermediate X·Wᵀ and its broadcast-add, in the forward and the backward pass.
 *
 * The rows of Y start as b and the products are accumulated onto them, so each output is rounded once
 * (the kernels sum in double precision). X may have any leading axes, [..., in] → [..., out], as
 * PyTorch's; a 1-D X is one row.
 */
import { InputError } from '../../errors.js';
import { getKernels } from '../../kernels/kernels.js';
import { formatShape, sizeOf } from '../../tensor/shape.js';
import { allocate } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { gradOf } from '../accumulate.js';
import { record } from '../graph.js';
import { checkSameDType } from './operands.js';

export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  checkOperands(x, weight, bias);
  const [outFeatures, inFeatures] = weight.shape;
  const rows = sizeOf(x.shape.slice(0, -1));
  const out = new Tensor(allocate(x.dtype, rows * outFeatures), [...x.shape.slice(0, -1), outFeatures]);
  const kernels = getKernels();
  if (bias !== null) for (let r = 0; r < rows; r++) out.data.set(bias.data, r * outFeatures);
  kernels.matmulTransposeB(x.data, weight.data, out.data, rows, inFeatures, outFeatures, bias !== null);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record('linear', out, inputs, (g) => {
    if (x.requiresGrad) kernels.matmul(g, weight.data, gradOf(x), rows, outFeatures, inFeatures, true);
    if (weight.requiresGrad) kernels.matmulTransposeA(g, x.data, gradOf(weight), outFeatures, rows, inFeatures, true);
    if (bias !== null && bias.requiresGrad) kernels.sumAxis(g, 1, rows, outFeatures, gradOf(bias), true);
  });
}

function checkOperands(x: Tensor, weight: Tensor, bias: Tensor | null): void {
  if (!(x instanceof Tensor) || !(weight instanceof Tensor))
    throw new InputError('linear: the input and the weight must be Tensors');
  if (weight.rank !== 2)
    throw new InputError(`linear: the weight must be [out, in] (got shape ${formatShape(weight.shape)})`);
  checkSameDType('linear', x, weight);
  const [outFeatures, inFeatures] = weight.shape;
  if (x.rank === 0 || x.shape[x.rank - 1] !== inFeatures) {
    throw new InputError(
      `linear: the input of shape ${formatShape(x.shape)} does not fit the weight of shape ${formatShape(weight.shape)} (its last axis must have ${inFeatures} features)`,
    );
  }
  if (bias === null) return;
  if (!(bias instanceof Tensor)) throw new InputError('linear: the bias must be a Tensor or null');
  checkSameDType('linear', x, bias);
  if (bias.rank !== 1 || bias.shape[0] !== outFeatures) {
    throw new InputError(
      `linear: the bias must have shape [${outFeatures}] for a weight of shape ${formatShape(weight.shape)} (got ${formatShape(bias.shape)})`,
    );
  }
}
