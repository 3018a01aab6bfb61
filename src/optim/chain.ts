/**
 * A chain: gradient transforms (src/optim/transforms.ts) in front of a named optimizer, as Optax's
 * chain(clip_by_global_norm(1.0), adam(1e-3)) (optax/_src/combine.py) —
 *
 *   backward → transform₁ → … → transformₖ (each in place on the gradients) → the optimizer's fused step
 *
 * — and a schedule then sets the chain's learning rate as any optimizer's. The named optimizer runs
 * unchanged: the same single fused loop, the same bits as PyTorch's, its state dict the chain's.
 *
 * In the library: `chain([clipByGlobalNorm(1)], adam(params, { lr: 1e-3 }))`. As a spec (a config file,
 * fit's `optimizer`): {"chain": [{"clipGradNorm": 1}, {"name": "adam", "lr": 1e-3}]}, the optimizer last.
 *
 * With a closure (fit, L-BFGS, line searches) the transforms run after every evaluation of it, so an
 * optimizer that re-evaluates the loss sees transformed gradients each time; without one they run once,
 * on the gradients the caller's backward left.
 */
import type { OptionTable } from '../config/options.js';
import { normalizeName } from '../config/names.js';
import type { Setting } from '../config/settings.js';
import type { Spec } from '../config/spec.js';
import { InputError } from '../errors.js';
import { show } from '../config/validate.js';
import { Optimizer, type BaseOptions, type Closure, type OptimizerStateDict } from './optimizer.js';
import { createTransform, isTransformSpec, type GradientTransform, type TransformSpec } from './transforms.js';

/** An optimizer as a spec: a named optimizer, or a chain of transforms ending in one. */
export type OptimizerSpec = Spec | ChainSpec;

export interface ChainSpec {
  chain: readonly (TransformSpec | Spec)[];
}

export class ChainedOptimizer<O extends BaseOptions> extends Optimizer<O> {
  /** Every parameter, gathered once (the `params` getter makes a new array per call). */
  private readonly allParams = this.params;
  /** The caller's closure and the one that applies the transforms after it, made once per caller closure. */
  private wrapped: { closure: Closure; withTransforms: Closure } | undefined;

  constructor(
    readonly transforms: readonly GradientTransform[],
    readonly optimizer: Optimizer<O>,
  ) {
    super(
      optimizer.name,
      optimizer.optionTable as unknown as OptionTable<O>,
      optimizer.groups.map((g) => ({ params: g.params, ...g.options })),
      optimizer.groups[0].options,
    );
    // The chain's groups are the optimizer's very objects: a schedule that sets the chain's lr sets its.
    this.groups.splice(0, this.groups.length, ...optimizer.groups);
  }

  step(closure?: Closure): number | undefined {
    if (closure === undefined) {
      this.transformGradients();
      return this.optimizer.step();
    }
    if (this.wrapped?.closure !== closure) this.wrapped = { closure, withTransforms: this.withTransforms(closure) };
    return this.optimizer.step(this.wrapped.withTransforms);
  }

  override stateDict(): OptimizerStateDict {
    return this.optimizer.stateDict();
  }

  override loadStateDict(dict: OptimizerStateDict): void {
    this.optimizer.loadStateDict(dict);
  }

  private transformGradients(): void {
    for (const transform of this.transforms) transform.apply(this.allParams);
  }

  /** The closure, then the transforms; a Hessian closure (Newton) keeps its Hessian. */
  private withTransforms(closure: Closure): Closure {
    const wrapped = (): number => {
      const loss = closure();
      this.transformGradients();
      return loss;
    };
    return 'hessian' in closure ? Object.assign(wrapped, { hessian: closure.hessian }) : wrapped;
  }
}

/** The transforms, in order, in front of `optimizer`. */
export function chain<O extends BaseOptions>(
  transforms: readonly GradientTransform[],
  optimizer: Optimizer<O>,
): ChainedOptimizer<O> {
  return new ChainedOptimizer(transforms, optimizer);
}

/** A spec's transforms and its named optimizer (none for a plain spec); a malformed chain or transform is an InputError. */
export function splitChain(spec: OptimizerSpec): { transforms: TransformSpec[]; optimizer: Spec } {
  if (!('chain' in spec)) return { transforms: [], optimizer: spec };
  const list: unknown = (spec as ChainSpec).chain;
  const optimizer: unknown = Array.isArray(list) ? list[list.length - 1] : undefined;
  const ok =
    typeof optimizer === 'object' &&
    optimizer !== null &&
    typeof (optimizer as Spec).name === 'string' &&
    Object.keys(spec).length === 1;
  if (!ok)
    throw new InputError(
      `optimizer chain must be {"chain": [transforms…, {"name": optimizer, …options}]} (got ${show(spec)})`,
    );
  const transforms = (list as unknown[]).slice(0, -1);
  for (const t of transforms) {
    if (!isTransformSpec(t))
      throw new InputError(`optimizer chain: ${show(t)} is not a transform such as {"clipGradNorm": 1}`);
    createTransform(t); // checks its name and options now, before a run starts
  }
  return { transforms: transforms as TransformSpec[], optimizer: optimizer as Spec };
}

/** The spec with `change` applied to its named optimizer (a chain keeps its transforms). */
export function mapOptimizer(spec: OptimizerSpec, change: (optimizer: Spec) => Spec): OptimizerSpec {
  if (!('chain' in spec)) return change(spec);
  const { transforms, optimizer } = splitChain(spec);
  return { chain: [...transforms, change(optimizer)] };
}

/** The transforms in front of `spec`'s optimizer: a chain spec whose transforms are `transforms` then its own. */
export function prependTransforms(spec: OptimizerSpec, transforms: readonly TransformSpec[]): OptimizerSpec {
  if (transforms.length === 0) return spec;
  const split = splitChain(spec);
  return { chain: [...transforms, ...split.transforms, split.optimizer] };
}

/**
 * The optimizer as a resumed run's settings compare it: 'adam' (the name normalised), or for a chain its
 * transforms with every option, then the name: '{"clipGradNorm":{"maxNorm":1,"normType":2}} → adam'.
 */
export function optimizerKey(spec: OptimizerSpec): string {
  const { transforms, optimizer } = splitChain(spec);
  return [...transforms.map((t) => JSON.stringify(createTransform(t).spec)), normalizeName(optimizer.name)].join(' → ');
}

/**
 * A settings row for an optimizer spec (src/config/settings.ts) that also takes a chain: each named
 * optimizer read by `row`, the transforms checked. On a command line or in a URL a chain is its JSON text.
 */
export function chainable<D extends boolean>(row: Setting<Spec, D>): Setting<OptimizerSpec, D> {
  const parse = (value: unknown, where: string): OptimizerSpec => {
    const isChain = typeof value === 'object' && value !== null && 'chain' in value;
    return isChain
      ? mapOptimizer(value as ChainSpec, (spec) => row.parse(spec, `${where}.chain`))
      : row.parse(value, where);
  };
  return {
    ...row,
    parse,
    parseText: (text, where) =>
      text.trimStart().startsWith('{') ? parse(jsonText(text, where), where) : row.parseText(text, where),
    format: (value) => ('chain' in value ? JSON.stringify(value) : row.format(value as Spec)),
  };
}

function jsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError(
      `${where}: '${text}' is not valid JSON (a chain is written {"chain": [{"clipGradNorm": 1}, {"name": "adam"}]})`,
    );
  }
}
