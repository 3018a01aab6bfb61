/**
 * Batch normalisation over a batch of feature vectors (Ioffe & Szegedy, 2015; torch.nn.BatchNorm1d with
 * affine weights and running statistics), for input [N, C]:
 *
 *   training:    μ = (1/N) Σₙ xₙ,   σ² = (1/N) Σₙ (xₙ − μ)²   (the biased variance, per feature)
 *                y = γ·(x − μ)/√(σ² + ε) + β
 *                running_mean ← (1 − m)·running_mean + m·μ
 *                running_var  ← (1 − m)·running_var  + m·σ²·N/(N − 1)   (the UNBIASED variance, as PyTorch)
 *   evaluation:  y = γ·(x − running_mean)/√(running_var + ε) + β
 *
 * with m = momentum (0.1) and ε = eps (1e-5). The backward pass in training mode, with x̂ = (x − μ)/s,
 * s = √(σ² + ε), and g = ∂L/∂y (μ and σ² depend on every xₙ of the batch):
 *
 *   ∂L/∂β = Σₙ g       ∂L/∂γ = Σₙ g·x̂
 *   ∂L/∂x = (γ/s)·(g − (1/N)Σₙ g − x̂·(1/N)Σₙ g·x̂)
 *
 * computed as PyTorch's CPU kernel computes it (batch_norm_backward_cpu_template): with
 * dot = Σ (x − μ)·g and k = dot/(s²N), ∂L/∂x = (g − Σg/N − (x − μ)·k)·γ/s. The statistics are summed
 * in double precision, as PyTorch's CPU kernel accumulates float32 in double.
 *
 * In evaluation the statistics are constants: ∂L/∂x = g·γ/s, ∂L/∂γ = Σ g·x̂, ∂L/∂β = Σ g.
 */
import { gradOf } from '../autograd/accumulate.js';
import { record } from '../autograd/graph.js';
import { InputError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import { allocate, checkDType, type Storage } from '../tensor/storage.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { Module } from './module.js';

export interface BatchNormOptions {
  /** Weight of the newest batch in the running statistics, in [0, 1]. */
  momentum?: number;
  /** Added to the variance before the square root, > 0. */
  eps?: number;
  dtype?: DType;
}

/** Per-feature statistics of one forward pass: the mean used and 1/√(var + ε). */
interface Statistics {
  mean: Float64Array;
  invStd: Float64Array;
}

export class BatchNorm1d extends Module {
  /** Not readonly: updateBatchNorm (src/train/updateBatchNorm.ts) sets a cumulative average's 1/k per batch. */
  momentum: number;
  readonly eps: number;
  /** γ, initialised to 1. */
  readonly weight: Tensor;
  /** β, initialised to 0. */
  readonly bias: Tensor;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;

  constructor(
    readonly features: number,
    { momentum = 0.1, eps = 1e-5, dtype = 'float32' }: BatchNormOptions = {},
  ) {
    super();
    if (!Number.isInteger(features) || features < 1)
      throw new InputError(`BatchNorm1d: features must be an integer >= 1 (got ${features})`);
    if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1))
      throw new InputError(`BatchNorm1d: momentum must be in [0, 1] (got ${momentum})`);
    if (typeof eps !== 'number' || !(eps > 0 && Number.isFinite(eps)))
      throw new InputError(`BatchNorm1d: eps must be > 0 (got ${eps})`);
    checkDType('BatchNorm1d', dtype);
    this.momentum = momentum;
    this.eps = eps;
    this.weight = this.registerParameter('weight', Tensor.ones([features], dtype));
    this.bias = this.registerParameter('bias', Tensor.zeros([features], dtype));
    this.runningMean = this.registerBuffer('running_mean', Tensor.zeros([features], dtype));
    this.runningVar = this.registerBuffer('running_var', Tensor.ones([features], dtype));
  }

  forward(x: Tensor): Tensor {
    this.checkInput(x);
    const [n, c] = x.shape;
    if (!this.training) return this.normalize(x, this.evaluationStatistics(), false);
    if (n < 2)
      throw new InputError(
        `${this}: training needs more than 1 value per feature (got input of shape ${formatShape(x.shape)}); use eval() for single examples`,
      );
    const { mean, squares } = batchMoments(x.data, n, c);
    // PyTorch updates the running statistics on every training-mode forward pass, inside no_grad too.
    this.updateRunningStatistics(mean, squares, n);
    const invStd = perFeature(c);
    for (let j = 0; j < c; j++) invStd[j] = 1 / Math.sqrt(squares[j] / n + this.eps);
    return this.normalize(x, { mean, invStd }, true);
  }

  override toString(): string {
    return `BatchNorm1d(${this.features})`;
  }

  private checkInput(x: Tensor): void {
    if (!(x instanceof Tensor) || x.rank !== 2 || x.shape[1] !== this.features) {
      const got = x instanceof Tensor ? `shape ${formatShape(x.shape)}` : typeof x;
      throw new InputError(`${this}: the input must be [N, ${this.features}] (got ${got})`);
    }
    if (x.dtype !== this.weight.dtype) {
      throw new InputError(
        `${this}: the input is ${x.dtype} but the layer is ${this.weight.dtype}; convert one with .to('${this.weight.dtype}')`,
      );
    }
  }

  private evaluationStatistics(): Statistics {
    const mean = Float64Array.from(this.runningMean.data);
    const invStd = Float64Array.from(this.runningVar.data, (v) => 1 / Math.sqrt(v + this.eps));
    return { mean, invStd };
  }

  /** running ← m·batch + (1 − m)·running, PyTorch's order of operations, with the unbiased batch variance. */
  private updateRunningStatistics(mean: Float64Array, squares: Float64Array, n: number): void {
    const m = this.momentum;
    const runningMean = this.runningMean.data;
    const runningVar = this.runningVar.data;
    for (let j = 0; j < mean.length; j++) {
      runningMean[j] = m * mean[j] + (1 - m) * runningMean[j];
      runningVar[j] = m * (squares[j] / (n - 1)) + (1 - m) * runningVar[j];
    }
  }

  /** y = (x − mean)·invStd·γ + β, recording the backward step (batch statistics depend on x when `batch`). */
  private normalize(x: Tensor, { mean, invStd }: Statistics, batch: boolean): Tensor {
    const [n, c] = x.shape;
    const gamma = this.weight;
    const beta = this.bias;
    const out = new Tensor(allocate(x.dtype, x.size), x.shape);
    // y = x·α + b with α = invStd·γ and b = β − mean·α, as PyTorch's batch_norm_cpu_transform_input.
    const alpha = perFeature(c);
    const shift = perFeature(c);
    for (let j = 0; j < c; j++) {
      alpha[j] = invStd[j] * gamma.data[j];
      shift[j] = beta.data[j] - mean[j] * alpha[j];
    }
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < c; j++) out.data[r * c + j] = x.data[r * c + j] * alpha[j] + shift[j];
    }
    return record('batchNorm1d', out, [x, gamma, beta], (g) => backwardStep(x, gamma, beta, g, mean, invStd, batch));
  }
}

/** Per feature: the batch mean and Σₙ (xₙ − μ)², summed in double precision. */
function batchMoments(x: Storage, n: number, c: number): { mean: Float64Array; squares: Float64Array } {
  const mean = perFeature(c);
  for (let r = 0; r < n; r++) for (let j = 0; j < c; j++) mean[j] += x[r * c + j];
  for (let j = 0; j < c; j++) mean[j] /= n;
  const squares = perFeature(c);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < c; j++) {
      const d = x[r * c + j] - mean[j];
      squares[j] += d * d;
    }
  }
  return { mean, squares };
}

function backwardStep(
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  g: Storage,
  mean: Float64Array,
  invStd: Float64Array,
  batch: boolean,
): void {
  const [n, c] = x.shape;
  // Σₙ g and Σₙ (x − μ)·g per feature.
  const sumG = perFeature(c);
  const dot = perFeature(c);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < c; j++) {
      const gi = g[r * c + j];
      sumG[j] += gi;
      dot[j] += (x.data[r * c + j] - mean[j]) * gi;
    }
  }
  if (gamma.requiresGrad) {
    const gg = gradOf(gamma);
    for (let j = 0; j < c; j++) gg[j] += dot[j] * invStd[j];
  }
  if (beta.requiresGrad) {
    const gb = gradOf(beta);
    for (let j = 0; j < c; j++) gb[j] += sumG[j];
  }
  if (!x.requiresGrad) return;
  const gx = gradOf(x);
  const w = gamma.data;
  if (!batch) {
    for (let r = 0; r < n; r++) for (let j = 0; j < c; j++) gx[r * c + j] += g[r * c + j] * invStd[j] * w[j];
    return;
  }
  const k = perFeature(c);
  const gradMean = perFeature(c);
  for (let j = 0; j < c; j++) {
    k[j] = (dot[j] * invStd[j] * invStd[j]) / n;
    gradMean[j] = sumG[j] / n;
  }
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < c; j++) {
      const i = r * c + j;
      const dx = (x.data[i] - mean[j]) * k[j];
      gx[i] += (g[i] - gradMean[j] - dx) * invStd[j] * w[j];
    }
  }
}

/**
 * A zeroed float64 array of per-feature sums: from `allocate`, so that inside a training step's storage
 * scope it is one of the step's reused arrays (src/tensor/storagePool.ts) rather than a new one.
 */
function perFeature(c: number): Float64Array {
  return allocate('float64', c) as Float64Array;
}
