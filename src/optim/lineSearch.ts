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
 */
import { InputError } from '../errors.js';
import { check, checkInteger, checkNonNegative, checkOneOf, resolveOptions } from './options.js';
import { Optimizer, type Closure, type Param, type ParamsInput } from './optimizer.js';

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

const BRACKET_DEFAULTS: BracketOptions = { tolerance: Number.NaN, maxSearchIter: 100, maxDoublings: 10, recordSteps: true, innerPoints: 'golden' };

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
  const o = resolveOptions(owner, BRACKET_DEFAULTS, options);
  if (Number.isNaN(o.tolerance)) o.tolerance = 1e-6 * (d - a);
  validateBracket(o, owner);
  return bracketSearch(f, a, d, o);
}

function validateBracket(o: Omit<BracketOptions, 'recordSteps'>, owner: string): void {
  checkOneOf(owner, 'innerPoints', o.innerPoints, INNER_POINTS);
  checkNonNegative(owner, 'tolerance', o.tolerance);
  checkInteger(owner, 'maxSearchIter', o.maxSearchIter, 1);
  checkInteger(owner, 'maxDoublings', o.maxDoublings, 0);
}

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

const ARMIJO_DEFAULTS: ArmijoOptions = { c: 1e-4, shrink: 0.5, maxSearchIter: 100 };

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
  const o = resolveOptions(owner, ARMIJO_DEFAULTS, options);
  validateArmijo(o, owner);
  return backtrack(f, f0, slope, t0, o);
}

function validateArmijo(o: ArmijoOptions, owner: string): void {
  check(o.c > 0 && o.c < 1, owner, 'c', 'in (0, 1)', o.c);
  check(o.shrink > 0 && o.shrink < 1, owner, 'shrink', 'in (0, 1)', o.shrink);
  checkInteger(owner, 'maxSearchIter', o.maxSearchIter, 1);
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

export interface GdOptions {
  /** The fixed step ('none'), or the end of the first trial interval of the searches (default 1). */
  lr: number;
  /** 'none' (default): gd is fixed-step gradient descent θ ← θ − lr·g. */
  lineSearch: LineSearchKind;
  /** 'bracket': stop when the bracket is narrower than tolerance·lr. */
  tolerance: number;
  /** 'bracket': the most narrowing steps; 'armijo': the most trial steps. */
  maxSearchIter: number;
  /** 'bracket': the most times the interval may double while the loss is still falling at its end. */
  maxDoublings: number;
  /** 'armijo': the sufficient-decrease fraction. */
  c: number;
  /** 'armijo': the factor by which the trial step shrinks. */
  shrink: number;
  /** 'bracket': golden-section inner points, or thirds as UDL's notebooks place them. */
  innerPoints: InnerPoints;
}

const GD_DEFAULTS: GdOptions = {
  lr: 1,
  lineSearch: 'none',
  innerPoints: 'golden',
  tolerance: 1e-6,
  maxSearchIter: 100,
  maxDoublings: 10,
  c: 1e-4,
  shrink: 0.5,
};

const LINE_SEARCHES: readonly LineSearchKind[] = ['none', 'bracket', 'armijo'];

/** The options that describe the one search over all parameters, as opposed to a group's own lr. */
const SEARCH_OPTIONS = ['lineSearch', 'innerPoints', 'tolerance', 'maxSearchIter', 'maxDoublings', 'c', 'shrink'] as const;

function validateGd(o: GdOptions, owner: string): void {
  checkNonNegative(owner, 'lr', o.lr);
  checkOneOf(owner, 'lineSearch', o.lineSearch, LINE_SEARCHES);
  validateBracket(o, owner);
  validateArmijo(o, owner);
}

/** What the last step's search chose: the step as a multiple of lr, and how many losses it evaluated. */
export interface LastSearch {
  scale: number;
  evaluations: number;
}

export class GdOptimizer extends Optimizer<GdOptions, undefined> {
  /** The start point θ in [0, n) and the line's direction lr·g in [n, 2n), over all parameters in order. */
  private readonly work: Float64Array;
  private readonly size: number;
  /** All parameters in order, kept so that a trial step does not rebuild the list. */
  private readonly all: readonly Param[];
  lastSearch: LastSearch | undefined;

  constructor(params: ParamsInput<GdOptions>, options?: Partial<GdOptions>) {
    super('gd', GD_DEFAULTS, params, options, validateGd);
    for (const key of SEARCH_OPTIONS) {
      const first = this.groups[0].options[key];
      for (const group of this.groups) {
        check(group.options[key] === first, 'gd', key, 'the same in every group (the search moves all parameters together)', group.options[key]);
      }
    }
    this.all = this.params;
    this.size = this.all.reduce((total, p) => total + p.data.length, 0);
    this.work = new Float64Array(2 * this.size);
  }

  /** One step; returns the loss at the start point (undefined for 'none' without a closure). */
  override step(closure?: Closure): number | undefined {
    const o = this.groups[0].options;
    if (o.lineSearch === 'none') return this.fixedStep(closure);
    if (closure === undefined) {
      throw new InputError(`gd: step needs a closure with lineSearch '${o.lineSearch}', to evaluate the loss at trial steps`);
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

  /** Copies θ and lr·g into the work buffer; returns g·(lr·g), minus the slope of the loss along the line. */
  private saveStartAndDirection(): number {
    const { work, size } = this;
    let offset = 0;
    let dot = 0;
    for (const { options, params } of this.groups) {
      for (const { data, grad } of params) {
        for (let k = 0; k < data.length; k++) {
          work[offset + k] = data[k];
          work[size + offset + k] = options.lr * grad[k];
          dot += grad[k] * work[size + offset + k];
        }
        offset += data.length;
      }
    }
    return dot;
  }

  /** θ ← start − t·direction. */
  private moveTo(t: number): void {
    const { work, size } = this;
    let offset = 0;
    for (const { data } of this.all) {
      for (let k = 0; k < data.length; k++) data[k] = work[offset + k] - t * work[size + offset + k];
      offset += data.length;
    }
  }
}

/** `gd(params, { lr, lineSearch, … })`: gradient descent, with an optional line search; see `GdOptimizer`. */
export function gd(params: ParamsInput<GdOptions>, options?: Partial<GdOptions>): GdOptimizer {
  return new GdOptimizer(params, options);
}
