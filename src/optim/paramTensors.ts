/**
 * The tensors of a Param as an optimizer that treats a matrix as a matrix (adafactor, muon) sees them:
 * their places and shapes when the Param was packed from a model's tensors, else the whole buffer as one
 * vector.
 */
import type { Param, ParamTensor } from '../tensor/storage.js';

export function paramTensors(param: Param): readonly ParamTensor[] {
  return param.tensors ?? [{ offset: 0, size: param.data.length, shape: [param.data.length] }];
}

/** [batch, rows, cols] of a tensor of rank ≥ 2: its last two dimensions and the product of the others. */
export function matrixShape(shape: readonly number[]): [number, number, number] {
  const rows = shape[shape.length - 2];
  const cols = shape[shape.length - 1];
  return [shape.slice(0, -2).reduce((a, b) => a * b, 1), rows, cols];
}
