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
import { asgd } from './asgd.js';
import { lbfgs } from './lbfgs.js';
import { gd } from './lineSearch.js';
import { nadam } from './nadam.js';
import { newton } from './newton.js';
import type { BaseOptions, Optimizer, ParamsInput } from './optimizer.js';
import { radam } from './radam.js';
import { rmsprop } from './rmsprop.js';
import { rprop } from './rprop.js';
import { sgd } from './sgd.js';
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
  asgd,
  rprop,
  yogi,
  /** Adam with the AMSGrad correction (Reddi et al., 2018): `adam` with `amsgrad: true`. */
  amsgrad: (params, options) => adam(params, { amsgrad: true, ...options }),
  nesterov,
  normalizedGd,
  gd,
  newton,
};

export const optimizerNames = Object.keys(optimizers);

export function createOptimizer(
  params: ParamsInput<BaseOptions>,
  spec: { name: string; [option: string]: unknown },
): Optimizer<BaseOptions> {
  const { name, ...options } = spec;
  return lookupName('optimizer', optimizers, name)(params, options);
}
