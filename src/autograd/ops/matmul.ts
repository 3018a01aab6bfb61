/**
 * Matrix product C = A·B, C[i, j] = Σ_p A[i, p] B[p, j], and its gradients:
 *
 *   ∂L/∂A = ∂L/∂C · Bᵀ        ∂L/∂B = Aᵀ · ∂L/∂C
 *
 * (∂C[i, j]/∂A[i, p] = B[p, j], so ∂L/∂A[i, p] = Σ_j ∂L/∂C[i, j] B[p, j], a row of ∂L/∂C dotted with a
 * row of B; likewise for B.) These are the kernels' A·Bᵀ and Aᵀ·B layouts, accumulating straight into
 * the gradient buffers, so no transposed copy is ever made.
 *
 * Shapes as torch.matmul: [m, k]·[k, n] → [m, n]; batched [..., m, k]·[..., k, n] → [..., m, n] with the
 * batch axes broadcast (a shared [k, n] weight against a [batch, m, k] input is the common case: its
 * gradient sums over the batch, which accumulating into one buffer does); a 1-D operand is a row
 * (left) or column (right) vector whose axis is dropped from the result.
 */
import { InputError } from '../../errors.js';
import { getKernels } from '../../kernels/kernels.js';
import { broadcastShapes, broadcastStrides, formatShape, sizeOf } from '../../tensor/shape.js';
import { allocate } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { gradOf } from '../accumulate.js';
import { record } from '../graph.js';
import { checkSameDType } from './operands.js';
import { reshape } from './shape.js';

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(b instanceof Tensor)) throw new InputError(`matmul: the operand must be a Tensor (got ${typeof b})`);
  checkSameDType('matmul', a, b);
  if (a.rank === 0 || b.rank === 0) {
    throw new InputError(
      `matmul: needs tensors of at least 1 dimension (got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)})`,
    );
  }
  if (a.rank > 1 && b.rank > 1) return matrixProduct(a, b, a, b);
  // Vectors: a 1-D left operand is a 1×k row, a 1-D right operand a k×1 column; the added axes are
  // dropped from the result (as torch.matmul), so a vector · vector is a scalar.
  const row = a.rank === 1 ? reshape(a, [1, a.shape[0]]) : a;
  const column = b.rank === 1 ? reshape(b, [b.shape[0], 1]) : b;
  const c = matrixProduct(row, column, a, b);
  const [m, n] = c.shape.slice(-2);
  return reshape(c, [...c.shape.slice(0, -2), ...(a.rank === 1 ? [] : [m]), ...(b.rank === 1 ? [] : [n])]);
}

/** The product of operands of rank ≥ 2; `original*` are the shapes the user gave, for error messages. */
function matrixProduct(a: Tensor, b: Tensor, originalA: Tensor, originalB: Tensor): Tensor {
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  if (k !== k2) {
    throw new InputError(
      `matmul: shapes ${formatShape(originalA.shape)} and ${formatShape(originalB.shape)} do not align (${k} ≠ ${k2})`,
    );
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2), 'matmul (batch axes)');
  const batches = batchOffsets(a.shape.slice(0, -2), b.shape.slice(0, -2), batch, m * k, k * n);
  const out = new Tensor(allocate(a.dtype, sizeOf(batch) * m * n), [...batch, m, n]);
  const kernels = getKernels();
  for (const [t, aAt, bAt] of batches) {
    kernels.matmul(
      a.data.subarray(aAt, aAt + m * k),
      b.data.subarray(bAt, bAt + k * n),
      out.data.subarray(t * m * n, (t + 1) * m * n),
      m,
      k,
      n,
    );
  }
  return record('matmul', out, [a, b], (g) => {
    for (const [t, aAt, bAt] of batches) {
      const gc = g.subarray(t * m * n, (t + 1) * m * n);
      // ∂L/∂A = ∂L/∂C · Bᵀ: [m×n]·[n×k], B stored [k×n]
      if (a.requiresGrad)
        kernels.matmulTransposeB(
          gc,
          b.data.subarray(bAt, bAt + k * n),
          gradOf(a).subarray(aAt, aAt + m * k),
          m,
          n,
          k,
          true,
        );
      // ∂L/∂B = Aᵀ · ∂L/∂C: [k×m]·[m×n], A stored [m×k]
      if (b.requiresGrad)
        kernels.matmulTransposeA(
          a.data.subarray(aAt, aAt + m * k),
          gc,
          gradOf(b).subarray(bAt, bAt + k * n),
          k,
          m,
          n,
          true,
        );
    }
  });
}

function batchOffsets(
  aBatch: readonly number[],
  bBatch: readonly number[],
  batch: readonly number[],
  aMatrix: number,
  bMatrix: number,
): [number, number, number][] {
  const aStrides = broadcastStrides(aBatch, batch);
  const bStrides = broadcastStrides(bBatch, batch);
  const offsets: [number, number, number][] = [];
  for (let t = 0; t < sizeOf(batch); t++) {
    let rest = t;
    let aAt = 0;
    let bAt = 0;
    for (let axis = batch.length - 1; axis >= 0; axis--) {
      const index = rest % batch[axis];
      rest = (rest - index) / batch[axis];
      aAt += index * aStrides[axis];
      bAt += index * bStrides[axis];
    }
    offsets.push([t, aAt * aMatrix, bAt * bMatrix]);
  }
  return offsets;
}
