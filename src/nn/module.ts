/**
 * Module: a building block of a model (a layer, or a container of layers) with PyTorch's naming of what
 * it holds, so that weights move between downhill and torch.nn by name:
 *
 *   parameters   tensors that training changes (weights, biases)          '0.weight', '0.bias', …
 *   buffers      state that is not trained but belongs to the model       '1.running_mean', …
 *   submodules   children, whose names prefix theirs with 'name.'
 *
 * Names are listed as torch.nn.Module.named_parameters / named_buffers list them: a module's own tensors
 * in the order they were registered, then each child's, depth first; a tensor reachable twice (a shared
 * weight) is listed once. `training` switches layers whose behaviour differs between training and
 * evaluation (Dropout, BatchNorm1d); `train()`/`eval()` set it for the whole tree.
 */
import { InputError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

export abstract class Module {
  /** Training mode (the default) or evaluation mode; set it with train() / eval(), which recurse. */
  training = true;
  private readonly ownParameters = new Map<string, Tensor>();
  private readonly ownBuffers = new Map<string, Tensor>();
  private readonly children = new Map<string, Module>();

  abstract forward(x: Tensor): Tensor;

  /** Every parameter with its dotted PyTorch name, e.g. ['0.weight', tensor]. */
  namedParameters(): [string, Tensor][] {
    return this.collect((m) => m.ownParameters);
  }

  /** Every buffer (non-trained state, such as BatchNorm1d's running statistics) with its dotted name. */
  namedBuffers(): [string, Tensor][] {
    return this.collect((m) => m.ownBuffers);
  }

  /** Parameters and buffers in PyTorch's state_dict order: each module's parameters, then its buffers, then its children's. */
  namedTensors(): [string, Tensor][] {
    return this.collect((m) => new Map([...m.ownParameters, ...m.ownBuffers]));
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** The direct submodules with their names, in order. */
  namedChildren(): [string, Module][] {
    return [...this.children];
  }

  /** This module and every descendant, depth first (PyTorch's `modules()`). */
  modules(): Module[] {
    return [this, ...[...this.children.values()].flatMap((child) => child.modules())];
  }

  /** Sets training mode (or evaluation mode for `mode` false) on this module and every descendant. */
  train(mode = true): this {
    this.training = mode;
    for (const child of this.children.values()) child.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** A short description for error messages, e.g. `Linear(20 → 32)`. */
  toString(): string {
    return this.constructor.name;
  }

  protected registerParameter(name: string, tensor: Tensor): Tensor {
    this.checkName(name);
    tensor.requiresGrad = true;
    this.ownParameters.set(name, tensor);
    return tensor;
  }

  protected registerBuffer(name: string, tensor: Tensor): Tensor {
    this.checkName(name);
    this.ownBuffers.set(name, tensor);
    return tensor;
  }

  protected registerModule<M extends Module>(name: string, module: M): M {
    this.checkName(name);
    if (!(module instanceof Module)) throw new InputError(`${this}: submodule '${name}' is not a Module`);
    this.children.set(name, module);
    return module;
  }

  private checkName(name: string): void {
    if (name === '' || name.includes('.'))
      throw new InputError(`${this}: the name '${name}' must be non-empty and contain no '.'`);
    if (this.ownParameters.has(name) || this.ownBuffers.has(name) || this.children.has(name)) {
      throw new InputError(`${this}: the name '${name}' is already taken`);
    }
  }

  private collect(own: (m: Module) => Map<string, Tensor>): [string, Tensor][] {
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    const visit = (module: Module, prefix: string): void => {
      for (const [name, tensor] of own(module)) {
        if (seen.has(tensor)) continue;
        seen.add(tensor);
        out.push([prefix + name, tensor]);
      }
      for (const [name, child] of module.children) visit(child, `${prefix}${name}.`);
    };
    visit(this, '');
    return out;
  }
}
