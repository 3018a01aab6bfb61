/**
 * One flat buffer for all of a model's parameters, and one for their gradients: each parameter tensor's
 * `data` and `grad` become views (subarrays) of them, in namedParameters() order. Then
 *
 * - an optimizer steps the whole model as ONE Param, in one fused loop per step;
 * - zeroing every gradient is one fill;
 * - a checkpoint or a copy of the best weights is one buffer (`store.data.slice()`).
 *
 * The views share memory with the flat buffers: writing `store.data` changes the tensors and backward()
 * writes straight into `store.grad`. The values (and any gradients) are copied in, so packing does not
 * change what the model computes. Pack before creating the optimizer, and do not replace a parameter's
 * `data` or `grad` afterwards.
 */
import { InputError } from '../errors.js';
import type { Param } from '../tensor/storage.js';
import type { BufferArena } from '../tensor/arena.js';
import { kernelsInUse } from '../kernels/selected.js';
import { allocate, type Storage } from '../tensor/storage.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Module } from './module.js';

export interface ParameterEntry {
  name: string;
  /** Where the parameter starts in the flat buffers. */
  offset: number;
  size: number;
  shape: number[];
}

export interface ParameterStore {
  data: Storage;
  grad: Storage;
  /** The flat buffers as one optimizer parameter: `createOptimizer([store.param], spec)`. */
  param: Param;
  entries: ParameterEntry[];
  /** Each tensor's `data` as packed (its view of `data`), in entries order. */
  views: Storage[];
  /** Sets every gradient to zero (one fill). */
  zeroGrad(): void;
}

/** Values, gradients, and room for three state buffers (Adam with AMSGrad, centered RMSprop with momentum). */
const ARENA_BUFFERS = 5;

/**
 * Packs the model's parameters (see above) into `arena` when given (a training run's, which fit closes
 * at its end after packing again without it), else into an arena of the kernels where they have one.
 */
export function packParameters(model: Module, arena?: BufferArena): ParameterStore {
  return packTensors(model.namedParameters(), arena);
}

/** The last store each tensor was packed into, so that packing the same tensors again reuses it. */
const storeOf = new WeakMap<Tensor, ParameterStore>();

/**
 * The tensors as ONE optimizer parameter (what `adam(model.parameters())` steps): the store they were
 * last packed into when they are still exactly its views, in order (no copy: a model packed by fit or
 * packParameters stays where it is), else a new store they are packed into.
 */
export function paramOfTensors(tensors: readonly Tensor[]): Param {
  const store = tensors.length > 0 ? storeOf.get(tensors[0]) : undefined;
  const current =
    store !== undefined &&
    store.entries.length === tensors.length &&
    store.views.every((view, i) => tensors[i].data === view);
  return current ? store.param : packTensors(tensors.map((t, i) => [String(i), t])).param;
}

function packTensors(named: [string, Tensor][], arena?: BufferArena): ParameterStore {
  const dtypes = new Set(named.map(([, t]) => t.dtype));
  if (dtypes.size > 1) {
    throw new InputError(
      `packParameters: the parameters mix dtypes (${named.map(([name, t]) => `${name}: ${t.dtype}`).join(', ')}); convert the model to one dtype`,
    );
  }
  const dtype = named.length > 0 ? named[0][1].dtype : 'float32';
  const total = named.reduce((sum, [, t]) => sum + t.size, 0);
  // In an arena of the kernels where they have one: values, gradients and the optimizer's state buffers
  // (zerosLike puts those beside the values) side by side, for fused optimizer steps without copies.
  const home = arena?.dtype === dtype ? arena : kernelsInUse()?.createArena?.(dtype, ARENA_BUFFERS, total);
  const data = home?.allocate(total) ?? allocate(dtype, total);
  const grad = home?.allocate(total) ?? allocate(dtype, total);
  const entries: ParameterEntry[] = [];
  const views: Storage[] = [];
  let offset = 0;
  for (const [name, tensor] of named) {
    const size = tensor.size;
    data.set(tensor.data, offset);
    if (tensor.grad !== null) grad.set(tensor.grad, offset);
    tensor.data = data.subarray(offset, offset + size);
    tensor.grad = grad.subarray(offset, offset + size);
    views.push(tensor.data);
    entries.push({ name, offset, size, shape: [...tensor.shape] });
    offset += size;
  }
  const store: ParameterStore = {
    data,
    grad,
    param: { data, grad, tensors: entries },
    entries,
    views,
    zeroGrad: () => grad.fill(0),
  };
  for (const [, tensor] of named) storeOf.set(tensor, store);
  return store;
}
