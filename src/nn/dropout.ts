/**
 * Inverted dropout (Srivastava et al., 2014; torch.nn.Dropout): in training each element is kept with
 * probability 1 − p and scaled by 1/(1 − p), or zeroed, so the expected output equals the input and
 * evaluation needs no rescaling — in evaluation mode the layer is the identity.
 *
 *   y = x ⊙ m / (1 − p),  mᵢ ~ Bernoulli(1 − p)        ∂L/∂x = ∂L/∂y ⊙ m / (1 − p)
 *
 * The masks come from the layer's seeded Random (PyTorch's masks cannot be reproduced, so a run matches
 * PyTorch only with dropout off). p must be in [0, 1): p = 1 would zero everything.
 */
import { record } from '../autograd/graph.js';
import { gradOf } from '../autograd/accumulate.js';
import { InputError } from '../errors.js';
import { Random } from '../tensor/random.js';
import { allocate } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { Module } from './module.js';

/** x with each element zeroed with probability p, the rest scaled by 1/(1 − p); x itself when p = 0. */
export function dropout(x: Tensor, p: number, random: Random): Tensor {
  checkProbability('dropout', p);
  if (p === 0) return x;
  const scale = 1 / (1 - p);
  // mask[i] is 0 or 1/(1 − p): the forward factor and the backward factor at once.
  const mask = allocate(x.dtype, x.size);
  for (let i = 0; i < mask.length; i++) mask[i] = random.uniform() < p ? 0 : scale;
  const out = new Tensor(allocate(x.dtype, x.size), x.shape);
  for (let i = 0; i < mask.length; i++) out.data[i] = x.data[i] * mask[i];
  return record('dropout', out, [x], (g) => {
    const gx = gradOf(x);
    for (let i = 0; i < mask.length; i++) gx[i] += g[i] * mask[i];
  });
}

export class Dropout extends Module {
  /**
   * @param p the probability of zeroing an element, in [0, 1)
   * @param random the source of the masks; a generator seeded with 0 when not given
   */
  constructor(
    readonly p = 0.5,
    readonly random: Random = new Random(0),
  ) {
    super();
    checkProbability('Dropout', p);
  }

  forward(x: Tensor): Tensor {
    return this.training ? dropout(x, this.p, this.random) : x;
  }

  override toString(): string {
    return `Dropout(${this.p})`;
  }
}

function checkProbability(op: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new InputError(`${op}: p must be in [0, 1) (got ${p})`);
}
