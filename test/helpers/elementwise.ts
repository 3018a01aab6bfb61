/**
 * The elementwise optimizers with an option set below, from the registry, for table-driven tests: an
 * optimizer registered as elementwise is tested here once it has its `richOptions`.
 */
import type { Optimizer, Param } from '../../src/optim/optimizer.js';
import { optimizers } from '../../src/optim/registry.js';

/** Groups as plain objects: the tests build them from JSON, where options are untyped. */
export type AnyGroups = readonly Param[] | readonly ({ params: readonly Param[] } & Record<string, unknown>)[];
export type AnyFactory = (params: AnyGroups, options?: Record<string, unknown>) => Optimizer;

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

export const elementwiseOptimizers = Object.fromEntries(
  optimizers
    .entries()
    .flatMap(([name, entry]) =>
      entry.kind === 'elementwise' && name in richOptions ? [[name, entry.create as unknown as AnyFactory]] : [],
    ),
) as Record<string, AnyFactory>;
