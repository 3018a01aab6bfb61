/**
 * A model's weights as one flat copy: every parameter, then every buffer (BatchNorm1d's running
 * statistics), in namedParameters() then namedBuffers() order. fit keeps such copies of the best model and
 * of the last good one, and a checkpoint stores one.
 *
 * The checksum, 32-bit FNV-1a (Fowler, Noll & Vo) over the copy's bytes, ties a training state (JSON) to
 * the weights file saved beside it, so that a pair that does not belong together is detected.
 */
import { InputError } from '../errors.js';
import type { Module } from '../nn/module.js';
import { allocate, type DType, type Storage } from '../tensor/storage.js';
import type { Tensor } from '../tensor/tensor.js';
import type { NamedTensor } from '../util/safetensors.js';

export interface WeightEntry {
  name: string;
  shape: number[];
  /** Where the tensor starts in a snapshot. */
  offset: number;
  size: number;
  /** Read through at each use: a parameter store may have replaced its `data` with a view. */
  tensor: Tensor;
}

export interface WeightLayout {
  entries: WeightEntry[];
  /** Elements in a snapshot. */
  size: number;
  dtype: DType;
}

export function weightLayout(model: Module): WeightLayout {
  const named = [...model.namedParameters(), ...model.namedBuffers()];
  if (named.length === 0) throw new InputError(`${model}: the model has no parameters to train`);
  const dtype = named[0][1].dtype;
  const other = named.find(([, t]) => t.dtype !== dtype);
  if (other !== undefined)
    throw new InputError(
      `${model}: '${other[0]}' is ${other[1].dtype} but '${named[0][0]}' is ${dtype}; convert the model to one dtype`,
    );
  const entries: WeightEntry[] = [];
  let offset = 0;
  for (const [name, tensor] of named) {
    entries.push({ name, shape: [...tensor.shape], offset, size: tensor.size, tensor });
    offset += tensor.size;
  }
  return { entries, size: offset, dtype };
}

/** A copy of the model's current weights (into `into` when given, which must have the layout's size). */
export function captureWeights(layout: WeightLayout, into: Storage = allocate(layout.dtype, layout.size)): Storage {
  for (const { tensor, offset, size } of layout.entries) into.set(tensor.data.subarray(0, size), offset);
  return into;
}

/** Writes a snapshot back into the model's tensors, in place (views into a parameter store stay views). */
export function restoreWeights(layout: WeightLayout, snapshot: Storage): void {
  checkSnapshot(layout, snapshot);
  for (const { tensor, offset, size } of layout.entries) tensor.data.set(snapshot.subarray(offset, offset + size));
}

/** The snapshot as named tensors with PyTorch's names and layouts (views, not copies), for a .safetensors file. */
export function snapshotTensors(layout: WeightLayout, snapshot: Storage): Map<string, NamedTensor> {
  checkSnapshot(layout, snapshot);
  const dtype = layout.dtype === 'float64' ? 'F64' : 'F32';
  const tensors = new Map<string, NamedTensor>();
  for (const { name, shape, offset, size } of layout.entries)
    tensors.set(name, { dtype, shape: [...shape], data: snapshot.subarray(offset, offset + size) });
  return tensors;
}

/** 'fnv1a32:' and eight hex digits, over the snapshot's bytes. */
export function checksum(snapshot: Storage): string {
  const bytes = new Uint8Array(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength);
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return `fnv1a32:${(hash >>> 0).toString(16).padStart(8, '0')}`;
}

function checkSnapshot(layout: WeightLayout, snapshot: Storage): void {
  if (snapshot.length !== layout.size || snapshot instanceof Float64Array !== (layout.dtype === 'float64')) {
    throw new InputError(
      `weights: a snapshot of ${snapshot.length} values does not fit this model (${layout.size} ${layout.dtype} values)`,
    );
  }
}
