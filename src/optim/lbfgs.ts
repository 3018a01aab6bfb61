/**
 * L-BFGS (PyTorch `torch.optim.LBFGS`, torch/optim/lbfgs.py; Nocedal & Wright, Numerical Optimization,
 * Algorithm 7.4), over the concatenation θ of all parameters:
 *
 *   each outer step evaluates L(θ), g = ∇L(θ), then runs up to maxIter inner iterations:
 *     y = g − g_prev,  s = t·d                                  (the last step taken)
 *     if yᵀs > 1e-10: remember (y, s, ρ = 1/yᵀs), dropping the oldest past historySize; H₀ = yᵀs / yᵀy
 *     d = −H g by the two-loop recursion:
 *       q = −g;  for i newest → oldest: αᵢ = ρᵢ sᵢᵀq,  q ← q − αᵢ yᵢ
 *       r = H₀ q; for i oldest → newest: βᵢ = ρᵢ yᵢᵀr, r ← r + (αᵢ − βᵢ) sᵢ;  d = r
 *     (d = −g on the very first iteration)
 *     t = min(1, 1/‖g‖₁)·lr on the very first iteration, else lr; with lineSearchFn 'strong_wolfe' t is
 *     then chosen by a line search satisfying the strong Wolfe conditions (c₁ = 1e-4, c₂ = 0.9, at most
 *     25 evaluations; Nocedal & Wright Algorithms 3.5–3.6, with cubic interpolation)
 *     θ ← θ + t·d
 *   stopping when gᵀd > −toleranceChange, max|g| ≤ toleranceGrad, max|t·d| ≤ toleranceChange,
 *   |ΔL| < toleranceChange, or after maxIter iterations or maxEval evaluations within the step.
 *
 * The history (and the iteration and evaluation counters) live across steps, in the optimizer's global
 * state, so `stateDict()` resumes a run bit for bit. The arithmetic follows PyTorch's operation by
 * operation, so float64 runs reproduce PyTorch's portable ('default') CPU kernels bit for bit: p.add_(d,
 * alpha=t) is p + t·d, dot products sum in index order as the reference BLAS ddot does (src/util/vector.ts),
 * ‖g‖₁ sums in the order of PyTorch's cascade sum (pytorchArithmetic.ts), and a Python float divided by a
 * 0-d tensor is x·(1/y) (see StepLength in lineSearch.ts, which holds the strong-Wolfe search).
 * It follows PyTorch 2.10 and later (the default, `pytorch: '2'`) where their L-BFGS differs from 1.13's
 * (`pytorch: '1.13'`): the strong-Wolfe search may make only the evaluations the step has left, max_ls =
 * maxEval − (evaluations so far), instead of up to 25 whatever maxEval says (pytorch/pytorch#161488, fixing
 * #91581; 1.13 calls `_strong_wolfe(obj_func, x_init, t, d, loss, flat_grad, gtd)` with max_ls's default
 * 25). Wherever a search would run past the budget, the two take different steps from there on.
 *
 * PyTorch's AVX2 kernels fuse p + t·d into one rounding, so runs there drift from these by rounding
 * (see test/fixtures/lbfgs/generate.py). Float32 parameters are handled in float64 internally (PyTorch
 * would compute in float32).
 */
import { InputError } from '../errors.js';
import { choice, integer, number, orNull } from '../config/settings.js';
import { pytorchRelease } from '../config/pytorchRelease.js';
import { check } from '../config/validate.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { lr } from './optionRows.js';
import { addScaled, dot, maxAbs, maxAbsScaled } from '../util/vector.js';
import { strongWolfe, type StepLength, type StrongWolfeBuffers, type StrongWolfeResult } from './lineSearch.js';
import { FlatParams } from './flatParams.js';
import { Optimizer, type Closure, type ParamsInput } from './optimizer.js';
import { pyMin, torchSumAbs } from './pytorchArithmetic.js';

export type LineSearchFn = 'strong_wolfe';

export const LBFGS_OPTIONS = optionTable({
  lr: lr(1, 'the step length before the line search'),
  maxIter: integer({ default: 20, min: 1, help: 'inner iterations per step' }),
  maxEval: orNull(integer({ min: 1, help: 'loss evaluations per step (null: ⌊maxIter·5/4⌋)' }), { default: null }),
  toleranceGrad: number({ default: 1e-7, min: 0, scale: 'log', help: 'stop when max|g| ≤ toleranceGrad' }),
  toleranceChange: number({
    default: 1e-9,
    min: 0,
    scale: 'log',
    help: 'stop when the step or the loss change is below this',
  }),
  historySize: integer({ default: 100, min: 1, help: 'how many (y, s) pairs to remember' }),
  lineSearchFn: orNull(choice(['strong_wolfe'], { help: "null: the fixed step; 'strong_wolfe': a line search" }), {
    default: null,
  }),
  pytorch: pytorchRelease("the line search's budget: what the step has left (2.10+) or 25 evaluations (1.13)"),
});

export type LbfgsOptions = OptionValues<typeof LBFGS_OPTIONS>;

/** PyTorch's default: `max_iter * 5 // 4`. */
function defaultMaxEval(maxIter: number): number {
  return Math.floor((maxIter * 5) / 4);
}

/**
 * Everything L-BFGS carries from one step to the next (PyTorch keeps the same entries in the state of
 * the first parameter). `d`, `t`, `prevFlatGrad` and `prevLoss` are meaningful once `nIter` ≥ 1.
 */
interface LbfgsState {
  /** Loss evaluations over all steps. */
  funcEvals: number;
  /** Inner iterations over all steps. */
  nIter: number;
  /** The last search direction and the step length taken along it. */
  d: Float64Array;
  t: number;
  /** The pairs yᵢ = Δg and sᵢ = Δθ, oldest first, and ρᵢ = 1/yᵢᵀsᵢ. */
  oldDirs: Float64Array[];
  oldStps: Float64Array[];
  ro: number[];
  /** The scale H₀ = yᵀs/yᵀy of the initial inverse-Hessian approximation. */
  hDiag: number;
  prevFlatGrad: Float64Array;
  prevLoss: number;
  /** The αᵢ of the two-loop recursion (scratch that PyTorch also keeps in its state). */
  al: Float64Array;
}

export class LbfgsOptimizer extends Optimizer<LbfgsOptions, undefined> {
  private readonly flat: FlatParams;
  private readonly size: number;
  /** The gradient over all parameters at the current point (PyTorch's `flat_grad`). */
  private readonly flatGrad: Float64Array;
  private history: LbfgsState;
  /** A pair of vectors evicted from the history (or not admitted), reused for the next (y, s). */
  private spare: [Float64Array, Float64Array] | undefined;
  private search: StrongWolfeBuffers | undefined;

  constructor(params: ParamsInput<LbfgsOptions>, options: Partial<LbfgsOptions> = {}) {
    // PyTorch fixes max_eval from the constructor's max_iter before building the groups.
    const maxIter = options.maxIter ?? LBFGS_OPTIONS.defaults.maxIter;
    const maxEval = options.maxEval ?? (typeof maxIter === 'number' ? defaultMaxEval(maxIter) : null);
    super('lbfgs', LBFGS_OPTIONS, params, { ...options, maxEval });
    if (this.groups.length !== 1) {
      throw new InputError(
        `lbfgs: params must form one parameter group, as L-BFGS has no per-group options (got ${this.groups.length} groups)`,
      );
    }
    this.flat = new FlatParams(this.groups);
    this.size = this.flat.size;
    this.flatGrad = new Float64Array(this.size);
    this.history = this.freshHistory();
  }

  /** The loss at the start of the step (PyTorch's `orig_loss`); the closure may run up to maxEval times. */
  override step(closure: Closure): number {
    check(
      typeof closure === 'function',
      'lbfgs',
      'the argument of step',
      'a closure that returns the loss and fills in the gradients',
      closure,
    );
    const o = this.groups[0].options;
    const maxEval = o.maxEval ?? defaultMaxEval(o.maxIter);
    const state = this.history;
    const { flatGrad } = this;

    const origLoss = closure();
    let loss = Number(origLoss);
    let currentEvals = 1;
    state.funcEvals++;
    this.flat.readGradients(flatGrad);
    let optCond = maxAbs(flatGrad) <= o.toleranceGrad;
    if (optCond) return origLoss;

    let nIter = 0;
    while (nIter < o.maxIter) {
      nIter++;
      state.nIter++;

      if (state.nIter === 1) {
        for (let i = 0; i < flatGrad.length; i++) state.d[i] = -flatGrad[i];
        state.oldDirs = [];
        state.oldStps = [];
        state.ro = [];
        state.hDiag = 1;
      } else {
        this.updateHistory(o.historySize);
        this.computeDirection(o.historySize);
      }
      state.prevFlatGrad.set(flatGrad);
      state.prevLoss = loss;

      const initialStep = this.initialStep(o.lr);
      state.t = initialStep.value;
      const gtd = dot(flatGrad, state.d);
      if (gtd > -o.toleranceChange) break;

      let lsFuncEvals = 0;
      if (o.lineSearchFn !== null) {
        const maxLs = o.pytorch === '2' ? maxEval - currentEvals : undefined;
        const result = this.strongWolfeSearch(closure, initialStep, loss, gtd, o.toleranceChange, maxLs);
        loss = result.loss;
        state.t = result.t;
        lsFuncEvals = result.evaluations;
        this.flat.moveAlong(state.t, state.d);
        optCond = maxAbs(flatGrad) <= o.toleranceGrad;
      } else {
        this.flat.moveAlong(state.t, state.d);
        // In PyTorch's stochastic setting the loss after the last iteration is of no use, so it is skipped.
        if (nIter !== o.maxIter) {
          loss = Number(closure());
          this.flat.readGradients(flatGrad);
          optCond = maxAbs(flatGrad) <= o.toleranceGrad;
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.funcEvals += lsFuncEvals;

      if (nIter === o.maxIter || currentEvals >= maxEval || optCond) break;
      if (maxAbsScaled(state.d, state.t) <= o.toleranceChange) break;
      if (Math.abs(loss - state.prevLoss) < o.toleranceChange) break;
    }
    return origLoss;
  }

  /** Loss evaluations over all steps so far (PyTorch's `state['func_evals']`). */
  get funcEvals(): number {
    return this.history.funcEvals;
  }

  /** Inner iterations over all steps so far (PyTorch's `state['n_iter']`). */
  get nIter(): number {
    return this.history.nIter;
  }

  protected override globalState(): unknown {
    return this.history;
  }

  protected override loadGlobalState(saved: unknown): void {
    if (saved === undefined) {
      this.history = this.freshHistory();
      return;
    }
    this.history = this.checkSavedHistory(saved);
    this.spare = undefined;
  }

  private freshHistory(): LbfgsState {
    const n = this.size;
    return {
      funcEvals: 0,
      nIter: 0,
      d: new Float64Array(n),
      t: 0,
      oldDirs: [],
      oldStps: [],
      ro: [],
      hDiag: 1,
      prevFlatGrad: new Float64Array(n),
      prevLoss: 0,
      al: new Float64Array(this.groups[0].options.historySize),
    };
  }

  /** A saved history must be for as many values as this optimizer has, with matching history lists. */
  private checkSavedHistory(saved: unknown): LbfgsState {
    const n = this.size;
    const isVector = (v: unknown): boolean => v instanceof Float64Array && v.length === n;
    const h = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<LbfgsState>;
    const fits =
      typeof h.funcEvals === 'number' &&
      typeof h.nIter === 'number' &&
      typeof h.t === 'number' &&
      typeof h.hDiag === 'number' &&
      typeof h.prevLoss === 'number' &&
      isVector(h.d) &&
      isVector(h.prevFlatGrad) &&
      h.al instanceof Float64Array &&
      Array.isArray(h.ro) &&
      Array.isArray(h.oldDirs) &&
      Array.isArray(h.oldStps) &&
      h.oldDirs.length === h.ro.length &&
      h.oldStps.length === h.ro.length &&
      h.oldDirs.every(isVector) &&
      h.oldStps.every(isVector);
    if (!fits) {
      throw new InputError(
        `lbfgs: the saved history must hold float64 vectors of length ${n}, one per parameter value, in matching lists`,
      );
    }
    return h as LbfgsState;
  }

  /**
   * The first step ever is min(1, 1/‖g‖₁)·lr, shorter when the gradient is large; later ones start from
   * lr. In PyTorch 1/‖g‖₁ is a tensor, and stays one when min picks it.
   */
  private initialStep(lr: number): StepLength {
    if (this.history.nIter !== 1) return { value: lr, tensor: false };
    const inverse = 1 / torchSumAbs(this.flatGrad);
    return { value: pyMin(1, inverse) * lr, tensor: inverse < 1 };
  }

  /** Adds y = g − g_prev, s = t·d to the history when yᵀs > 1e-10 (the curvature condition). */
  private updateHistory(historySize: number): void {
    const state = this.history;
    const g = this.flatGrad;
    const [y, s] = this.spare ?? [new Float64Array(this.size), new Float64Array(this.size)];
    for (let i = 0; i < y.length; i++) {
      y[i] = g[i] - state.prevFlatGrad[i];
      s[i] = state.d[i] * state.t;
    }
    const ys = dot(y, s);
    if (!(ys > 1e-10)) {
      this.spare = [y, s];
      return;
    }
    this.spare = undefined;
    // PyTorch evicts only when exactly full (a history longer than a reduced historySize keeps growing).
    if (state.oldDirs.length === historySize) {
      this.spare = [state.oldDirs.shift() as Float64Array, state.oldStps.shift() as Float64Array];
      state.ro.shift();
    }
    state.oldDirs.push(y);
    state.oldStps.push(s);
    state.ro.push(1 / ys);
    state.hDiag = ys / dot(y, y);
  }

  /** d ← −H g by the two-loop recursion, in place in `d`. */
  private computeDirection(historySize: number): void {
    const state = this.history;
    const { oldDirs, oldStps, ro } = state;
    const numOld = oldDirs.length;
    if (state.al.length < Math.max(historySize, numOld)) state.al = new Float64Array(Math.max(historySize, numOld));
    const { al } = state;
    const q = state.d;
    const g = this.flatGrad;
    for (let k = 0; k < q.length; k++) q[k] = -g[k];
    for (let i = numOld - 1; i >= 0; i--) {
      al[i] = dot(oldStps[i], q) * ro[i];
      addScaled(q, oldDirs[i], -al[i]);
    }
    const r = q;
    for (let k = 0; k < r.length; k++) r[k] = r[k] * state.hDiag;
    for (let i = 0; i < numOld; i++) {
      const be = dot(oldDirs[i], r) * ro[i];
      addScaled(r, oldStps[i], al[i] - be);
    }
  }

  /**
   * The strong-Wolfe search from the current θ along d, from the trial step t; leaves θ where it was and
   * the chosen point's gradient in `flatGrad`.
   */
  private strongWolfeSearch(
    closure: Closure,
    initialStep: StepLength,
    loss: number,
    gtd: number,
    toleranceChange: number,
    maxLs: number | undefined,
  ): StrongWolfeResult {
    const buffers = (this.search ??= {
      start: new Float64Array(this.size),
      trialGrad: new Float64Array(this.size),
      bracketGrad: [new Float64Array(this.size), new Float64Array(this.size)],
    });
    this.flat.readValues(buffers.start);
    const state = this.history;
    const evaluate = (t: number, gradOut: Float64Array): number => {
      this.flat.moveAlong(t, state.d);
      const value = Number(closure());
      this.flat.readGradients(gradOut);
      this.flat.writeValues(buffers.start);
      return value;
    };
    return strongWolfe(evaluate, state.d, initialStep, loss, this.flatGrad, gtd, buffers, toleranceChange, maxLs);
  }
}

/** `lbfgs(params, { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn })`. */
export function lbfgs(params: ParamsInput<LbfgsOptions>, options?: Partial<LbfgsOptions>): LbfgsOptimizer {
  return new LbfgsOptimizer(params, options);
}
