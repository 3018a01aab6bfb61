/**
 * Linear: y = x·Wᵀ + b (torch.nn.Linear), with the weight W stored [out, in] as PyTorch stores it and
 * the forward pass one fused op (src/autograd/ops/linear.ts).
 *
 * Initialisation: PyTorch's default (`pytorchDefault`: W and b from U(−1/√in, 1/√in)), or a named
 * initialiser for W with b = 0 (the usual pairing for Xavier/Kaiming), or a function of your own.
 */
import { linear } from '../autograd/ops/linear.js';
import { InputError } from '../errors.js';
import { Random } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import { checkDType } from '../tensor/storage.js';
import { Tensor, type DType } from '../tensor/tensor.js';
import {
  calculateGain,
  kaimingNormal,
  kaimingUniform,
  pytorchDefault,
  xavierNormal,
  xavierUniform,
  type Nonlinearity,
} from './init.js';
import { Module } from './module.js';

export type InitName = 'pytorch' | 'xavierUniform' | 'xavierNormal' | 'kaimingUniform' | 'kaimingNormal';
export type LinearInit = (weight: Tensor, bias: Tensor | null, random: Random) => void;

export interface LinearOptions {
  bias?: boolean;
  dtype?: DType;
  /** The source of the initial values; a generator seeded with 0 when not given. */
  random?: Random;
  /** 'pytorch' (the default), a named initialiser for the weight (bias 0), or a function. */
  init?: InitName | LinearInit;
  /** The activation that follows, for the gain of the Xavier and Kaiming initialisers (default 'relu' for Kaiming, 'linear' for Xavier). */
  nonlinearity?: Nonlinearity;
}

export const INIT_NAMES: readonly InitName[] = [
  'pytorch',
  'xavierUniform',
  'xavierNormal',
  'kaimingUniform',
  'kaimingNormal',
];

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    { bias = true, dtype = 'float32', random = new Random(0), init = 'pytorch', nonlinearity }: LinearOptions = {},
  ) {
    super();
    checkFeatures('inFeatures', inFeatures);
    checkFeatures('outFeatures', outFeatures);
    checkDType('Linear', dtype);
    this.weight = this.registerParameter('weight', Tensor.zeros([outFeatures, inFeatures], dtype));
    this.bias = bias ? this.registerParameter('bias', Tensor.zeros([outFeatures], dtype)) : null;
    initializer(init, nonlinearity)(this.weight, this.bias, random);
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor) || x.rank === 0 || x.shape[x.rank - 1] !== this.inFeatures) {
      const got = x instanceof Tensor ? `shape ${formatShape(x.shape)}` : typeof x;
      throw new InputError(`${this}: the input must have ${this.inFeatures} features on its last axis (got ${got})`);
    }
    if (x.dtype !== this.weight.dtype) {
      throw new InputError(
        `${this}: the input is ${x.dtype} but the layer is ${this.weight.dtype}; convert one with .to('${this.weight.dtype}')`,
      );
    }
    return linear(x, this.weight, this.bias);
  }

  override toString(): string {
    return `Linear(${this.inFeatures} → ${this.outFeatures}${this.bias === null ? ', no bias' : ''})`;
  }
}

function checkFeatures(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new InputError(`Linear: ${name} must be an integer >= 1 (got ${value})`);
}

function initializer(init: InitName | LinearInit, nonlinearity: Nonlinearity | undefined): LinearInit {
  if (typeof init === 'function') return init;
  const zeroBias =
    (fill: (weight: Tensor, random: Random) => void): LinearInit =>
    (weight, bias, random) => {
      fill(weight, random);
      bias?.data.fill(0);
    };
  switch (init) {
    case 'pytorch':
      return pytorchDefault;
    case 'xavierUniform':
      return zeroBias((w, r) => xavierUniform(w, r, calculateGain(nonlinearity ?? 'linear')));
    case 'xavierNormal':
      return zeroBias((w, r) => xavierNormal(w, r, calculateGain(nonlinearity ?? 'linear')));
    case 'kaimingUniform':
      return zeroBias((w, r) => kaimingUniform(w, r, { nonlinearity: nonlinearity ?? 'relu' }));
    case 'kaimingNormal':
      return zeroBias((w, r) => kaimingNormal(w, r, { nonlinearity: nonlinearity ?? 'relu' }));
    default:
      throw new InputError(
        `Linear: init must be one of ${INIT_NAMES.join(', ')} or a function (got ${JSON.stringify(init)})`,
      );
  }
}
