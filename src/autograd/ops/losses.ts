/**
 * Loss functions, with PyTorch 1.13's definitions, reductions and gradients:
 *
 *   mseLoss(ŷ, y)                      (ŷ − y)²                      ∂/∂ŷ = 2(ŷ − y)
 *   crossEntropy(x, c)                 −log softmax(x)_c             ∂/∂x = softmax(x) − onehot(c)
 *   binaryCrossEntropyWithLogits(x, y) −[y log σ(x) + (1 − y) log(1 − σ(x))]
 *                                      = (1 − y)x + log(1 + e⁻ˣ)    ∂/∂x = σ(x) − y,  ∂/∂y = −x
 *
 * each element- or row-wise, then reduced: 'mean' (the default) divides the sum by the number of terms,
 * so crossEntropy's gradient is (softmax − onehot)/N; 'sum' adds them; 'none' keeps them all.
 *
 * crossEntropy is fused (log-softmax and the label lookup in one kernel) and stable: it works with
 * x − max x and log Σ exp(x − max x), never exp(x) itself, so logits of 1000 are fine.
 */
import { InputError } from '../../errors.js';
import { getKernels } from '../../kernels/kernels.js';
import { formatShape, sameShape } from '../../tensor/shape.js';
import { allocate } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';
import { gradOf } from '../accumulate.js';
import { record } from '../graph.js';
import { mul, sub } from './arithmetic.js';
import { checkSameDType } from './operands.js';
import { mean, sum } from './reduce.js';

export type Reduction = 'mean' | 'sum' | 'none';

/** Mean squared error (torch.nn.functional.mse_loss); prediction and target must have the same shape. */
export function mseLoss(prediction: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkPair('mseLoss', prediction, target);
  // Composed from sub and mul, whose rules give ∂/∂ŷ = 2(ŷ − y) (and −2(ŷ − y) for a target that needs it).
  const difference = sub(prediction, target);
  return reduce('mseLoss', mul(difference, difference), reduction);
}

/**
 * Cross-entropy of logits [N, C] against class indices (torch.nn.functional.cross_entropy with integer
 * targets): per row, −log softmax(logits)[label]. Every label must be an integer in [0, C).
 */
export function crossEntropy(
  logits: Tensor,
  labels: Int32Array | readonly number[],
  reduction: Reduction = 'mean',
): Tensor {
  if (logits.rank !== 2)
    throw new InputError(`crossEntropy: logits must be [N, C] (got shape ${formatShape(logits.shape)})`);
  const [rows, cols] = logits.shape;
  if (labels.length !== rows)
    throw new InputError(
      `crossEntropy: ${labels.length} labels for ${rows} rows of logits (shape ${formatShape(logits.shape)})`,
    );
  labels.forEach((label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= cols) {
      throw new InputError(`crossEntropy: label ${label} at index ${i} is out of range [0, ${cols})`);
    }
  });
  checkReduction('crossEntropy', reduction);
  const losses = new Tensor(allocate(logits.dtype, rows), [rows]);
  const softmaxMinusOnehot = allocate(logits.dtype, rows * cols);
  // Labels are read only here (the backward keeps softmax − onehot), so an Int32Array is used as it is.
  getKernels().softmaxCrossEntropy(
    logits.data,
    labels instanceof Int32Array ? labels : Int32Array.from(labels),
    rows,
    cols,
    losses.data,
    softmaxMinusOnehot,
  );
  const perRow = record('crossEntropy', losses, [logits], (g) => {
    // ∂lossᵣ/∂xᵣ = softmax(xᵣ) − onehot(labelᵣ), scaled by the gradient of row r's loss.
    const gx = gradOf(logits);
    for (let r = 0; r < rows; r++) {
      for (let c = r * cols; c < (r + 1) * cols; c++) gx[c] += g[r] * softmaxMinusOnehot[c];
    }
  });
  return reduce('crossEntropy', perRow, reduction);
}

/**
 * Binary cross-entropy of logits against targets in [0, 1] (torch.nn.functional.binary_cross_entropy_with_logits),
 * in PyTorch's stable form: with m = max(−x, 0),
 *   loss = (1 − y)·x + m + log(e⁻ᵐ + e⁻ˣ⁻ᵐ)   (= (1 − y)x + log(1 + e⁻ˣ), without overflow for large |x|).
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, targets: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkPair('binaryCrossEntropyWithLogits', logits, targets);
  checkReduction('binaryCrossEntropyWithLogits', reduction);
  const x = logits.data;
  const y = targets.data;
  const out = new Tensor(allocate(logits.dtype, logits.size), logits.shape);
  for (let i = 0; i < x.length; i++) {
    const m = Math.max(-x[i], 0);
    out.data[i] = (1 - y[i]) * x[i] + m + Math.log(Math.exp(-m) + Math.exp(-x[i] - m));
  }
  const elementwise = record('binaryCrossEntropyWithLogits', out, [logits, targets], (g) => {
    // ∂loss/∂x = σ(x) − y
    if (logits.requiresGrad) {
      const gx = gradOf(logits);
      for (let i = 0; i < x.length; i++) gx[i] += (1 / (1 + Math.exp(-x[i])) - y[i]) * g[i];
    }
    // ∂loss/∂y = −x
    if (targets.requiresGrad) {
      const gy = gradOf(targets);
      for (let i = 0; i < x.length; i++) gy[i] -= g[i] * x[i];
    }
  });
  return reduce('binaryCrossEntropyWithLogits', elementwise, reduction);
}

function reduce(op: string, losses: Tensor, reduction: Reduction): Tensor {
  checkReduction(op, reduction);
  if (reduction === 'mean') return mean(losses);
  if (reduction === 'sum') return sum(losses);
  return losses;
}

function checkReduction(op: string, reduction: unknown): void {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new InputError(`${op}: reduction must be 'mean', 'sum' or 'none' (got ${JSON.stringify(reduction)})`);
  }
}

function checkPair(op: string, input: Tensor, target: Tensor): void {
  if (!(target instanceof Tensor)) throw new InputError(`${op}: the target must be a Tensor`);
  checkSameDType(op, input, target);
  if (!sameShape(input.shape, target.shape)) {
    throw new InputError(
      `${op}: the input has shape ${formatShape(input.shape)} but the target has shape ${formatShape(target.shape)} (they must match)`,
    );
  }
}
