/**
 * Tensor: an n-dimensional array of float32 or float64 values in one flat row-major typed array, with an
 * optional gradient of the same size, and the graph edge to the op that computed it.
 *
 * The ops are methods for reading order (`x.matmul(w).add(b).relu()`), but each is implemented — its
 * forward computation and its local chain rule side by side — in src/autograd/ops/<group>.ts; the methods
 * only delegate. `backward()` is in src/autograd/backward.ts.
 *
 * `data` and `grad` are plain mutable references: a parameter store may point them at views of one
 * flat buffer. Ops read `data` when they run, so replace it only between a forward pass and the next.
 */
import * as arithmetic from '../autograd/ops/arithmetic.js';
import { matmul } from '../autograd/ops/matmul.js';
import * as reduce from '../autograd/ops/reduce.js';
import * as shapeOps from '../autograd/ops/shape.js';
import * as softmaxOps from '../autograd/ops/softmax.js';
import * as unary from '../autograd/ops/unary.js';
import { backward, type BackwardOptions } from '../autograd/backward.js';
import type { GraphNode } from '../autograd/graph.js';
import { InputError } from '../errors.js';
import { flattenNested, toNested, type NestedArray, type NestedInput } from './nested.js';
import { checkShape, formatShape, sizeOf, type Shape } from './shape.js';
import { allocate, checkDType, dtypeOf, type DType, type Storage } from './storage.js';

export type { DType, Storage } from './storage.js';
export type { Shape } from './shape.js';
export type { NestedArray, NestedInput } from './nested.js';

export interface TensorOptions {
  /** Reshape the values to this shape (same number of elements). */
  shape?: Shape;
  /** Element type; by default float32, or the type of a typed array given. */
  dtype?: DType;
  /** Whether backward() should compute this tensor's gradient. */
  requiresGrad?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The values, row-major, `size` long. */
  data: Storage;
  /** ∂L/∂this after backward(), accumulated over calls; null until the first gradient arrives. */
  grad: Storage | null = null;
  requiresGrad: boolean;
  /** The op that computed this tensor, when a graph was recorded (null for leaves). */
  _node: GraphNode | null = null;

  /** Wraps `data` (not copied) as a tensor of `shape`. */
  constructor(data: Storage, shape: Shape, requiresGrad = false) {
    checkShape('Tensor', shape);
    if (data.length !== sizeOf(shape)) {
      throw new InputError(
        `Tensor: ${data.length} values do not fill shape ${formatShape(shape)} (${sizeOf(shape)} elements)`,
      );
    }
    this.shape = Object.freeze([...shape]);
    this.dtype = dtypeOf(data);
    this.data = data;
    this.requiresGrad = requiresGrad;
  }

  // ——— Factories ———

  /** A tensor holding a copy of `values`: a number (shape []), nested arrays, or a typed array (shape [length]). */
  static from(values: NestedInput | Storage, options: TensorOptions = {}): Tensor {
    const dtype = options.dtype ?? (ArrayBuffer.isView(values) ? dtypeOf(values) : 'float32');
    checkDType('Tensor.from', dtype);
    const flat = ArrayBuffer.isView(values) ? { values, shape: [values.length] } : flattenNested(values);
    const shape = options.shape ?? flat.shape;
    checkShape('Tensor.from', shape);
    if (sizeOf(shape) !== flat.values.length) {
      throw new InputError(
        `Tensor.from: ${flat.values.length} values do not fill shape ${formatShape(shape)} (${sizeOf(shape)} elements)`,
      );
    }
    const data = allocate(dtype, flat.values.length);
    data.set(flat.values);
    return new Tensor(data, shape, options.requiresGrad ?? false);
  }

  static zeros(shape: Shape, dtype: DType = 'float32', requiresGrad = false): Tensor {
    checkDType('Tensor.zeros', dtype);
    checkShape('Tensor.zeros', shape);
    return new Tensor(allocate(dtype, sizeOf(shape)), shape, requiresGrad);
  }

  static ones(shape: Shape, dtype: DType = 'float32', requiresGrad = false): Tensor {
    return Tensor.full(shape, 1, dtype, requiresGrad);
  }

  static full(shape: Shape, value: number, dtype: DType = 'float32', requiresGrad = false): Tensor {
    const t = Tensor.zeros(shape, dtype, requiresGrad);
    t.data.fill(value);
    return t;
  }

  static scalar(value: number, dtype: DType = 'float32', requiresGrad = false): Tensor {
    return Tensor.full([], value, dtype, requiresGrad);
  }

  /** Joins tensors of equal shapes except along `axis`. */
  static concat(tensors: readonly Tensor[], axis = 0): Tensor {
    return shapeOps.concat(tensors, axis);
  }

  // ——— Inspection ———

  get size(): number {
    return this.data.length;
  }

  get rank(): number {
    return this.shape.length;
  }

  /** A tensor the user made (not the result of a recorded op); only leaves keep gradients. */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1)
      throw new InputError(`item: the tensor has ${this.size} elements, not 1 (shape ${formatShape(this.shape)})`);
    return this.data[0];
  }

  /** The values as nested arrays (a number for shape []). */
  toArray(): NestedArray {
    return toNested(this.data, this.shape);
  }

  toString(): string {
    return `Tensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  // ——— Graph ———

  /** Computes ∂this/∂leaf for every leaf that requires a gradient, adding it into the leaf's `grad`. */
  backward(gradient?: Tensor, options?: BackwardOptions): void {
    backward(this, gradient, options);
  }

  /** The same values (shared, not copied) cut off from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** Sets the gradient to zero in place (keeping the buffer, which a parameter store may own). */
  zeroGrad(): void {
    this.grad?.fill(0);
  }

  /** A copy of the values; gradients flow back through it. */
  clone(): Tensor {
    return shapeOps.clone(this);
  }

  /** The values converted to `dtype` (this tensor itself if it already has it); gradients flow back converted. */
  to(dtype: DType): Tensor {
    return unary.toDType(this, dtype);
  }

  // ——— Arithmetic (broadcasting) ———

  add(other: Tensor | number): Tensor {
    return arithmetic.add(this, other);
  }

  sub(other: Tensor | number): Tensor {
    return arithmetic.sub(this, other);
  }

  mul(other: Tensor | number): Tensor {
    return arithmetic.mul(this, other);
  }

  div(other: Tensor | number): Tensor {
    return arithmetic.div(this, other);
  }

  // ——— Elementwise functions ———
  // neg, exp, log, sqrt, abs, sin, cos, pow and the activations (relu, leakyRelu, …): one method per row of
  // the table of unary ops, installed below the class.

  // ——— Linear algebra ———

  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }

  // ——— Reductions ———

  sum(axis?: number | readonly number[], keepDims = false): Tensor {
    return reduce.sum(this, axis, keepDims);
  }

  mean(axis?: number | readonly number[], keepDims = false): Tensor {
    return reduce.mean(this, axis, keepDims);
  }

  max(axis?: number, keepDims = false): Tensor {
    return reduce.max(this, axis, keepDims);
  }

  // ——— Shapes ———

  reshape(shape: Shape): Tensor {
    return shapeOps.reshape(this, shape);
  }

  transpose(axes?: readonly number[]): Tensor {
    return shapeOps.transpose(this, axes);
  }

  /** The transpose of a 2-D tensor. */
  t(): Tensor {
    if (this.rank !== 2)
      throw new InputError(`t: needs a 2-D tensor (got shape ${formatShape(this.shape)}); use transpose(axes)`);
    return shapeOps.transpose(this);
  }

  slice(axis: number, start: number, end?: number): Tensor {
    return shapeOps.slice(this, axis, start, end);
  }

  indexSelect(axis: number, indices: Int32Array | readonly number[]): Tensor {
    return shapeOps.indexSelect(this, axis, indices);
  }

  /** The same as indexSelect: whole slices along `axis`, one per index (torch.index_select). */
  gather(axis: number, indices: Int32Array | readonly number[]): Tensor {
    return shapeOps.indexSelect(this, axis, indices);
  }

  // ——— Along an axis ———

  softmax(axis = -1): Tensor {
    return softmaxOps.softmax(this, axis);
  }

  logSoftmax(axis = -1): Tensor {
    return softmaxOps.logSoftmax(this, axis);
  }
}

// The unary ops' methods (x.relu(), x.pow(2), …), one per row of src/kernels/unaryOps.ts: declared by
// merging this interface into the class, defined on the prototype by installUnaryMethods.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface Tensor extends unary.UnaryMethods {}
unary.installUnaryMethods(Tensor);
