/**
 * Softmax and log-softmax along one axis, and their gradients (y = the output):
 *
 *   softmax      yᵢ = exp(xᵢ) / Σⱼ exp(xⱼ)      ∂L/∂x = y ⊙ (∂L/∂y − Σⱼ yⱼ ∂L/∂yⱼ)
 *   logSoftmax   yᵢ = xᵢ − log Σⱼ exp(xⱼ)        ∂L/∂x = ∂L/∂y − softmax(x) · Σⱼ ∂L/∂yⱼ
 *
 * from ∂softmaxᵢ/∂xⱼ = softmaxᵢ([i = j] − softmaxⱼ). Both shift by the maximum first, so large inputs
 * do not overflow (src/kernels/ts/softmax.ts). For a classification loss use crossEntropy (losses.ts),
 * which fuses log-softmax with the label lookup.
 */
import { getKernels } from '../../kernels/kernels.js';
import { aroundAxis, normalizeAxis } from '../../tensor/shape.js';
import { allocate } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { gradOf } from '../accumulate.js';
import { record } from '../graph.js';

export function softmax(x: Tensor, axis = -1): Tensor {
  const { outer, length, inner } = aroundAxis(x.shape, normalizeAxis('softmax', axis, x.rank));
  const out = new Tensor(allocate(x.dtype, x.size), x.shape);
  getKernels().softmax(x.data, outer, length, inner, out.data);
  return record('softmax', out, [x], (g) => {
    // ∂L/∂x = y ⊙ (g − Σ g⊙y) along the axis
    getKernels().softmaxBackward(out.data, g, outer, length, inner, gradOf(x));
  });
}

export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const { outer, length, inner } = aroundAxis(x.shape, normalizeAxis('logSoftmax', axis, x.rank));
  const out = new Tensor(allocate(x.dtype, x.size), x.shape);
  getKernels().logSoftmax(x.data, outer, length, inner, out.data);
  return record('logSoftmax', out, [x], (g) => {
    // ∂L/∂x = g − exp(y)·Σ g along the axis
    getKernels().logSoftmaxBackward(out.data, g, outer, length, inner, gradOf(x));
  });
}
