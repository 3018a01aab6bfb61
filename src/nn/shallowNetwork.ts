/**
 * The shallow neural network of UDL eq. 3.1 (Prince, Understanding Deep Learning, 2023): one input, three
 * hidden units with activation a (ReLU), one output, ten parameters,
 *
 *   y = φ0 + φ1·a[θ10 + θ11·x] + φ2·a[θ20 + θ21·x] + φ3·a[θ30 + θ31·x].
 *
 * The parameters are 'phi' [4] = (φ0, φ1, φ2, φ3) and 'theta' [3, 2] = ((θ10, θ11), (θ20, θ21),
 * (θ30, θ31)), so the flat parameter vector lists them in the book's order. The input is a batch of
 * scalars, [N] or [N, 1]; the output has the same shape. By default the parameters start as PyTorch
 * would start Linear(1, 3) and Linear(3, 1): θ from U(−1, 1), φ from U(−1/√3, 1/√3).
 */
import { InputError } from '../errors.js';
import { Random } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import { checkDType } from '../tensor/storage.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import { activation as activationLayer } from './activations.js';
import { uniform } from './init.js';
import { Module } from './module.js';

export interface ShallowNetworkOptions {
  /** (φ0, φ1, φ2, φ3). */
  phi?: readonly number[];
  /** ((θ10, θ11), (θ20, θ21), (θ30, θ31)). */
  theta?: readonly (readonly number[])[];
  /** The hidden units' activation a, by name ('relu' by default, as eq. 3.1). */
  activation?: string;
  dtype?: DType;
  /** Draws the parameters not given; a generator seeded with 0 when not given. */
  random?: Random;
}

export class ShallowNetwork extends Module {
  readonly phi: Tensor;
  readonly theta: Tensor;
  private readonly activation: Module;

  constructor({
    phi,
    theta,
    activation = 'relu',
    dtype = 'float32',
    random = new Random(0),
  }: ShallowNetworkOptions = {}) {
    super();
    checkDType('shallowNetwork', dtype);
    this.activation = activationLayer(activation);
    this.phi = this.registerParameter('phi', Tensor.zeros([4], dtype));
    this.theta = this.registerParameter('theta', Tensor.zeros([3, 2], dtype));
    if (phi === undefined) uniform(this.phi, random, -1 / Math.sqrt(3), 1 / Math.sqrt(3));
    else this.phi.data.set(checkValues('phi', phi, 4));
    if (theta === undefined) uniform(this.theta, random, -1, 1);
    else this.theta.data.set(thetaValues(theta));
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor) || !(x.rank === 1 || (x.rank === 2 && x.shape[1] === 1))) {
      throw new InputError(
        `shallowNetwork: the input must be a batch of scalars, [N] or [N, 1] (got ${x instanceof Tensor ? `shape ${formatShape(x.shape)}` : typeof x})`,
      );
    }
    const column = x.reshape([-1, 1]);
    const offsets = this.theta.slice(1, 0, 1).reshape([3]); // θi0
    const slopes = this.theta.slice(1, 1, 2).reshape([3]); // θi1
    const hidden = this.activation.forward(column.mul(slopes).add(offsets)); // [N, 3]: a[θi0 + θi1·x]
    const weights = this.phi.slice(0, 1, 4).reshape([3, 1]); // φ1, φ2, φ3
    const y = hidden.matmul(weights).add(this.phi.slice(0, 0, 1)); // [N, 1]
    return y.reshape(x.shape);
  }

  override toString(): string {
    return 'ShallowNetwork';
  }
}

function thetaValues(theta: readonly (readonly number[])[]): readonly number[] {
  if (!Array.isArray(theta) || theta.length !== 3 || !theta.every((row) => Array.isArray(row) && row.length === 2)) {
    throw new InputError(
      `shallowNetwork: theta must be three pairs [[θ10, θ11], [θ20, θ21], [θ30, θ31]] (got ${JSON.stringify(theta)})`,
    );
  }
  return checkValues('theta', theta.flat(), 6);
}

function checkValues(name: string, values: readonly number[], count: number): readonly number[] {
  if (values.length !== count || !values.every(Number.isFinite)) {
    throw new InputError(`shallowNetwork: ${name} must hold ${count} finite numbers (got ${JSON.stringify(values)})`);
  }
  return values;
}
