/**
 * The optimizers by the names a config or the CLI uses: `{"name": "adam", "lr": 0.01}`. Names match
 * case-insensitively and ignore '_' and '-', so PyTorch's class names (`SGD`, `RMSprop`, `LBFGS`) work too.
 * Each entry says what it is (`downhill list optimizers`), how it steps (`kind`) and which PyTorch class it
 * follows, if any (the fixture generators read that through `downhill list --json`).
 */
import { registry, type RegistryEntry } from '../config/registry.js';
import { spec } from '../config/settings.js';
import type { Spec } from '../config/spec.js';
import { adadelta } from './adadelta.js';
import { adafactor } from './adafactor.js';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamax } from './adamax.js';
import { adamw } from './adamw.js';
import { asgd } from './asgd.js';
import { chain, splitChain, type OptimizerSpec } from './chain.js';
import { LBFGS_OPTIONS, lbfgs } from './lbfgs.js';
import { GD_OPTIONS, gd } from './lineSearch.js';
import { muon } from './muon.js';
import { nadam } from './nadam.js';
import { newton, NEWTON_OPTIONS } from './newton.js';
import type { OptionRows } from '../config/options.js';
import type { BaseOptions, Optimizer, ParamsInput } from './optimizer.js';
import { radam } from './radam.js';
import { rmsprop } from './rmsprop.js';
import { rprop } from './rprop.js';
import { sgd } from './sgd.js';
import { SWATS_OPTIONS, swats } from './swats.js';
import { createTransform } from './transforms.js';
import { nesterov, NESTEROV_OPTIONS, normalizedGd } from './textbook.js';
import { yogi } from './yogi.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFactory = (params: ParamsInput<any>, options?: any) => Optimizer<BaseOptions>;

/**
 * How an optimizer steps: from the gradient alone (`elementwise`), re-evaluating the loss through a closure
 * (`closure`: line searches, look-ahead), or with the Hessian (`hessian`).
 */
export type OptimizerKind = 'elementwise' | 'closure' | 'hessian';

export interface OptimizerEntry extends RegistryEntry {
  readonly create: AnyFactory;
  /** Its options and their defaults, as the optimizer declares them (NaN: required). */
  readonly defaults: object;
  /** Its options as settings rows (ranges, help, controls). */
  readonly rows: OptionRows;
  readonly kind: OptimizerKind;
  /** The torch.optim class it matches (same defaults, same update), and the options passed to it. */
  readonly pytorch?: { readonly className: string; readonly options?: Readonly<Record<string, unknown>> };
}

/** An optimizer's defaults and rows, from its factory or its table. */
const table = (options: { defaults: object; rows: OptionRows }) => ({ defaults: options.defaults, rows: options.rows });

const entries: Record<string, OptimizerEntry> = {
  sgd: {
    create: sgd,
    ...table(sgd),
    kind: 'elementwise',
    pytorch: { className: 'SGD' },
    summary: 'SGD, momentum, Nesterov',
  },
  adam: {
    create: adam,
    ...table(adam),
    kind: 'elementwise',
    pytorch: { className: 'Adam' },
    summary: 'Adam (Kingma & Ba)',
  },
  adamw: {
    create: adamw,
    ...table(adamw),
    kind: 'elementwise',
    pytorch: { className: 'AdamW' },
    summary: 'Adam with decoupled weight decay',
  },
  adagrad: {
    create: adagrad,
    ...table(adagrad),
    kind: 'elementwise',
    pytorch: { className: 'Adagrad' },
    summary: 'AdaGrad',
  },
  rmsprop: {
    create: rmsprop,
    ...table(rmsprop),
    kind: 'elementwise',
    pytorch: { className: 'RMSprop' },
    summary: 'RMSProp, optionally centered, with momentum',
  },
  adadelta: {
    create: adadelta,
    ...table(adadelta),
    kind: 'elementwise',
    pytorch: { className: 'Adadelta' },
    summary: 'AdaDelta',
  },
  adamax: {
    create: adamax,
    ...table(adamax),
    kind: 'elementwise',
    pytorch: { className: 'Adamax' },
    summary: 'Adamax (Adam with the ∞-norm)',
  },
  nadam: {
    create: nadam,
    ...table(nadam),
    kind: 'elementwise',
    pytorch: { className: 'NAdam' },
    summary: 'NAdam (Adam with Nesterov momentum)',
  },
  radam: {
    create: radam,
    ...table(radam),
    kind: 'elementwise',
    pytorch: { className: 'RAdam' },
    summary: 'RAdam (rectified Adam)',
  },
  lbfgs: {
    create: lbfgs,
    ...table(LBFGS_OPTIONS),
    kind: 'closure',
    pytorch: { className: 'LBFGS' },
    summary: 'L-BFGS; needs a closure',
  },
  asgd: {
    create: asgd,
    ...table(asgd),
    kind: 'elementwise',
    pytorch: { className: 'ASGD' },
    summary: 'averaged SGD; the average is state ax',
  },
  rprop: {
    create: rprop,
    ...table(rprop),
    kind: 'elementwise',
    pytorch: { className: 'Rprop' },
    summary: 'resilient backpropagation (sign-based steps)',
  },
  adafactor: {
    create: adafactor,
    ...table(adafactor),
    kind: 'elementwise',
    pytorch: { className: 'Adafactor' },
    summary: "Adafactor (factored second moments), PyTorch 2.x's form",
  },
  muon: {
    create: muon,
    ...table(muon),
    kind: 'elementwise',
    pytorch: { className: 'Muon' },
    summary: "Muon (orthogonalized momentum) for weight matrices, AdamW for the rest; PyTorch 2.x's form",
  },
  yogi: {
    create: yogi,
    ...table(yogi),
    kind: 'elementwise',
    summary: 'Yogi (Zaheer et al., 2018, Algorithm 2)',
  },
  swats: {
    create: swats,
    ...table(SWATS_OPTIONS),
    kind: 'elementwise',
    summary: 'SWATS: Adam, switching to SGD once its estimated SGD lr settles (Keskar & Socher 2017)',
  },
  /** Adam with the AMSGrad correction (Reddi et al., 2018): `adam` with `amsgrad: true`. */
  amsgrad: {
    create: (params, options) => adam(params, { amsgrad: true, ...options }),
    defaults: { ...adam.defaults, amsgrad: true },
    rows: { ...adam.rows, amsgrad: { ...adam.rows.amsgrad, default: true } },
    kind: 'elementwise',
    pytorch: { className: 'Adam', options: { amsgrad: true } },
    summary: '`adam` with amsgrad true',
  },
  nesterov: {
    create: nesterov,
    ...table(NESTEROV_OPTIONS),
    kind: 'closure',
    summary: "Nesterov's look-ahead form (UDL eq. 6.12); needs a closure",
  },
  normalizedGd: {
    create: normalizedGd,
    ...table(normalizedGd),
    kind: 'elementwise',
    summary: 'normalised-gradient (sign) descent (UDL eqs. 6.13–6.14)',
  },
  gd: {
    create: gd,
    ...table(GD_OPTIONS),
    kind: 'closure',
    summary: 'gradient descent with a fixed step or a line search along −∇L',
  },
  newton: {
    create: newton,
    ...table(NEWTON_OPTIONS),
    kind: 'hessian',
    summary: "Newton's method with the exact Hessian; needs a Hessian closure",
  },
};

export const optimizers = registry<OptimizerEntry>('optimizer', entries);

export const optimizerNames = optimizers.names;

/** A settings row holding an optimizer spec whose name must be registered (options are checked when it is made). */
export function optimizerSpecRow<const C extends { help: string; required?: true; default?: Spec }>(options: C) {
  return spec({ kind: 'optimizer', ...options, check: (s) => void optimizers.canonical(s.name) });
}

/** The optimizer a spec names, or a chain of gradient transforms in front of it (src/optim/chain.ts). */
export function createOptimizer(params: ParamsInput<BaseOptions>, spec: OptimizerSpec): Optimizer<BaseOptions> {
  const { transforms, optimizer } = splitChain(spec);
  const { name, ...options } = optimizer;
  const named = optimizers.get(name).create(params, options);
  return transforms.length === 0 ? named : chain(transforms.map(createTransform), named);
}
