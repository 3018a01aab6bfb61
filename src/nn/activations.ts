/**
 * Activation functions as layers (torch.nn.ReLU, LeakyReLU, ELU, Tanh, Sigmoid, Softmax), so that a
 * Sequential can hold them. They have no parameters; the functions and their derivatives are in
 * src/autograd/ops/activations.ts and softmax.ts:
 *
 *   ReLU        max(x, 0)
 *   LeakyReLU   x if x > 0, else slope·x          (slope 0.01, PyTorch's negative_slope)
 *   ELU         x if x > 0, else α(eˣ − 1)        (α = 1)
 *   Tanh        tanh x
 *   Sigmoid     1/(1 + e⁻ˣ)
 *   Softmax     eˣⁱ / Σⱼ eˣʲ along an axis         (the last by default)
 *
 * `activation(name)` builds one from the name a config or the CLI uses ('relu', 'leaky_relu', …).
 */
import { lookupName } from '../config/names.js';
import { InputError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return x.relu();
  }

  override toString(): string {
    return 'ReLU';
  }
}

export class LeakyReLU extends Module {
  constructor(readonly slope = 0.01) {
    super();
    checkFinite('LeakyReLU', 'slope', slope);
  }

  forward(x: Tensor): Tensor {
    return x.leakyRelu(this.slope);
  }

  override toString(): string {
    return `LeakyReLU(${this.slope})`;
  }
}

export class ELU extends Module {
  constructor(readonly alpha = 1) {
    super();
    checkFinite('ELU', 'alpha', alpha);
  }

  forward(x: Tensor): Tensor {
    return x.elu(this.alpha);
  }

  override toString(): string {
    return `ELU(${this.alpha})`;
  }
}

export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return x.tanh();
  }

  override toString(): string {
    return 'Tanh';
  }
}

export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }

  override toString(): string {
    return 'Sigmoid';
  }
}

export class Softmax extends Module {
  constructor(readonly axis = -1) {
    super();
    if (!Number.isInteger(axis)) throw new InputError(`Softmax: axis must be an integer (got ${axis})`);
  }

  forward(x: Tensor): Tensor {
    return x.softmax(this.axis);
  }

  override toString(): string {
    return `Softmax(axis ${this.axis})`;
  }
}

export type ActivationName = 'relu' | 'leakyRelu' | 'elu' | 'tanh' | 'sigmoid';

const ACTIVATIONS: Record<ActivationName, () => Module> = {
  relu: () => new ReLU(),
  leakyRelu: () => new LeakyReLU(),
  elu: () => new ELU(),
  tanh: () => new Tanh(),
  sigmoid: () => new Sigmoid(),
};

export const activationNames = Object.keys(ACTIVATIONS) as ActivationName[];

/** A new activation layer by name; case, '_' and '-' do not matter ('leaky_relu', 'LeakyReLU'). */
export function activation(name: string): Module {
  return lookupName('activation', ACTIVATIONS, name)();
}

function checkFinite(layer: string, option: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InputError(`${layer}: ${option} must be a finite number (got ${value})`);
}
