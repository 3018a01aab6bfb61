/**
 * The optimizers by the names a config or the CLI uses: `{"name": "adam", "lr": 0.01}`. Names match
 * case-insensitively and ignore '_' and '-', so PyTorch's class names (`SGD`, `RMSprop`, `LBFGS`) work too.
 */
import { lookupName } from '../config/names.js';
import { adadelta } from './adadelta.js';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamax } from './adamax.js';
import { adamw } from './adamw.js';
import { chain, splitChain, type OptimizerSpec } from './chain.js';
import { lbfgs } from './lbfgs.js';
import { gd } from './lineSearch.js';
import { nadam } from './nadam.js';
import { newton } from './newton.js';
import type { BaseOptions, Optimizer, ParamsInput } from './optimizer.js';
import { radam } from './radam.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';
import { createTransform } from './transforms.js';
import { nesterov, normalizedGd } from './textbook.js';
import { yogi } from './yogi.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFactory = (params: ParamsInput<any>, options?: any) => Optimizer<BaseOptions>;

const optimizers: Record<string, AnyFactory> = {
  sgd,
  adam,
  adamw,
  adagrad,
  rmsprop,
  adadelta,
  adamax,
  nadam,
  radam,
  lbfgs,
  yogi,
  /** Adam with the AMSGrad correction (Reddi et al., 2018): `adam` with `amsgrad: true`. */
  amsgrad: (params, options) => adam(params, { amsgrad: true, ...options }),
  nesterov,
  normalizedGd,
  gd,
  newton,
};

export const optimizerNames = Object.keys(optimizers);

/** The optimizer a spec names, or a chain of gradient transforms in front of it (src/optim/chain.ts). */
export function createOptimizer(params: ParamsInput<BaseOptions>, spec: OptimizerSpec): Optimizer<BaseOptions> {
  const { transforms, optimizer } = splitChain(spec);
  const { name, ...options } = optimizer;
  const named = lookupName('optimizer', optimizers, name)(params, options);
  return transforms.length === 0 ? named : chain(transforms.map(createTransform), named);
}
