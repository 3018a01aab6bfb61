/**
 * Activation functions as layers (torch.nn.ReLU, LeakyReLU, ELU, Tanh, Sigmoid, Softmax), so that a
 * Sequential can hold them. They have no parameters. Every activation of the table of unary ops
 * (src/kernels/unaryOps.ts, where its function and derivative are) is a layer here — `activation(name)`
 * builds one from the name a config or the CLI uses ('relu', 'leaky_relu', …) — and those PyTorch names
 * also have a class of that name. Softmax, which works along an axis, is src/autograd/ops/softmax.ts.
 */
import { registry } from '../config/registry.js';
import { InputError } from '../errors.js';
import { unaryOp } from '../autograd/ops/unary.js';
import { activationNames, unaryOpRow, type ActivationName } from '../kernels/unaryOps.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

export { activationNames, type ActivationName };

/** The layer of an activation of the table; `param` is its constant (leakyRelu's slope, elu's α), PyTorch's default when left out. */
export class Activation extends Module {
  readonly param: number | undefined;

  constructor(
    readonly op: ActivationName,
    param?: number,
  ) {
    super();
    const row = unaryOpRow(op);
    this.param = param ?? row.param?.default;
    if (row.param !== undefined && (typeof this.param !== 'number' || !Number.isFinite(this.param))) {
      throw new InputError(`${row.layer}: ${row.param.name} must be a finite number (got ${this.param})`);
    }
  }

  forward(x: Tensor): Tensor {
    return unaryOp(this.op, x, this.param);
  }

  override toString(): string {
    const { layer } = unaryOpRow(this.op);
    return this.param === undefined ? `${layer}` : `${layer}(${this.param})`;
  }
}

export class ReLU extends Activation {
  constructor() {
    super('relu');
  }
}

export class LeakyReLU extends Activation {
  constructor(readonly slope = 0.01) {
    super('leakyRelu', slope);
  }
}

export class ELU extends Activation {
  constructor(readonly alpha = 1) {
    super('elu', alpha);
  }
}

export class Tanh extends Activation {
  constructor() {
    super('tanh');
  }
}

export class Sigmoid extends Activation {
  constructor() {
    super('sigmoid');
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

/** The activations that PyTorch's class names give a class of their own here; any other is an Activation. */
const NAMED_CLASSES: Partial<Record<ActivationName, new () => Activation>> = {
  relu: ReLU,
  leakyRelu: LeakyReLU,
  elu: ELU,
  tanh: Tanh,
  sigmoid: Sigmoid,
};

/** The activations as a registry: `downhill list activations`, and names looked up as every other name is. */
export const activations = registry(
  'activation',
  Object.fromEntries(activationNames.map((name) => [name, { summary: `torch.nn.${unaryOpRow(name).layer ?? ''}` }])),
);

/** A new activation layer by name; case, '_' and '-' do not matter ('leaky_relu', 'LeakyReLU'). */
export function activation(name: string): Module {
  const op = activations.canonical(name) as ActivationName;
  const Named = NAMED_CLASSES[op];
  return Named === undefined ? new Activation(op) : new Named();
}
