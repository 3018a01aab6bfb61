/**
 * L-BFGS (PyTorch 1.13 `torch.optim.LBFGS`, torch/optim/lbfgs.py; Nocedal & Wright, Numerical Optimization,
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
 * alpha=t) is p + t·d, dot products sum in index order as the reference BLAS ddot does, ‖g‖₁ sums in the
 * order of PyTorch's cascade sum, and a Python float divided by a 0-d tensor is x·(1/y) (see StepLength).
 * PyTorch's AVX2 kernels fuse p + t·d into one rounding, so runs there drift from these by rounding
 * (see test/fixtures/lbfgs/generate.py). Float32 parameters are handled in float64 internally (PyTorch
 * would compute in float32).
 */
import { InputError } from '../errors.js';
import { check, checkInteger, checkNonNegative, checkOneOf } from './options.js';
import { Optimizer, type Closure, type Param, type ParamsInput } from './optimizer.js';

export type LineSearchFn = 'strong_wolfe';

export interface LbfgsOptions {
  /** The step length before the line search (default 1). */
  lr: number;
  /** Inner iterations per step (default 20). */
  maxIter: number;
  /** Loss evaluations per step; null (default) means ⌊maxIter·5/4⌋, fixed when the optimizer is made. */
  maxEval: number | null;
  /** Stop when max|g| ≤ toleranceGrad (default 1e-7). */
  toleranceGrad: number;
  /** Stop when the step, the loss change or the directional derivative is below this (default 1e-9). */
  toleranceChange: number;
  /** How many (y, s) pairs to remember (default 100). */
  historySize: number;
  /** null (default): the fixed step t; 'strong_wolfe': a line search. */
  lineSearchFn: LineSearchFn | null;
}

export const LBFGS_DEFAULTS: LbfgsOptions = {
  lr: 1,
  maxIter: 20,
  maxEval: null,
  toleranceGrad: 1e-7,
  toleranceChange: 1e-9,
  historySize: 100,
  lineSearchFn: null,
};

const LINE_SEARCH_FNS: readonly (LineSearchFn | null)[] = [null, 'strong_wolfe'];

function validateLbfgs(o: LbfgsOptions, owner: string): void {
  checkNonNegative(owner, 'lr', o.lr);
  checkInteger(owner, 'maxIter', o.maxIter, 1);
  check(o.maxEval === null || (Number.isInteger(o.maxEval) && o.maxEval >= 1), owner, 'maxEval', 'null or an integer >= 1', o.maxEval);
  checkNonNegative(owner, 'toleranceGrad', o.toleranceGrad);
  checkNonNegative(owner, 'toleranceChange', o.toleranceChange);
  checkInteger(owner, 'historySize', o.historySize, 1);
  checkOneOf(owner, 'lineSearchFn', o.lineSearchFn, LINE_SEARCH_FNS);
}

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

/** The buffers the strong-Wolfe search works in, made on its first use. */
interface SearchBuffers {
  /** The parameters at the start of the search, θ₀, restored after each trial. */
  readonly start: Float64Array;
  /** The gradient at the latest trial point. */
  readonly trialGrad: Float64Array;
  /** The gradients at the two ends of the bracket. */
  readonly bracketGrad: [Float64Array, Float64Array];
}

export class LbfgsOptimizer extends Optimizer<LbfgsOptions, undefined> {
  private readonly all: readonly Param[];
  private readonly size: number;
  /** The gradient over all parameters at the current point (PyTorch's `flat_grad`). */
  private readonly flatGrad: Float64Array;
  private history: LbfgsState;
  /** A pair of vectors evicted from the history (or not admitted), reused for the next (y, s). */
  private spare: [Float64Array, Float64Array] | undefined;
  private search: SearchBuffers | undefined;

  constructor(params: ParamsInput<LbfgsOptions>, options: Partial<LbfgsOptions> = {}) {
    // PyTorch fixes max_eval from the constructor's max_iter before building the groups.
    const maxIter = options.maxIter ?? LBFGS_DEFAULTS.maxIter;
    const maxEval = options.maxEval ?? (typeof maxIter === 'number' ? defaultMaxEval(maxIter) : null);
    super('lbfgs', LBFGS_DEFAULTS, params, { ...options, maxEval }, validateLbfgs);
    if (this.groups.length !== 1) {
      throw new InputError(`lbfgs: params must form one parameter group, as L-BFGS has no per-group options (got ${this.groups.length} groups)`);
    }
    this.all = this.params;
    this.size = this.all.reduce((total, p) => total + p.data.length, 0);
    this.flatGrad = new Float64Array(this.size);
    this.history = this.freshHistory();
  }

  /** The loss at the start of the step (PyTorch's `orig_loss`); the closure may run up to maxEval times. */
  override step(closure: Closure): number {
    check(typeof closure === 'function', 'lbfgs', 'the argument of step', 'a closure that returns the loss and fills in the gradients', closure);
    const o = this.groups[0].options;
    const maxEval = o.maxEval ?? defaultMaxEval(o.maxIter);
    const state = this.history;
    const { flatGrad } = this;

    const origLoss = closure();
    let loss = Number(origLoss);
    let currentEvals = 1;
    state.funcEvals++;
    this.gatherFlatGrad(flatGrad);
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
        const result = this.strongWolfeSearch(closure, initialStep, loss, gtd, o.toleranceChange);
        loss = result.loss;
        state.t = result.t;
        lsFuncEvals = result.evaluations;
        this.addToParams(state.t, state.d);
        optCond = maxAbs(flatGrad) <= o.toleranceGrad;
      } else {
        this.addToParams(state.t, state.d);
        // In PyTorch's stochastic setting the loss after the last iteration is of no use, so it is skipped.
        if (nIter !== o.maxIter) {
          loss = Number(closure());
          this.gatherFlatGrad(flatGrad);
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
      throw new InputError(`lbfgs: the saved history must hold float64 vectors of length ${n}, one per parameter value, in matching lists`);
    }
    return h as LbfgsState;
  }

  /** flat ← the gradients of all parameters, in order. */
  private gatherFlatGrad(flat: Float64Array): void {
    let offset = 0;
    for (const { grad } of this.all) {
      flat.set(grad, offset);
      offset += grad.length;
    }
  }

  /** θ ← θ + t·d (PyTorch's `p.add_(d, alpha=t)`). */
  private addToParams(t: number, d: Float64Array): void {
    let offset = 0;
    for (const { data } of this.all) {
      for (let k = 0; k < data.length; k++) data[k] = data[k] + t * d[offset + k];
      offset += data.length;
    }
  }

  /** θ ← the flat vector x. */
  private setParams(x: Float64Array): void {
    let offset = 0;
    for (const { data } of this.all) {
      data.set(x.subarray(offset, offset + data.length));
      offset += data.length;
    }
  }

  /** into ← θ, all parameters in order. */
  private copyParams(into: Float64Array): void {
    let offset = 0;
    for (const { data } of this.all) {
      into.set(data, offset);
      offset += data.length;
    }
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
  private strongWolfeSearch(closure: Closure, initialStep: StepLength, loss: number, gtd: number, toleranceChange: number): LineSearchResult {
    const buffers = (this.search ??= {
      start: new Float64Array(this.size),
      trialGrad: new Float64Array(this.size),
      bracketGrad: [new Float64Array(this.size), new Float64Array(this.size)],
    });
    this.copyParams(buffers.start);
    const state = this.history;
    const evaluate = (t: number, gradOut: Float64Array): number => {
      this.addToParams(t, state.d);
      const value = Number(closure());
      this.gatherFlatGrad(gradOut);
      this.setParams(buffers.start);
      return value;
    };
    return strongWolfe(evaluate, state.d, initialStep, loss, this.flatGrad, gtd, buffers, toleranceChange);
  }
}

/** `lbfgs(params, { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn })`. */
export function lbfgs(params: ParamsInput<LbfgsOptions>, options?: Partial<LbfgsOptions>): LbfgsOptimizer {
  return new LbfgsOptimizer(params, options);
}

// ---------------------------------------------------------------------------------------------------
// The strong-Wolfe line search (PyTorch's `_strong_wolfe` and `_cubic_interpolate`, ported from
// torch/optim's lswolfe.lua and polyinterp.lua).

/**
 * A step length as PyTorch's line search holds it: a Python float, or a 0-d tensor once it came out of
 * tensor arithmetic (the interpolated minimum always does; a bound or a plain lr does not). The
 * difference shows in one place: a float divided by a tensor is computed as x·(1/y)
 * (torch.Tensor.__rtruediv__), which can round differently from x/y, and the line search divides by
 * differences of step lengths.
 */
export interface StepLength {
  readonly value: number;
  readonly tensor: boolean;
}

const ZERO_STEP: StepLength = { value: 0, tensor: false };

/**
 * The minimiser of the cubic through (x₁, f₁) and (x₂, f₂) with slopes g₁, g₂, clamped into the bounds
 * (default: the interval between x₁ and x₂); their midpoint when the cubic has no minimum:
 *   d₁ = g₁ + g₂ − 3(f₁ − f₂)/(x₁ − x₂),  d₂ = √(d₁² − g₁g₂)
 *   x = x₂ − (x₂ − x₁)·(g₂ + d₂ − d₁)/(g₂ − g₁ + 2d₂)      (for x₁ ≤ x₂; mirrored otherwise)
 * The slopes are tensors in PyTorch (directional derivatives), so the minimiser is one too.
 */
export function cubicInterpolate(
  x1: StepLength,
  f1: number,
  g1: number,
  x2: StepLength,
  f2: number,
  g2: number,
  bounds?: readonly [StepLength, StepLength],
): StepLength {
  const [xminBound, xmaxBound] = bounds ?? (x1.value <= x2.value ? [x1, x2] : [x2, x1]);
  const a = x1.value;
  const b = x2.value;
  const scaledDrop = 3 * (f1 - f2);
  const d1 = g1 + g2 - (x1.tensor || x2.tensor ? (1 / (a - b)) * scaledDrop : scaledDrop / (a - b));
  const d2Square = d1 * d1 - g1 * g2;
  if (d2Square >= 0) {
    const d2 = Math.sqrt(d2Square);
    const minPos = a <= b ? b - (b - a) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : a - (a - b) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return pyMinStep(pyMaxStep({ value: minPos, tensor: true }, xminBound), xmaxBound);
  }
  return { value: (xminBound.value + xmaxBound.value) / 2, tensor: xminBound.tensor || xmaxBound.tensor };
}

interface LineSearchResult {
  loss: number;
  t: number;
  evaluations: number;
}

const WOLFE_C1 = 1e-4;
const WOLFE_C2 = 0.9;
const MAX_LINE_SEARCH = 25;

/**
 * Finds t along d with L(θ + td) ≤ L(θ) + c₁t gᵀd (sufficient decrease) and |∇L(θ + td)ᵀd| ≤ c₂|gᵀd|
 * (curvature): first extrapolates until a bracket holds such a point, then zooms into it.
 * `evaluate(t, gradOut)` returns L(θ + td) and writes its gradient; `g` holds the gradient at θ on entry
 * and the chosen point's gradient on return.
 */
function strongWolfe(
  evaluate: (t: number, gradOut: Float64Array) => number,
  d: Float64Array,
  initialStep: StepLength,
  f: number,
  g: Float64Array,
  gtd: number,
  buffers: SearchBuffers,
  toleranceChange: number,
): LineSearchResult {
  const { trialGrad: gNew, bracketGrad } = buffers;
  const dNorm = maxAbs(d);
  let t = initialStep;
  let fNew = evaluate(t.value, gNew);
  let evaluations = 1;
  let gtdNew = dot(gNew, d);

  // Bracketing: bracketGrad[0] holds g_prev while extrapolating.
  let tPrev = ZERO_STEP;
  let fPrev = f;
  let gtdPrev = gtd;
  bracketGrad[0].set(g);
  let lsIter = 0;
  const bracket: [StepLength, StepLength] = [ZERO_STEP, ZERO_STEP];
  const bracketF: [number, number] = [0, 0];
  const bracketGtd: [number, number] = [0, 0];
  const setBracket = (): void => {
    bracket[0] = tPrev;
    bracket[1] = t;
    bracketF[0] = fPrev;
    bracketF[1] = fNew;
    bracketGtd[0] = gtdPrev;
    bracketGtd[1] = gtdNew;
    bracketGrad[1].set(gNew);
  };
  while (lsIter < MAX_LINE_SEARCH) {
    if (fNew > f + WOLFE_C1 * t.value * gtd || (lsIter > 1 && fNew >= fPrev)) {
      setBracket();
      break;
    }
    if (Math.abs(gtdNew) <= -WOLFE_C2 * gtd) {
      // t satisfies both conditions (PyTorch's one-element bracket, which skips the zoom).
      g.set(gNew);
      return { loss: fNew, t: t.value, evaluations };
    }
    if (gtdNew >= 0) {
      setBracket();
      break;
    }
    const minStep = { value: t.value + 0.01 * (t.value - tPrev.value), tensor: t.tensor || tPrev.tensor };
    const maxStep = { value: t.value * 10, tensor: t.tensor };
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    bracketGrad[0].set(gNew);
    gtdPrev = gtdNew;
    fNew = evaluate(t.value, gNew);
    evaluations++;
    gtdNew = dot(gNew, d);
    lsIter++;
  }
  if (lsIter === MAX_LINE_SEARCH) {
    bracket[0] = ZERO_STEP;
    bracket[1] = t;
    bracketF[0] = f;
    bracketF[1] = fNew;
    bracketGrad[0].set(g);
    bracketGrad[1].set(gNew);
  }

  // Zoom: shrink the bracket until a point satisfies both conditions.
  let insufProgress = false;
  let done = false;
  let lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
  let highPos = 1 - lowPos;
  while (!done && lsIter < MAX_LINE_SEARCH) {
    if (Math.abs(bracket[1].value - bracket[0].value) * dNorm < toleranceChange) break;
    t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
    ({ t, insufProgress } = keepAwayFromEnds(t, bracket, insufProgress));

    fNew = evaluate(t.value, gNew);
    evaluations++;
    gtdNew = dot(gNew, d);
    lsIter++;

    if (fNew > f + WOLFE_C1 * t.value * gtd || fNew >= bracketF[lowPos]) {
      // No sufficient decrease, or not below the low end: t becomes the high end.
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketGrad[highPos].set(gNew);
      bracketGtd[highPos] = gtdNew;
      lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
      highPos = 1 - lowPos;
    } else {
      if (Math.abs(gtdNew) <= -WOLFE_C2 * gtd) {
        done = true;
      } else if (gtdNew * (bracket[highPos].value - bracket[lowPos].value) >= 0) {
        // The minimum lies the other way: the old low end becomes the high end.
        bracket[highPos] = bracket[lowPos];
        bracketF[highPos] = bracketF[lowPos];
        bracketGrad[highPos].set(bracketGrad[lowPos]);
        bracketGtd[highPos] = bracketGtd[lowPos];
      }
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      bracketGrad[lowPos].set(gNew);
      bracketGtd[lowPos] = gtdNew;
    }
  }
  g.set(bracketGrad[lowPos]);
  return { loss: bracketF[lowPos], t: bracket[lowPos].value, evaluations };
}

/**
 * A trial step within a tenth of the bracket's width of an end makes little progress; if the last one
 * did too, or t lies on or beyond an end, it is moved to a tenth of the width inside the nearer end.
 */
function keepAwayFromEnds(
  t: StepLength,
  bracket: readonly [StepLength, StepLength],
  insufProgress: boolean,
): { t: StepLength; insufProgress: boolean } {
  const high = pyMaxStep(bracket[0], bracket[1]);
  const low = pyMinStep(bracket[0], bracket[1]);
  const eps = 0.1 * (high.value - low.value);
  const tensor = high.tensor || low.tensor;
  if (!(pyMin(high.value - t.value, t.value - low.value) < eps)) return { t, insufProgress: false };
  if (insufProgress || t.value >= high.value || t.value <= low.value) {
    const moved = Math.abs(t.value - high.value) < Math.abs(t.value - low.value) ? high.value - eps : low.value + eps;
    return { t: { value: moved, tensor }, insufProgress: false };
  }
  return { t, insufProgress: true };
}

/** Python's max(a, b) on step lengths: a unless b is greater. */
function pyMaxStep(a: StepLength, b: StepLength): StepLength {
  return b.value > a.value ? b : a;
}

/** Python's min(a, b) on step lengths: a unless b is smaller. */
function pyMinStep(a: StepLength, b: StepLength): StepLength {
  return b.value < a.value ? b : a;
}

// ---------------------------------------------------------------------------------------------------
// Vector helpers, each one loop in PyTorch's order of operations.

/** Σ aᵢbᵢ in index order (torch.dot through the reference BLAS ddot). */
function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** a ← a + alpha·b (`a.add_(b, alpha=alpha)`). */
function addScaled(a: Float64Array, b: Float64Array, alpha: number): void {
  for (let i = 0; i < a.length; i++) a[i] = a[i] + alpha * b[i];
}

/** max |aᵢ|; Math.max makes it NaN if any entry is, as torch's max does. */
function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]));
  return max;
}

/** max |aᵢ·t| (`d.mul(t).abs().max()`). */
function maxAbsScaled(a: Float64Array, t: number): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] * t));
  return max;
}

/** Python's min(a, b): a unless b is smaller. */
function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

// ---------------------------------------------------------------------------------------------------
// PyTorch's order of summation for `flat_grad.abs().sum()`.

/** The portable kernels' Vectorized<double> holds 4 values; the cascade sums 4 vectors side by side. */
const LANES = 4;
const ILP = 4;
const LEVELS = 4;

/**
 * Σ |aᵢ| in the order of PyTorch's CPU sum of a contiguous float64 vector (`cascade_sum`,
 * aten/src/ATen/native/cpu/SumKernel.cpp, portable kernels): below 4 values a running sum; otherwise
 * lane l ∈ 0..3 sums a[l], a[l + 4], a[l + 8], … (`row_sum` over vectors), the values past the last full
 * vector are summed first and the four lane sums added to them in turn. Not reproduced: the split across
 * threads that PyTorch makes above 32768 values.
 */
function torchSumAbs(a: Float64Array): number {
  const vectors = Math.floor(a.length / LANES);
  let sum = 0;
  if (vectors === 0) {
    for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]);
    return sum;
  }
  for (let i = vectors * LANES; i < a.length; i++) sum += Math.abs(a[i]);
  for (let lane = 0; lane < LANES; lane++) sum += laneSum(a, lane, vectors);
  return sum;
}

/**
 * One lane of `row_sum` over the vectors v_j = |a[LANES·j + lane]|, j < count: ILP partial sums of
 * v[ILP·r + k] (`multi_row_sum`), the leftover vectors added to the first, then the partials in order.
 */
function laneSum(a: Float64Array, lane: number, count: number): number {
  const rows = Math.floor(count / ILP);
  const at = (row: number, k: number): number => Math.abs(a[LANES * (ILP * row + k) + lane]);
  const partial = multiRowSum(at, rows);
  for (let j = rows * ILP; j < count; j++) partial[0] += Math.abs(a[LANES * j + lane]);
  let sum = partial[0];
  for (let k = 1; k < ILP; k++) sum += partial[k];
  return sum;
}

/**
 * `multi_row_sum`: ILP running sums over `rows` rows, cascaded through LEVELS accumulators so that each
 * level adds blocks of 2^levelPower rows of similar magnitude.
 */
function multiRowSum(at: (row: number, k: number) => number, rows: number): Float64Array {
  const levelPower = Math.max(4, Math.floor(ceilLog2(rows) / LEVELS));
  const levelStep = 2 ** levelPower;
  const levelMask = levelStep - 1;
  const acc = Array.from({ length: LEVELS }, () => new Float64Array(ILP));
  let i = 0;
  while (i + levelStep <= rows) {
    for (let j = 0; j < levelStep; j++, i++) for (let k = 0; k < ILP; k++) acc[0][k] += at(i, k);
    for (let j = 1; j < LEVELS; j++) {
      for (let k = 0; k < ILP; k++) {
        acc[j][k] += acc[j - 1][k];
        acc[j - 1][k] = 0;
      }
      if ((i & (levelMask * 2 ** (j * levelPower))) !== 0) break;
    }
  }
  for (; i < rows; i++) for (let k = 0; k < ILP; k++) acc[0][k] += at(i, k);
  for (let j = 1; j < LEVELS; j++) for (let k = 0; k < ILP; k++) acc[0][k] += acc[j][k];
  return acc[0];
}

/** c10's CeilLog2: 1 for x ≤ 2, else ⌈log₂ x⌉. */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : 32 - Math.clz32(x - 1);
}
