/**
 * Gradient descent along −∇L, with a fixed step or a line search for the step length (UDL section 6.1.2,
 * Figure 6.10):
 *
 *   g ← ∇L(θ),  θ ← θ − t·lr·g,   t = 1 ('none'), or the t ≥ 0 that the search picks along that line.
 *
 * 'bracket' (the course's bracketing search; golden-section points): on [a, d] = [0, 1] take inner points
 *   b = a + (1 − r)(d − a),  c = a + r(d − a),  r = (√5 − 1)/2 ≈ 0.618.
 *   If L(b) > L(c) the minimum is not in [a, b], so a ← b; otherwise it is not in [c, d], so d ← c.
 *   The golden ratio makes the surviving inner point the next step's other inner point, so each step costs
 *   one evaluation (with thirds it would cost two) and shrinks the bracket by r. Stop when d − a falls
 *   below the tolerance, and step to (a + d)/2. Before narrowing, while the loss still falls from c to d
 *   the minimum may lie beyond d: d is doubled (a stays), at most `maxDoublings` times.
 *   innerPoints 'thirds' places b and c at a + (d − a)/3 and a + 2(d − a)/3 instead, as the line search of
 *   UDL's Chapter 6 notebooks does, with the same rule: two evaluations per step, the bracket shrinking by 2/3.
 *
 * 'armijo' (backtracking, Nocedal & Wright, Numerical Optimization, Algorithm 3.1): t = 1, 1·ρ, 1·ρ², …
 *   until L(θ − t·lr·g) ≤ L(θ) − c·t·lr·|g|², the sufficient-decrease condition. If no trial in
 *   `maxSearchIter` satisfies it, θ stays where it was.
 *
 * With several parameter groups, group k's part of the line is −lr_k·g_k, so t = 1 is the fixed step and
 * lr is the end of the first interval (the largest trial step unless the bracket grows); the search
 * options, which act on all parameters at once, must be the same in every group.
 *
 * 'strong Wolfe' (L-BFGS's lineSearchFn, Nocedal & Wright Algorithms 3.5–3.6, as PyTorch's `_strong_wolfe`):
 *   a t with L(θ + td) ≤ L(θ) + c₁t gᵀd and |∇L(θ + td)ᵀd| ≤ c₂|gᵀd|, found by extrapolating until a
 *   bracket holds one and then zooming in with cubic interpolation; at the end of this file.
 */
import { InputError } from '../errors.js';
import { boolean, choice, integer, number } from '../config/settings.js';
import { check } from '../config/validate.js';
import { dot, maxAbs } from '../util/vector.js';
import { FlatParams } from './flatParams.js';
import { Optimizer, type Closure, type ParamsInput } from './optimizer.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { lr } from './optionRows.js';
import { pyMin } from './pytorchArithmetic.js';

/** The golden-section ratio r = (√5 − 1)/2, which satisfies r² = 1 − r. */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Where the bracketing search puts its inner points: golden-section ratios, or thirds of the bracket. */
export type InnerPoints = 'golden' | 'thirds';
const INNER_POINTS: readonly InnerPoints[] = ['golden', 'thirds'];

export interface BracketStep {
  a: number;
  b: number;
  c: number;
  d: number;
}

export interface BracketOptions {
  /** Stop when d − a is below this; default 1e-6 times the width of the interval first given. */
  tolerance: number;
  /** The most narrowing steps. */
  maxSearchIter: number;
  /** The most times d may double while the loss is still falling at d. */
  maxDoublings: number;
  /** Keep every narrowing step in `steps` (for figures); false keeps none and allocates nothing per step. */
  recordSteps: boolean;
  innerPoints: InnerPoints;
}

export interface BracketResult {
  /** The chosen point: the middle of the final bracket. */
  t: number;
  /** The final bracket. */
  a: number;
  d: number;
  /** The bracket and its inner points before each narrowing step. */
  steps: BracketStep[];
  /** How many times f was called. */
  evaluations: number;
}

/** Bracketing search (golden-section or thirds) for a minimum of `f` on [a, d], after growing d until the minimum is bracketed. */
export function bracketLineSearch(
  f: (t: number) => number,
  a: number,
  d: number,
  options?: Partial<BracketOptions>,
): BracketResult {
  const owner = 'bracketLineSearch';
  check(Number.isFinite(a), owner, 'a', 'finite', a);
  check(Number.isFinite(d) && d >= a, owner, 'd', `finite and >= a = ${a}`, d);
  // The tolerance's default is relative to the interval first given.
  const o = BRACKET_OPTIONS.resolve(owner, options, { ...BRACKET_OPTIONS.defaults, tolerance: 1e-6 * (d - a) });
  return bracketSearch(f, a, d, o);
}

/** The searches' options, declared once for bracketLineSearch, armijoBacktracking and gd. */
const SEARCH_ROWS = {
  innerPoints: choice(INNER_POINTS, {
    default: 'golden',
    help: "'bracket': golden-section inner points, or thirds as UDL's notebooks place them",
  }),
  tolerance: number({
    default: 1e-6,
    min: 0,
    scale: 'log',
    help: "'bracket': stop when the bracket is narrower than tolerance·lr",
  }),
  maxSearchIter: integer({
    default: 100,
    min: 1,
    help: "'bracket': the most narrowing steps; 'armijo': the most trial steps",
  }),
  maxDoublings: integer({
    default: 10,
    min: 0,
    help: "'bracket': the most times the interval may double while the loss still falls",
  }),
  c: number({
    default: 1e-4,
    min: 0,
    max: 1,
    minOpen: true,
    maxOpen: true,
    help: "'armijo': the sufficient-decrease fraction",
  }),
  shrink: number({
    default: 0.5,
    min: 0,
    max: 1,
    minOpen: true,
    maxOpen: true,
    help: "'armijo': the factor by which the trial step shrinks",
  }),
};

const BRACKET_OPTIONS = optionTable<BracketOptions>({
  innerPoints: SEARCH_ROWS.innerPoints,
  tolerance: SEARCH_ROWS.tolerance,
  maxSearchIter: SEARCH_ROWS.maxSearchIter,
  maxDoublings: SEARCH_ROWS.maxDoublings,
  recordSteps: boolean({ default: true, help: 'keep every narrowing step (for figures)' }),
});

const ARMIJO_OPTIONS = optionTable<ArmijoOptions>({
  c: SEARCH_ROWS.c,
  shrink: SEARCH_ROWS.shrink,
  maxSearchIter: SEARCH_ROWS.maxSearchIter,
});

function bracketSearch(f: (t: number) => number, a: number, d: number, o: BracketOptions): BracketResult {
  return o.innerPoints === 'thirds' ? thirdsSection(f, a, d, o) : goldenSection(f, a, d, o);
}

function goldenSection(f: (t: number) => number, a: number, d: number, o: BracketOptions): BracketResult {
  const steps: BracketStep[] = [];
  let c = a + GOLDEN * (d - a);
  let fd = f(d);
  let fc = f(c);
  let evaluations = 2;
  for (let grown = 0; grown < o.maxDoublings && fd < fc; grown++) {
    d = a + 2 * (d - a);
    c = a + GOLDEN * (d - a);
    fd = f(d);
    fc = f(c);
    evaluations += 2;
  }
  let b = a + (1 - GOLDEN) * (d - a);
  let fb = f(b);
  evaluations++;
  for (let iter = 0; iter < o.maxSearchIter && d - a > o.tolerance; iter++) {
    if (o.recordSteps) steps.push({ a, b, c, d });
    // A NaN loss compares false, so the bracket moves away from a NaN at c towards a.
    if (fb > fc) {
      a = b;
      b = c;
      fb = fc;
      c = a + GOLDEN * (d - a);
      fc = f(c);
    } else {
      d = c;
      c = b;
      fc = fb;
      b = a + (1 - GOLDEN) * (d - a);
      fb = f(b);
    }
    evaluations++;
  }
  return { t: (a + d) / 2, a, d, steps, evaluations };
}

/** The same search with inner points at thirds of [a, d]: both are new after every step. */
function thirdsSection(f: (t: number) => number, a: number, d: number, o: BracketOptions): BracketResult {
  const steps: BracketStep[] = [];
  let c = a + (2 * (d - a)) / 3;
  let fd = f(d);
  let fc = f(c);
  let evaluations = 2;
  for (let grown = 0; grown < o.maxDoublings && fd < fc; grown++) {
    d = a + 2 * (d - a);
    c = a + (2 * (d - a)) / 3;
    fd = f(d);
    fc = f(c);
    evaluations += 2;
  }
  let b = a + (d - a) / 3;
  let fb = f(b);
  evaluations++;
  for (let iter = 0; iter < o.maxSearchIter && d - a > o.tolerance; iter++) {
    if (o.recordSteps) steps.push({ a, b, c, d });
    if (fb > fc) a = b;
    else d = c;
    b = a + (d - a) / 3;
    c = a + (2 * (d - a)) / 3;
    fb = f(b);
    fc = f(c);
    evaluations += 2;
  }
  return { t: (a + d) / 2, a, d, steps, evaluations };
}

export interface ArmijoOptions {
  /** The fraction of the linear decrease that a step must achieve (0 < c < 1). */
  c: number;
  /** The factor ρ by which t shrinks after a failed trial (0 < ρ < 1). */
  shrink: number;
  /** The most trial steps. */
  maxSearchIter: number;
}

export interface ArmijoResult {
  /** The first trial step that satisfied the condition, or 0 when none did. */
  t: number;
  satisfied: boolean;
  evaluations: number;
}

/**
 * Backtracking from t = t0 until f(t) ≤ f0 + c·t·slope, where f0 = f(0) and slope = f′(0) (negative along a
 * descent direction; −|g|² along −g).
 */
export function armijoBacktracking(
  f: (t: number) => number,
  f0: number,
  slope: number,
  t0: number,
  options?: Partial<ArmijoOptions>,
): ArmijoResult {
  const owner = 'armijoBacktracking';
  check(Number.isFinite(f0), owner, 'f0', 'finite', f0);
  check(Number.isFinite(slope), owner, 'slope', 'finite', slope);
  check(Number.isFinite(t0) && t0 >= 0, owner, 't0', 'finite and >= 0', t0);
  const o = ARMIJO_OPTIONS.resolve(owner, options);
  return backtrack(f, f0, slope, t0, o);
}

function backtrack(f: (t: number) => number, f0: number, slope: number, t0: number, o: ArmijoOptions): ArmijoResult {
  let t = t0;
  for (let trial = 1; trial <= o.maxSearchIter; trial++) {
    if (f(t) <= f0 + o.c * t * slope) return { t, satisfied: true, evaluations: trial };
    t *= o.shrink;
  }
  return { t: 0, satisfied: false, evaluations: o.maxSearchIter };
}

export type LineSearchKind = 'none' | 'bracket' | 'armijo';

export const GD_OPTIONS = optionTable({
  lr: lr(1, "the fixed step ('none'), or the end of the searches' first trial interval"),
  lineSearch: choice(['none', 'bracket', 'armijo'], {
    default: 'none',
    help: "'none': fixed-step gradient descent θ ← θ − lr·g",
  }),
  ...SEARCH_ROWS,
});

export type GdOptions = OptionValues<typeof GD_OPTIONS>;

/** The options that describe the one search over all parameters, as opposed to a group's own lr. */
const SEARCH_OPTIONS = [
  'lineSearch',
  'innerPoints',
  'tolerance',
  'maxSearchIter',
  'maxDoublings',
  'c',
  'shrink',
] as const;

/** What the last step's search chose: the step as a multiple of lr, and how many losses it evaluated. */
export interface LastSearch {
  scale: number;
  evaluations: number;
}

export class GdOptimizer extends Optimizer<GdOptions, undefined> {
  private readonly flat: FlatParams;
  /** The start point θ and the line's direction lr·g, over all parameters in order. */
  private readonly start: Float64Array;
  private readonly direction: Float64Array;
  lastSearch: LastSearch | undefined;

  constructor(params: ParamsInput<GdOptions>, options?: Partial<GdOptions>) {
    super('gd', GD_OPTIONS, params, options);
    for (const key of SEARCH_OPTIONS) {
      const first = this.groups[0].options[key];
      for (const group of this.groups) {
        check(
          group.options[key] === first,
          'gd',
          key,
          'the same in every group (the search moves all parameters together)',
          group.options[key],
        );
      }
    }
    this.flat = new FlatParams(this.groups);
    this.start = new Float64Array(this.flat.size);
    this.direction = new Float64Array(this.flat.size);
  }

  /** One step; returns the loss at the start point (undefined for 'none' without a closure). */
  override step(closure?: Closure): number | undefined {
    const o = this.groups[0].options;
    if (o.lineSearch === 'none') return this.fixedStep(closure);
    if (closure === undefined) {
      throw new InputError(
        `gd: step needs a closure with lineSearch '${o.lineSearch}', to evaluate the loss at trial steps`,
      );
    }
    const loss = closure();
    const slope = -this.saveStartAndDirection();
    const alongLine = (t: number): number => {
      this.moveTo(t);
      return closure();
    };
    const { t, evaluations } =
      o.lineSearch === 'bracket'
        ? bracketSearch(alongLine, 0, 1, { ...o, recordSteps: false })
        : backtrack(alongLine, loss, slope, 1, o);
    this.moveTo(t);
    this.lastSearch = { scale: t, evaluations };
    return loss;
  }

  private fixedStep(closure?: Closure): number | undefined {
    const loss = closure?.();
    for (const { options, params } of this.groups) {
      for (const { data, grad } of params) for (let k = 0; k < data.length; k++) data[k] -= options.lr * grad[k];
    }
    this.lastSearch = { scale: 1, evaluations: 0 };
    return loss;
  }

  /** Saves θ and lr·g; returns g·(lr·g), minus the slope of the loss along the line. */
  private saveStartAndDirection(): number {
    const { start, direction } = this;
    this.flat.readValues(start);
    let slope = 0;
    this.flat.forEachParam(({ grad }, offset, group) => {
      const { lr } = this.groups[group].options;
      for (let k = 0; k < grad.length; k++) {
        direction[offset + k] = lr * grad[k];
        slope += grad[k] * direction[offset + k];
      }
    });
    return slope;
  }

  /** θ ← start − t·direction. */
  private moveTo(t: number): void {
    this.flat.moveAlong(-t, this.direction, this.start);
  }
}

/** `gd(params, { lr, lineSearch, … })`: gradient descent, with an optional line search; see `GdOptimizer`. */
export function gd(params: ParamsInput<GdOptions>, options?: Partial<GdOptions>): GdOptimizer {
  return new GdOptimizer(params, options);
}

// ---------------------------------------------------------------------------------------------------
// The strong-Wolfe line search of L-BFGS (PyTorch's `_strong_wolfe` and `_cubic_interpolate`, ported from
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
    const minPos =
      a <= b
        ? b - (b - a) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
        : a - (a - b) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
    return pyMinStep(pyMaxStep({ value: minPos, tensor: true }, xminBound), xmaxBound);
  }
  return { value: (xminBound.value + xmaxBound.value) / 2, tensor: xminBound.tensor || xmaxBound.tensor };
}

export interface StrongWolfeResult {
  loss: number;
  t: number;
  evaluations: number;
}

/** The buffers the strong-Wolfe search works in, made on its first use. */
export interface StrongWolfeBuffers {
  /** The parameters at the start of the search, θ₀, restored after each trial. */
  readonly start: Float64Array;
  /** The gradient at the latest trial point. */
  readonly trialGrad: Float64Array;
  /** The gradients at the two ends of the bracket. */
  readonly bracketGrad: [Float64Array, Float64Array];
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
export function strongWolfe(
  evaluate: (t: number, gradOut: Float64Array) => number,
  d: Float64Array,
  initialStep: StepLength,
  f: number,
  g: Float64Array,
  gtd: number,
  buffers: StrongWolfeBuffers,
  toleranceChange: number,
  /** The evaluations the search may make (PyTorch's max_ls): 25, or what L-BFGS's step has left (2.x). */
  maxLs = MAX_LINE_SEARCH,
): StrongWolfeResult {
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
  while (lsIter < maxLs) {
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
  if (lsIter === maxLs) {
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
  while (!done && lsIter < maxLs) {
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
