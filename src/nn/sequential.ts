/**
 * Sequential: modules applied one after another, y = fₙ(… f₂(f₁(x))), as torch.nn.Sequential. Its
 * children are named '0', '1', … by position, so a parameter's name is '<position>.<name>' ('0.weight')
 * exactly as in the equivalent PyTorch model. An input error inside a layer names the layer's position.
 */
import { InputError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

export class Sequential extends Module {
  readonly layers: readonly Module[];

  constructor(...layers: Module[]) {
    super();
    layers.forEach((layer, i) => this.registerModule(String(i), layer));
    this.layers = Object.freeze([...layers]);
  }

  get length(): number {
    return this.layers.length;
  }

  forward(x: Tensor): Tensor {
    let y = x;
    this.layers.forEach((layer, i) => {
      try {
        y = layer.forward(y);
      } catch (error) {
        if (error instanceof InputError) throw new InputError(`layer ${i} of the Sequential: ${error.message}`);
        throw error;
      }
    });
    return y;
  }

  override toString(): string {
    return `Sequential(${this.layers.join(', ')})`;
  }
}
