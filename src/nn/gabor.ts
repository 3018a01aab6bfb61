/**
 * The Gabor model of UDL §6.1.2 (Figure 6.2; Prince, Understanding Deep Learning, 2023): a 1-D function
 * with two parameters whose least-squares loss has many local minima,
 *
 *   f[x, φ] = sin(φ0 + 0.06·φ1·x) · exp(−(φ0 + 0.06·φ1·x)² / 32).
 *
 * φ is one parameter tensor 'phi' of shape [2], so the flat parameter vector is (φ0, φ1). The input
 * may have any shape (a batch [N] or [N, 1]); the output has the same shape.
 */
import { InputError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import { checkDType } from '../tensor/storage.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { Module } from './module.js';

export interface GaborOptions {
  /** The initial (φ0, φ1); (0, 0) by default. */
  phi?: readonly [number, number];
  dtype?: DType;
}

/**
 * f[x, φ] for any φ of shape [2], differentiable in both x and φ: what the model computes, as a function
 * of its parameters too (for Hessians of the loss in φ, or loss surfaces).
 */
export function gabor(x: Tensor, phi: Tensor): Tensor {
  if (!(x instanceof Tensor) || !(phi instanceof Tensor)) throw new InputError('gabor: x and phi must be Tensors');
  if (phi.rank !== 1 || phi.shape[0] !== 2)
    throw new InputError(`gabor: phi must have shape [2] (got ${formatShape(phi.shape)})`);
  const phi0 = phi.slice(0, 0, 1);
  const phi1 = phi.slice(0, 1, 2);
  const z = phi1.mul(0.06).mul(x).add(phi0);
  return z.sin().mul(z.mul(z).div(-32).exp());
}

export class GaborModel extends Module {
  readonly phi: Tensor;

  constructor({ phi = [0, 0], dtype = 'float32' }: GaborOptions = {}) {
    super();
    checkDType('gaborModel', dtype);
    if (!Array.isArray(phi) || phi.length !== 2 || !phi.every(Number.isFinite)) {
      throw new InputError(`gaborModel: phi must be two finite numbers (got ${JSON.stringify(phi)})`);
    }
    this.phi = this.registerParameter('phi', Tensor.from([...phi], { dtype }));
  }

  forward(x: Tensor): Tensor {
    return gabor(x, this.phi);
  }

  override toString(): string {
    return 'GaborModel';
  }
}
