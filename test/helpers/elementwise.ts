/** The elementwise optimizers of PyTorch 1.13 plus Yogi, by name, for table-driven tests. */
import { adadelta } from '../../src/optim/adadelta.js';
import { adagrad } from '../../src/optim/adagrad.js';
import { adam } from '../../src/optim/adam.js';
import { adamax } from '../../src/optim/adamax.js';
import { adamw } from '../../src/optim/adamw.js';
import { nadam } from '../../src/optim/nadam.js';
import type { Optimizer, Param } from '../../src/optim/optimizer.js';
import { radam } from '../../src/optim/radam.js';
import { rmsprop } from '../../src/optim/rmsprop.js';
import { yogi } from '../../src/optim/yogi.js';

/** Groups as plain objects: the tests build them from JSON, where options are untyped. */
export type AnyGroups = readonly Param[] | readonly ({ params: readonly Param[] } & Record<string, unknown>)[];
export type AnyFactory = (params: AnyGroups, options?: Record<string, unknown>) => Optimizer;

export const elementwiseOptimizers = {
  adam,
  adamw,
  adagrad,
  rmsprop,
  adadelta,
  adamax,
  nadam,
  radam,
  yogi,
} as unknown as Record<string, AnyFactory>;

/** Option sets that switch on every branch of each optimizer, for tests beyond the PyTorch fixtures. */
export const richOptions: Record<string, Record<string, unknown>> = {
  adam: { lr: 0.02, betas: [0.8, 0.99], weightDecay: 0.1, amsgrad: true },
  adamw: { lr: 0.02, amsgrad: true, weightDecay: 0.1 },
  adagrad: { lr: 0.1, lrDecay: 0.01, weightDecay: 0.05, initialAccumulatorValue: 0.5 },
  rmsprop: { lr: 1e-3, alpha: 0.9, weightDecay: 0.01, momentum: 0.9, centered: true },
  adadelta: { lr: 0.5, rho: 0.95, weightDecay: 0.02 },
  adamax: { lr: 0.02, betas: [0.8, 0.99], weightDecay: 0.05 },
  nadam: { lr: 0.01, weightDecay: 0.05, momentumDecay: 0.01 },
  radam: { lr: 0.01, betas: [0.8, 0.9], weightDecay: 0.05 },
  yogi: { lr: 0.01, weightDecay: 0.05, initialAccumulatorValue: 0.1 },
};
