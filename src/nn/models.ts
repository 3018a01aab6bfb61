/**
 * The models of the course, each a Module:
 *
 *   mlp                  a multi-layer perceptron, laid out exactly as the PyTorch nn.Sequential
 *                        [Linear, (BatchNorm1d), activation, (Dropout), …, Linear], so that its tensor
 *                        names ('0.weight', '1.running_mean', …) match PyTorch's and weights load both ways
 *   linearRegression     y = Wx + b: Sequential(Linear(inputs, outputs)) ('0.weight', '0.bias')
 *   logisticRegression   class logits Wx + b: Sequential(Linear(inputs, classes)); the softmax (or the
 *                        sigmoid) is applied by the loss (crossEntropy from logits)
 *   gaborModel           UDL §6.1.2's two-parameter Gabor function (gabor.ts)
 *   shallowNetwork       UDL eq. 3.1, three hidden units (shallowNetwork.ts)
 */
import { InputError } from '../errors.js';
import { Random } from '../tensor/random.js';
import { checkDType } from '../tensor/storage.js';
import type { DType } from '../tensor/tensor.js';
import { activation as activationLayer } from './activations.js';
import { BatchNorm1d } from './batchNorm.js';
import { Dropout } from './dropout.js';
import { GaborModel, type GaborOptions } from './gabor.js';
import { Linear, type InitName } from './linear.js';
import type { Module } from './module.js';
import { Sequential } from './sequential.js';
import { ShallowNetwork, type ShallowNetworkOptions } from './shallowNetwork.js';

export interface MlpOptions {
  inputs: number;
  /** The widths of the hidden layers, e.g. [256, 128]; [] gives a linear model. */
  hidden: readonly number[];
  outputs: number;
  /** The hidden layers' activation by name: relu (default), leakyRelu, elu, tanh, sigmoid. */
  activation?: string;
  /** Dropout probability after each hidden activation, in [0, 1); 0 (the default) adds no Dropout layers. */
  dropout?: number;
  /** A BatchNorm1d after each hidden Linear, before the activation. */
  batchNorm?: boolean;
  dtype?: DType;
  /** Initial weights and dropout masks; a generator seeded with 0 when not given. */
  random?: Random;
  /** How the Linear layers are initialised ('pytorch', PyTorch's default, unless given). */
  init?: InitName;
}

export interface RegressionOptions {
  dtype?: DType;
  random?: Random;
}

export function mlp({
  inputs,
  hidden,
  outputs,
  activation = 'relu',
  dropout = 0,
  batchNorm = false,
  dtype = 'float32',
  random = new Random(0),
  init,
}: MlpOptions): Sequential {
  checkWidth('inputs', inputs);
  checkWidth('outputs', outputs);
  if (!Array.isArray(hidden))
    throw new InputError(`mlp: hidden must be an array of layer widths (got ${JSON.stringify(hidden)})`);
  hidden.forEach((width, i) => checkWidth(`hidden[${i}]`, width));
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1))
    throw new InputError(`mlp: dropout must be in [0, 1) (got ${dropout})`);
  if (typeof batchNorm !== 'boolean')
    throw new InputError(`mlp: batchNorm must be true or false (got ${JSON.stringify(batchNorm)})`);
  checkDType('mlp', dtype);
  activationLayer(activation); // an unknown name fails here, before any layer is built
  const layers: Module[] = [];
  let width = inputs;
  for (const next of hidden) {
    layers.push(new Linear(width, next, { dtype, random, init }));
    if (batchNorm) layers.push(new BatchNorm1d(next, { dtype }));
    layers.push(activationLayer(activation));
    if (dropout > 0) layers.push(new Dropout(dropout, random));
    width = next;
  }
  layers.push(new Linear(width, outputs, { dtype, random, init }));
  return new Sequential(...layers);
}

export function linearRegression(
  inputs: number,
  outputs = 1,
  { dtype = 'float32', random = new Random(0) }: RegressionOptions = {},
): Sequential {
  return new Sequential(new Linear(inputs, outputs, { dtype, random }));
}

export function logisticRegression(
  inputs: number,
  classes: number,
  { dtype = 'float32', random = new Random(0) }: RegressionOptions = {},
): Sequential {
  return new Sequential(new Linear(inputs, classes, { dtype, random }));
}

export function gaborModel(options: GaborOptions = {}): GaborModel {
  return new GaborModel(options);
}

export function shallowNetwork(options: ShallowNetworkOptions = {}): ShallowNetwork {
  return new ShallowNetwork(options);
}

function checkWidth(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new InputError(`mlp: ${name} must be an integer >= 1 (got ${value})`);
}
