/**
 * Invariance under gradient scale (property): multiplying every gradient by c = 2^k and every quantity in
 * the gradient's units by the same power (ε by c, an initial accumulator of squared gradients by c²)
 * must leave the trajectory of θ unchanged, bit for bit. Scaling by a power of two is exact in binary
 * floating point, so any deviation means the update mixes units: ε added where g² lives, a g that
 * escapes normalisation, or a constant in the wrong place.
 *
 * Not for Adadelta (its step has the units of √(u + ε), by design), RAdam (plain momentum SGD for its
 * first steps), or L2 weight decay (λθ does not scale with g).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Param } from '../../src/optim/optimizer.js';
import { elementwiseOptimizers } from '../helpers/elementwise.js';

type Options = Record<string, unknown>;

/** Each optimizer's options, and the same options with every gradient-unit quantity scaled by c. */
const scaled: Record<string, (c: number) => Options> = {
  adam: (c) => ({ lr: 0.01, amsgrad: true, eps: 1e-8 * c }),
  adamw: (c) => ({ lr: 0.01, weightDecay: 0.1, eps: 1e-8 * c }),
  adagrad: (c) => ({ lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.5 * c * c, eps: 1e-10 * c }),
  rmsprop: (c) => ({ lr: 0.01, momentum: 0.9, centered: true, eps: 1e-8 * c }),
  adamax: (c) => ({ lr: 0.01, eps: 1e-8 * c }),
  nadam: (c) => ({ lr: 0.01, eps: 1e-8 * c }),
  yogi: (c) => ({ lr: 0.01, initialAccumulatorValue: 1e-6 * c * c, eps: 1e-3 * c }),
};

function trajectory(name: string, options: Options, grads: number[][], c: number): number[][] {
  const p: Param = { data: Float64Array.of(0.5, -1, 2), grad: new Float64Array(3) };
  const opt = elementwiseOptimizers[name]([p], options);
  return grads.map((g) => {
    p.grad.set(g.map((x) => x * c));
    opt.step();
    return Array.from(p.data);
  });
}

for (const name of Object.keys(scaled)) {
  test(`${name}: scaling every gradient by 2^k (and eps with it) leaves θ's trajectory bit-identical`, () => {
    const gradient = fc.double({ min: -1e3, max: 1e3, noNaN: true }).filter((x) => x === 0 || Math.abs(x) > 1e-3);
    fc.assert(
      fc.property(
        fc.array(fc.array(gradient, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: -30, max: 30 }),
        (grads, k) => {
          const c = 2 ** k;
          assert.deepEqual(trajectory(name, scaled[name](c), grads, c), trajectory(name, scaled[name](1), grads, 1));
        },
      ),
      { numRuns: 100 },
    );
  });
}
