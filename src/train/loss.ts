/**
 * The training objectives fit offers, from the rows of a batch as the DataLoader hands them out:
 *
 *   crossEntropy  classification: logits [N, C] against class indices        −log softmax(x)_c
 *   bce           two classes: one logit per row [N, 1] against 0/1 labels    binary cross-entropy from logits
 *   mse           regression: outputs [N, T] against targets [N, T]          (ŷ − y)²
 *                 classes: outputs [N, C] against one-hot labels [N, C]      (the squared loss of
 *                 TensorFlow Playground, where a network's output is regressed on its class)
 *
 * each PyTorch's definition (src/autograd/ops/losses.ts), averaged over the batch's terms for training
 * or summed for evaluation. The batch's inputs and targets are wrapped in tensors without copying when
 * the model is float32 (the dataset's type); a float64 model gets them converted into buffers allocated
 * once. `correct` counts right predictions: the arg-max class, or a positive logit for class 1.
 */
import { binaryCrossEntropyWithLogits, crossEntropy, mseLoss } from '../autograd/ops/losses.js';
import { yWidth, type Dataset } from '../data/dataset.js';
import { InputError } from '../errors.js';
import { show } from '../config/validate.js';
import { allocate, type DType, type Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';

export type LossName = 'crossEntropy' | 'mse' | 'bce';

export const LOSS_NAMES: readonly LossName[] = ['crossEntropy', 'mse', 'bce'];

/** crossEntropy for classification, mse for regression. */
export function defaultLoss(dataset: Dataset): LossName {
  return dataset.task === 'classification' ? 'crossEntropy' : 'mse';
}

/** Throws unless `loss` is a loss name that suits the dataset's task. */
export function checkLoss(loss: unknown, dataset: Dataset): asserts loss is LossName {
  if (!LOSS_NAMES.includes(loss as LossName))
    throw new InputError(`fit: loss must be one of ${LOSS_NAMES.join(', ')} (got ${show(loss)})`);
  if (loss !== 'mse' && dataset.task !== 'classification')
    throw new InputError(`fit: loss '${loss}' needs a classification dataset (this one is for regression; use mse)`);
  if (loss === 'bce' && dataset.classes !== 2)
    throw new InputError(`fit: loss 'bce' needs two classes (this dataset has ${dataset.classes}; use crossEntropy)`);
}

export class BatchObjective {
  private readonly inputScratch: Storage | null;
  private readonly targetScratch: Storage | null;
  /** Target values per example: 1 (a class) or the number of regression targets. */
  private readonly width: number;
  /** Classification: the number of classes (mse regresses on their one-hot vectors); 0 for regression. */
  private readonly classes: number;

  constructor(
    readonly loss: LossName,
    private readonly dtype: DType,
    private readonly features: number,
    maxRows: number,
    dataset: Dataset,
  ) {
    this.width = yWidth(dataset);
    this.classes = dataset.task === 'classification' ? (dataset.classes ?? 2) : 0;
    const convertInputs = dtype !== 'float32';
    this.inputScratch = convertInputs ? allocate(dtype, maxRows * features) : null;
    this.targetScratch =
      loss === 'bce' || (loss === 'mse' && (convertInputs || this.classifies))
        ? allocate(dtype, maxRows * this.targetWidth)
        : null;
  }

  /** Whether the targets are classes (and so accuracy means something). */
  get classifies(): boolean {
    return this.classes > 0;
  }

  /** Loss terms per example, for turning a sum into a mean: a class counts once, unless mse regresses on its one-hot vector. */
  get termsPerRow(): number {
    return this.loss === 'crossEntropy' ? 1 : this.targetWidth;
  }

  /** The width of the tensor a loss compares the output with: the one-hot vector of mse on classes, else y's. */
  private get targetWidth(): number {
    return this.loss === 'mse' && this.classifies ? this.classes : this.width;
  }

  /** The first `rows` rows of `x` as a [rows, features] tensor of the model's dtype. */
  inputs(x: Float32Array, rows: number): Tensor {
    const values = x.subarray(0, rows * this.features);
    if (this.inputScratch === null) return new Tensor(values, [rows, this.features]);
    const out = this.inputScratch.subarray(0, values.length);
    out.set(values);
    return new Tensor(out, [rows, this.features]);
  }

  /** The loss of `output` against the first `rows` rows of `y`: their mean, or their sum. */
  compute(output: Tensor, y: Float32Array | Int32Array, rows: number, reduction: 'mean' | 'sum'): Tensor {
    if (this.loss === 'crossEntropy') return crossEntropy(output, (y as Int32Array).subarray(0, rows), reduction);
    const targets = this.targets(y, rows);
    if (this.loss === 'bce') return binaryCrossEntropyWithLogits(output, targets, reduction);
    return mseLoss(output, targets, reduction);
  }

  /** How many of the first `rows` examples `output` classifies correctly; 0 for regression. */
  correct(output: Tensor, y: Float32Array | Int32Array, rows: number): number {
    if (!this.classifies) return 0;
    const out = output.data;
    if (this.loss === 'bce') {
      let right = 0;
      for (let r = 0; r < rows; r++) if ((out[r] > 0 ? 1 : 0) === y[r]) right++;
      return right;
    }
    const classes = output.shape[1];
    let right = 0;
    for (let r = 0; r < rows; r++) {
      let best = 0;
      for (let c = 1; c < classes; c++) if (out[r * classes + c] > out[r * classes + best]) best = c;
      if (best === y[r]) right++;
    }
    return right;
  }

  /** The targets as a [rows, width] tensor: the labels as 0/1 numbers for bce, one-hot for mse on classes, the values for mse. */
  private targets(y: Float32Array | Int32Array, rows: number): Tensor {
    const width = this.targetWidth;
    const count = rows * width;
    if (this.targetScratch === null) return new Tensor((y as Float32Array).subarray(0, count), [rows, width]);
    const out = this.targetScratch.subarray(0, count);
    if (this.loss === 'mse' && this.classifies) {
      out.fill(0);
      for (let r = 0; r < rows; r++) out[r * width + y[r]] = 1;
    } else {
      for (let i = 0; i < count; i++) out[i] = y[i];
    }
    return new Tensor(out, [rows, width]);
  }
}
