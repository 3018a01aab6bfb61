/**
 * The kernel interface: the number-crunching loops the autograd ops run on flat typed arrays. Graph code
 * calls only these, so a faster implementation (WebAssembly SIMD) can replace the plain TypeScript one
 * with `setKernels` without touching any op.
 *
 * Conventions shared by every kernel:
 * - Arrays are row-major and contiguous; a matrix "[m×k]" is m rows of k values.
 * - Kernels never allocate; the caller passes the output arrays. Inputs and outputs have the same
 *   element type (all Float32Array or all Float64Array).
 * - `accumulate: true` adds into the output instead of overwriting it (how gradients are summed).
 * - An axis kernel sees its tensor as [outer, length, inner] (see `aroundAxis` in tensor/shape.ts) and
 *   works along the middle dimension, whose elements are `inner` apart.
 */
import type { DType, Storage } from '../tensor/storage.js';
import type { BufferArena, RunArena } from '../tensor/arena.js';
import type { UnaryOp } from './unaryOps.js';

/** Unary maps y = f(x), one per row of the table in unaryOps.ts; `param` is the op's constant (pow's exponent, leakyRelu's slope, elu's alpha). */
export type { UnaryOp };

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/**
 * How a binary op reads operands of different shapes: the output `shape` and, for each operand, its
 * strides over that shape, 0 along broadcast axes (`broadcastStrides` in tensor/shape.ts).
 */
export interface BroadcastLayout {
  shape: readonly number[];
  aStrides: readonly number[];
  bStrides: readonly number[];
}

/** The scalars of one Adam / AdamW step, computed once per step by src/optim/adam.ts (see its formulas). */
export interface AdamStepScalars {
  /** −1 when maximizing, else 1. */
  sign: number;
  /** Weight decay added to the gradient (Adam), 0 for AdamW. */
  l2: number;
  /** 1 − ηλ for AdamW, 1 for Adam. */
  shrink: number;
  /** The weight of the first moment's lerp, w = 1 − β1. */
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** −η / (1 − β1ᵗ). */
  negStepSize: number;
  /** 1 − β2ᵗ and its square root. */
  biasCorrection2: number;
  biasCorrection2Sqrt: number;
  eps: number;
  epsInsideSqrt: boolean;
}

/** The scalars of one SGD step (src/optim/sgd.ts): b ← keep·b + take·g, θ ← θ − η·(nesterov ? g + μb : b). */
export interface SgdStepScalars {
  sign: number;
  weightDecay: number;
  keep: number;
  take: number;
  momentum: number;
  nesterov: boolean;
  lr: number;
}

export interface Kernels {
  readonly name: string;

  /** C[m×n] (+)= A[m×k] · B[k×n]. */
  matmul(a: Storage, b: Storage, c: Storage, m: number, k: number, n: number, accumulate?: boolean): void;
  /** C[m×n] (+)= Aᵀ · B, with A stored as [k×m] and B as [k×n] (the weight gradient Xᵀ·G). */
  matmulTransposeA(a: Storage, b: Storage, c: Storage, m: number, k: number, n: number, accumulate?: boolean): void;
  /** C[m×n] (+)= A · Bᵀ, with A stored as [m×k] and B as [n×k] (the input gradient G·Wᵀ). */
  matmulTransposeB(a: Storage, b: Storage, c: Storage, m: number, k: number, n: number, accumulate?: boolean): void;

  /** out[i] = f(x[i]); `out` may be `x`. */
  unary(op: UnaryOp, x: Storage, out: Storage, param?: number): void;
  /** gx[i] += g[i] · f′(x[i]), given x and y = f(x) (whichever the derivative is cheaper from). */
  unaryBackward(op: UnaryOp, x: Storage, y: Storage, g: Storage, gx: Storage, param?: number): void;
  /**
   * out = a ∘ b elementwise. Without `layout`, a, b and out have the same length; with it, out has
   * `layout.shape` and a, b are read through their broadcast strides. `out` may be `a` or `b` when
   * that operand has the output's shape.
   */
  binary(op: BinaryOp, a: Storage, b: Storage, out: Storage, layout?: BroadcastLayout): void;

  /** out[o, i] (+)= Σ_l x[o, l, i] over [outer, length, inner]; out has outer·inner elements. */
  sumAxis(x: Storage, outer: number, length: number, inner: number, out: Storage, accumulate?: boolean): void;
  /** out[o, i] = max_l x[o, l, i]; argmax[o, i] = the first l that attains it (NaN counts as largest). */
  maxAxis(x: Storage, outer: number, length: number, inner: number, out: Storage, argmax: Int32Array): void;

  /** y = softmax(x) along the middle axis of [outer, length, inner], shifted by the maximum for stability. */
  softmax(x: Storage, outer: number, length: number, inner: number, y: Storage): void;
  /** gx += y ⊙ (g − Σ_l g⊙y), the backward of y = softmax(x). */
  softmaxBackward(y: Storage, g: Storage, outer: number, length: number, inner: number, gx: Storage): void;
  /** y = x − max − log Σ exp(x − max) along the middle axis. */
  logSoftmax(x: Storage, outer: number, length: number, inner: number, y: Storage): void;
  /** gx += g − exp(y)·Σ_l g, the backward of y = logSoftmax(x). */
  logSoftmaxBackward(y: Storage, g: Storage, outer: number, length: number, inner: number, gx: Storage): void;

  /**
   * Cross-entropy of each row of logits [rows×cols] with its class label: losses[r] = −log softmax(x_r)[label_r],
   * and gradient[r, c] = softmax(x_r)[c] − [c = label_r], the gradient of losses[r] with respect to x_r.
   * Labels must be in [0, cols) (the op checks them).
   */
  softmaxCrossEntropy(
    logits: Storage,
    labels: Int32Array,
    rows: number,
    cols: number,
    losses: Storage,
    gradient: Storage,
  ): void;

  /**
   * Optional: an arena for a model's long-lived buffers (parameters, gradients, optimizer state) where
   * this implementation computes on them in place, with room for `buffers` buffers of `length` elements;
   * undefined where plain typed arrays serve as well (see src/tensor/arena.ts).
   */
  createArena?(dtype: DType, buffers: number, length: number): BufferArena | undefined;
  /**
   * Optional: a float32 arena for one training run — its parameters, gradients, optimizer state and
   * every activation of its steps — where this implementation computes without copies (the threaded
   * wasm kernels: the threads' shared heap). Everything in it is given back by close(); undefined where
   * the implementation has none.
   */
  createRunArena?(): RunArena | undefined;
  /**
   * Optional fused optimizer steps: one Adam / AdamW or SGD update of a whole buffer, as the optimizer's
   * own loop computes it (within float32 rounding). They return false, having done nothing, for buffers
   * they cannot update in place; the optimizer then runs its TypeScript loop.
   */
  adamStep?(
    data: Storage,
    grad: Storage,
    m: Storage,
    v: Storage,
    vMax: Storage | undefined,
    s: AdamStepScalars,
  ): boolean;
  sgdStep?(data: Storage, grad: Storage, buf: Storage | undefined, s: SgdStepScalars): boolean;
}
