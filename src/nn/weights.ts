/**
 * A model's weights as safetensors tensors, under PyTorch's state_dict names and layouts ('0.weight'
 * [out, in], '0.bias', '1.running_mean', …), so that a file written here loads into the equivalent
 * PyTorch model with load_state_dict and a file from PyTorch loads here.
 *
 * The order is state_dict's: for each module depth first, its parameters then its buffers.
 * (BatchNorm's integer num_batches_tracked is not written; PyTorch's loader fills it in when a plain
 * dict lacks it.) Loading is all or nothing: every tensor of the model must be in the file with the
 * same shape, and the file must have no others; otherwise nothing is changed.
 */
import { InputError } from '../errors.js';
import { formatShape, sameShape } from '../tensor/shape.js';
import type { NamedTensor, SafetensorsDType, SafetensorsFile } from '../util/safetensors.js';
import type { Module } from './module.js';

/** Parameters and buffers, in state_dict order, copied; stored as the model's dtype, or as `storeAs` (e.g. 'F16', 'BF16'). */
export function modelToSafetensors(model: Module, storeAs?: SafetensorsDType): Map<string, NamedTensor> {
  const out = new Map<string, NamedTensor>();
  for (const [name, t] of model.namedTensors()) {
    out.set(name, {
      dtype: storeAs ?? (t.dtype === 'float64' ? 'F64' : 'F32'),
      shape: [...t.shape],
      data: t.data.slice(),
    });
  }
  return out;
}

/** Copies every tensor of `file` into the model's tensor of the same name (converting F32/F64/F16/BF16 to the model's dtype). */
export function loadWeights(model: Module, file: SafetensorsFile): void {
  const own = model.namedTensors();
  const names = new Set(own.map(([name]) => name));
  for (const [name, t] of own) {
    const stored = file.tensors.get(name);
    if (stored === undefined)
      throw new InputError(`loadWeights: the file has no tensor '${name}' (the model's is ${formatShape(t.shape)})`);
    if (!sameShape(stored.shape, t.shape)) {
      throw new InputError(
        `loadWeights: tensor '${name}' has shape ${formatShape(stored.shape)} in the file but ${formatShape(t.shape)} in the model`,
      );
    }
  }
  for (const [name, stored] of file.tensors) {
    if (!names.has(name)) {
      throw new InputError(
        `loadWeights: the file's tensor '${name}' (shape ${formatShape(stored.shape)}) is not in the model, whose tensors are ${[...names].join(', ')}`,
      );
    }
  }
  for (const [name, t] of own) t.data.set((file.tensors.get(name) as NamedTensor).data);
}
