/**
 * Checks shared by the ops on their inputs: one dtype per op (no silent promotion, unlike NumPy, so a
 * float64 gradient check cannot quietly run in float32), and numbers promoted to constant scalars.
 */
import { InputError } from '../../errors.js';
import { allocate } from '../../tensor/storage.js';
import { Tensor } from '../../tensor/tensor.js';

/** Throws an InputError naming `op` and both dtypes unless `a` and `b` have the same dtype. */
export function checkSameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new InputError(
      `${op}: dtypes ${a.dtype} and ${b.dtype} differ; convert one with .to('${a.dtype}') or .to('${b.dtype}')`,
    );
  }
}

/** The two operands of a binary op as tensors of one dtype: a number becomes a constant scalar of `a`'s dtype. */
export function operands(op: string, a: Tensor, b: Tensor | number): [Tensor, Tensor] {
  if (typeof b === 'number') return [a, constant(b, a)];
  if (!(b instanceof Tensor)) throw new InputError(`${op}: the operand must be a Tensor or a number (got ${typeof b})`);
  checkSameDType(op, a, b);
  return [a, b];
}

function constant(value: number, like: Tensor): Tensor {
  const data = allocate(like.dtype, 1);
  data[0] = value;
  return new Tensor(data, []);
}
