/**
 * The optimizer machinery shared by every algorithm: parameters as flat buffers, parameter groups with
 * their own options (as in PyTorch's `param_groups`), per-parameter state created lazily on the first
 * step, and a JSON-serialisable state dict that resumes a run bit for bit.
 *
 * An algorithm that updates each parameter buffer on its own (SGD, Adam, …) is written as an
 * `ElementwiseAlgorithm`: `init` makes one parameter's state, `update` applies one step to one buffer in a
 * single fused loop. Algorithms that need the whole parameter vector or re-evaluate the loss (L-BFGS,
 * line searches, Newton's method) extend `Optimizer` and implement `step` themselves.
 */
import { InputError } from '../errors.js';
import { arenaOf, zerosBeside } from '../tensor/arena.js';
import { paramOfTensors } from '../nn/parameters.js';
import type { Param } from '../tensor/storage.js';
import type { Tensor } from '../tensor/tensor.js';
import { decodeState, encodeState, type JsonValue } from '../util/serialize.js';
import type { OptionRows, OptionTable } from '../config/options.js';

export type FloatBuffer = Float32Array | Float64Array;

export type { Param };

/** Re-evaluates the loss at the parameters' current values, writes ∂L/∂θ into each `grad` and returns L. */
export type Closure = () => number;

/**
 * A closure that also gives the Hessian ∂²L/∂θ² at the current values: row-major, n×n over all
 * parameters of the optimizer in order (for Newton's method on problems with few parameters).
 */
export interface HessianClosure {
  (): number;
  hessian(): Float64Array;
}

/** Every optimizer has a learning rate; schedules change it (and momentum or betas) per group. */
export interface BaseOptions {
  lr: number;
}

export interface ParamGroup<O extends BaseOptions> {
  readonly params: readonly Param[];
  options: O;
}

/**
 * What an optimizer takes as a parameter: a Param, or a tensor as PyTorch users pass them
 * (`adam(model.parameters())`). The tensors of a list are packed into one flat buffer (src/nn/parameters.ts;
 * no copy when they already are, as after packParameters or fit) and stepped as one Param.
 */
export type ParamLike = Param | Tensor;

/** A group as the user gives it: its parameters and the options in which it differs from the defaults. */
export type GroupSpec<O> = { params: readonly ParamLike[] } & Partial<O>;

export type ParamsInput<O> = readonly ParamLike[] | readonly GroupSpec<O>[];

export interface OptimizerStateDict {
  /** One entry per parameter, in group order; null where no step has created state yet. */
  state: JsonValue[];
  groups: { [key: string]: JsonValue }[];
  /** State of the optimizer as a whole (L-BFGS keeps its history here). */
  global?: JsonValue;
}

export abstract class Optimizer<O extends BaseOptions = BaseOptions, S = unknown> {
  readonly groups: ParamGroup<O>[];
  /** Per-parameter state, indexed like `this.params`. */
  protected state: (S | undefined)[];
  readonly defaults: O;
  /**
   * The table its options are checked by. Typed on BaseOptions, not O, so that an `Optimizer<AdamOptions>`
   * is also an `Optimizer<BaseOptions>` (a parameter typed O would make the class contravariant in O).
   */
  readonly optionTable: OptionTable<BaseOptions>;

  constructor(
    readonly name: string,
    table: OptionTable<O>,
    params: ParamsInput<O>,
    options: Partial<O> | undefined,
  ) {
    this.defaults = table.defaults;
    this.optionTable = table as unknown as OptionTable<BaseOptions>;
    const base = table.resolve(name, options);
    this.groups = toGroupSpecs(name, params).map(({ params: groupParams, ...overrides }) => ({
      params: groupParams,
      options: table.resolve(name, overrides, base),
    }));
    this.state = new Array<S | undefined>(this.params.length).fill(undefined);
  }

  /** All parameters of all groups, in order. */
  get params(): Param[] {
    return this.groups.flatMap((g) => g.params);
  }

  /** Takes one optimization step. With a closure, evaluates it first and returns the loss it gave. */
  abstract step(closure?: Closure): number | undefined;

  /**
   * The state the last step left for the parameter at `index` (in group order), or undefined before its
   * first step: for views that draw it (the lab's momentum and step-scale glyphs), never to be changed.
   */
  stateOf(index: number): Readonly<S> | undefined {
    return this.state[index];
  }

  /** Sets every gradient to zero. */
  zeroGrad(): void {
    for (const group of this.groups) for (const p of group.params) p.grad.fill(0);
  }

  stateDict(): OptimizerStateDict {
    return {
      state: this.state.map((s) => encodeState(s ?? null)),
      groups: this.groups.map((g) => encodeState(g.options) as { [key: string]: JsonValue }),
      ...(this.globalState() === undefined ? {} : { global: encodeState(this.globalState()) }),
    };
  }

  /** Restores state and group options saved by `stateDict`, for the same parameters in the same groups. */
  loadStateDict(dict: OptimizerStateDict): void {
    if (dict.groups.length !== this.groups.length || dict.state.length !== this.state.length) {
      throw new InputError(
        `${this.name}: saved state has ${dict.groups.length} groups and ${dict.state.length} parameters; ` +
          `this optimizer has ${this.groups.length} and ${this.state.length}`,
      );
    }
    dict.groups.forEach((saved, i) => {
      this.groups[i].options = this.optionTable.resolve(this.name, decodeState(saved) as object) as O;
    });
    const params = this.params;
    this.state = dict.state.map((s, i) => (s === null ? undefined : besideParam(params[i].data, decodeState(s) as S)));
    this.loadGlobalState(dict.global === undefined ? undefined : decodeState(dict.global));
  }

  /** Optimizer-wide state beyond the per-parameter entries; none by default. */
  protected globalState(): unknown {
    return undefined;
  }

  protected loadGlobalState(_state: unknown): void {}
}

function toGroupSpecs<O>(owner: string, params: ParamsInput<O>): ({ params: Param[] } & Partial<O>)[] {
  if (params.length === 0) throw new InputError(`${owner}: got an empty parameter list`);
  const isGroups = (params as readonly object[]).every((p) => 'params' in p);
  const given = isGroups
    ? (params as readonly GroupSpec<O>[])
    : [{ params: params as readonly ParamLike[] } as GroupSpec<O>];
  const specs = given.map((spec) => ({ ...spec, params: asParams(spec.params) }));
  for (const spec of specs) {
    for (const p of spec.params) {
      if (p.data.length !== p.grad.length) {
        throw new InputError(`${owner}: a parameter has ${p.data.length} values but its gradient has ${p.grad.length}`);
      }
    }
  }
  const all = specs.flatMap((s) => s.params);
  if (new Set(all).size !== all.length) throw new InputError(`${owner}: a parameter appears in more than one group`);
  return specs;
}

/** The Params as given, the tensors among them packed into one Param after them. */
function asParams(params: readonly ParamLike[]): Param[] {
  const isTensor = (p: ParamLike): p is Tensor => 'shape' in p;
  const tensors = params.filter(isTensor);
  const plain = params.filter((p): p is Param => !isTensor(p));
  return tensors.length === 0 ? plain : [...plain, paramOfTensors(tensors)];
}

/** One algorithm that updates each parameter buffer independently; its options are a table of rows. */
export interface ElementwiseAlgorithm<O extends BaseOptions, S> extends OptionTable<O> {
  readonly name: string;
  /** The state of one parameter before its first step. */
  init(param: Param, options: O): S;
  /** One step on one parameter buffer: a single fused loop, allocating nothing. */
  update(param: Param, state: S, options: O): void;
}

export class ElementwiseOptimizer<O extends BaseOptions, S> extends Optimizer<O, S> {
  constructor(
    private readonly algorithm: ElementwiseAlgorithm<O, S>,
    params: ParamsInput<O>,
    options?: Partial<O>,
  ) {
    super(algorithm.name, algorithm, params, options);
  }

  step(closure?: Closure): number | undefined {
    const loss = closure?.();
    let i = 0;
    for (const group of this.groups) {
      for (const param of group.params) {
        const state = (this.state[i] ??= this.algorithm.init(param, group.options));
        this.algorithm.update(param, state, group.options);
        i++;
      }
    }
    return loss;
  }
}

export type OptimizerFactory<O extends BaseOptions> = ((
  params: ParamsInput<O>,
  options?: Partial<O>,
) => Optimizer<O>) & {
  /** The options and their defaults (NaN where an option has none and must be given). */
  readonly defaults: O;
  /** The options' rows: ranges, help, how a control shows them. */
  readonly rows: OptionRows;
};

/** Turns an elementwise algorithm into the function users call: `adam(params, { lr: 1e-3 })`. */
export function elementwise<O extends BaseOptions, S>(algorithm: ElementwiseAlgorithm<O, S>): OptimizerFactory<O> {
  return Object.assign(
    (params: ParamsInput<O>, options?: Partial<O>) => new ElementwiseOptimizer(algorithm, params, options),
    { defaults: algorithm.defaults, rows: algorithm.rows },
  );
}

/**
 * Moves a loaded state's buffers into their parameter's arena, values unchanged, so that a resumed run
 * takes the same fused steps (and so the same float32 roundings) as the run that saved it.
 */
function besideParam<S>(like: FloatBuffer, state: S): S {
  if (arenaOf(like) === undefined || state === null || typeof state !== 'object') return state;
  const fields = state as Record<string, unknown>;
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof like.constructor && (value as FloatBuffer).length === like.length) {
      const moved = zerosLike(like);
      moved.set(value as FloatBuffer);
      fields[key] = moved;
    }
  }
  return state;
}

/**
 * A zeroed buffer of the same type and length as `like`, for optimizer state: in like's arena when it
 * has one with room (src/tensor/arena.ts), so that fused kernels update parameter and state in place.
 */
export function zerosLike(like: FloatBuffer): FloatBuffer {
  return zerosBeside(like);
}
