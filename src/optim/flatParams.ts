/**
 * All parameters of an optimizer seen as one vector θ = (θ₁, θ₂, …), group after group, in order: the view
 * of the methods that act on the whole vector at once rather than element by element — L-BFGS, gd's line
 * searches, Newton's method and Nesterov's look-ahead. Copies in and out are float64 (float32 parameters
 * are exact in it, and round to float32 on the way back, as an elementwise update of them does).
 */
import type { Param } from './optimizer.js';

export class FlatParams {
  /** The number of values in all parameters together. */
  readonly size: number;
  private readonly groups: readonly (readonly Param[])[];

  constructor(groups: readonly { readonly params: readonly Param[] }[]) {
    this.groups = groups.map((group) => group.params);
    this.size = this.groups.flat().reduce((total, p) => total + p.data.length, 0);
  }

  /**
   * Calls `visit` for each parameter with where its values start in θ, its group's index and its own
   * index over all groups (the index of its optimizer state).
   */
  forEachParam(visit: (param: Param, offset: number, group: number, index: number) => void): void {
    let offset = 0;
    let index = 0;
    this.groups.forEach((params, group) => {
      for (const param of params) {
        visit(param, offset, group, index++);
        offset += param.data.length;
      }
    });
  }

  /** into ← θ. */
  readValues(into: Float64Array): void {
    this.forEachParam(({ data }, offset) => into.set(data, offset));
  }

  /** into ← ∇L(θ), the gradients of all parameters (PyTorch L-BFGS's `flat_grad`). */
  readGradients(into: Float64Array): void {
    this.forEachParam(({ grad }, offset) => into.set(grad, offset));
  }

  /** θ ← x. */
  writeValues(x: Float64Array): void {
    this.forEachParam(({ data }, offset) => data.set(x.subarray(offset, offset + data.length)));
  }

  /**
   * θ ← from + t·d, elementwise as PyTorch's `p.add_(d, alpha=t)`; `from` is θ itself when not given, and
   * `t` may be one number per group. (θ − t·d is the same computation with −t: negation is exact, and
   * IEEE 754 defines a − b as a + (−b).)
   */
  moveAlong(t: number | readonly number[], d: Float64Array, from?: Float64Array): void {
    this.forEachParam(({ data }, offset, group) => {
      const step = typeof t === 'number' ? t : t[group];
      const start = from ?? data;
      const at = from === undefined ? 0 : offset;
      for (let k = 0; k < data.length; k++) data[k] = start[at + k] + step * d[offset + k];
    });
  }
}
