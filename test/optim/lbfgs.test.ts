/**
 * L-BFGS against PyTorch 1.13 and 2.x (test/fixtures/lbfgs/lbfgs.json and lbfgs.torch2.json, made by
 * generate.py beside them under each release): every case must follow PyTorch's parameters and losses step
 * by step to 1e-9 relative and count the same function evaluations, iterations and history pairs. Also: `cubicInterpolate` against PyTorch's
 * `_cubic_interpolate`, a run resumed from a JSON state dict against an uninterrupted one (bit for bit),
 * and the option checks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { lbfgs, LBFGS_OPTIONS, type LbfgsOptions } from '../../src/optim/lbfgs.js';
import { cubicInterpolate, type StepLength } from '../../src/optim/lineSearch.js';
import type { Closure, Param } from '../../src/optim/optimizer.js';
import { assertClose, maxRelativeError } from '../helpers/close.js';
import { optionsFor, torchFixtures } from '../helpers/torchFixtures.js';

type ProblemName = 'rosenbrock' | 'beale' | 'plane' | 'quartic' | 'quadratic';

interface Step {
  loss: number;
  params: number[][];
  funcEvals: number;
  nIter: number;
  history: number;
  closureCalls: number;
}

interface Case {
  name: string;
  problem: ProblemName;
  x0: number[][];
  options: Partial<LbfgsOptions>;
  steps: Step[];
}

interface Fixture {
  quadratic: { a: number[][]; c: number[] };
  cubicInterpolate: {
    x1: StepLength;
    f1: number;
    g1: number;
    x2: StepLength;
    f2: number;
    g2: number;
    bounds: [StepLength, StepLength] | null;
    result: StepLength;
  }[];
  cases: Case[];
}

const releases = torchFixtures<Fixture>('lbfgs/lbfgs.json');
/** PyTorch 1.13's, for the tests that need one fixture. */
const fixture = releases[0].data;

/** Loss and gradient at x, with the same expressions in the same order as generate.py (so identical bits). */
type Evaluate = (x: number[]) => [number, number[]];

function rosenbrock(x: number[]): [number, number[]] {
  const a = 1;
  const b = 100;
  const u = a - x[0];
  const v = x[1] - x[0] * x[0];
  const f = u * u + b * (v * v);
  const gx = -2 * u - 4 * b * x[0] * v;
  const gy = 2 * b * v;
  return [f, [gx, gy]];
}

function beale([X, Y]: number[]): [number, number[]] {
  const y2 = Y * Y;
  const y3 = y2 * Y;
  const t1 = 1.5 - X + X * Y;
  const t2 = 2.25 - X + X * y2;
  const t3 = 2.625 - X + X * y3;
  const f = t1 * t1 + t2 * t2 + t3 * t3;
  const gx = 2 * t1 * (Y - 1) + 2 * t2 * (y2 - 1) + 2 * t3 * (y3 - 1);
  const gy = 2 * t1 * X + 2 * t2 * (2 * X * Y) + 2 * t3 * (3 * X * y2);
  return [f, [gx, gy]];
}

function quartic([X]: number[]): [number, number[]] {
  const f = (((0.3 * X + 1.7) * X - 0.5) * X + 0.5) * X - 1.4;
  const g = ((4 * 0.3 * X + 3 * 1.7) * X - 2 * 0.5) * X + 0.5;
  return [f, [g]];
}

function plane(x: number[]): [number, number[]] {
  return [0.5 * x[0] - 0.25 * x[1], [0.5, -0.25]];
}

/**
 * ½ (x − c)ᵀ A (x − c), gradient A(x − c), sums in index order. Each fixture holds its own A, which
 * generate.py makes by a QR factorization whose last bits depend on the LAPACK that ran it.
 */
const quadratic =
  ({ a, c }: Fixture['quadratic']) =>
  (x: number[]): [number, number[]] => {
    const n = c.length;
    const r = x.map((xi, i) => xi - c[i]);
    const g: number[] = [];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i][j] * r[j];
      g.push(s);
    }
    let f = 0;
    for (let i = 0; i < n; i++) f += r[i] * g[i];
    return [0.5 * f, g];
  };

const problems = (f: Fixture): Record<ProblemName, Evaluate> => ({
  rosenbrock,
  beale,
  plane,
  quartic,
  quadratic: quadratic(f.quadratic),
});
const PROBLEMS = problems(fixture);

function makeParams(x0: number[][]): Param[] {
  return x0.map((values) => ({ data: Float64Array.from(values), grad: new Float64Array(values.length) }));
}

/** A closure over `params` that counts its calls. */
function makeClosure(params: Param[], evaluate: Evaluate): Closure & { calls: number } {
  const closure = Object.assign(
    () => {
      closure.calls++;
      const [f, g] = evaluate(params.flatMap((p) => Array.from(p.data)));
      let offset = 0;
      for (const p of params) {
        p.grad.set(g.slice(offset, offset + p.grad.length));
        offset += p.grad.length;
      }
      return f;
    },
    { calls: 0 },
  );
  return closure;
}

function values(params: Param[]): number[][] {
  return params.map((p) => Array.from(p.data));
}

function historyLength(optimizer: ReturnType<typeof lbfgs>): number {
  return (optimizer.stateDict().global as { oldDirs: unknown[] }).oldDirs.length;
}

for (const { release, torch, data } of releases) {
  let worstRelativeError = 0;

  for (const c of data.cases) {
    test(`lbfgs matches PyTorch ${torch}: ${c.name}`, () => {
      const params = makeParams(c.x0);
      const optimizer = lbfgs(params, optionsFor(release, LBFGS_OPTIONS.rows, c.options));
      const closure = makeClosure(params, problems(data)[c.problem]);
      c.steps.forEach((expected, i) => {
        closure.calls = 0;
        const loss = optimizer.step(closure);
        const where = `step ${i + 1}`;
        assert.equal(closure.calls, expected.closureCalls, `${where}: closure calls`);
        assert.equal(optimizer.funcEvals, expected.funcEvals, `${where}: funcEvals`);
        assert.equal(optimizer.nIter, expected.nIter, `${where}: nIter`);
        assert.equal(historyLength(optimizer), expected.history, `${where}: history length`);
        assertClose(loss, expected.loss, 1e-9, 0, `${where}: loss`);
        assertClose(values(params), expected.params, 1e-9, 0, `${where}: params`);
        worstRelativeError = Math.max(
          worstRelativeError,
          maxRelativeError(values(params), expected.params),
          maxRelativeError(loss, expected.loss),
        );
      });
    });
  }

  test(`the port reproduces PyTorch ${torch} (portable CPU kernels) bit for bit on every fixture`, (t) => {
    t.diagnostic(`largest relative difference from PyTorch over all cases: ${worstRelativeError}`);
    // Beyond the 1e-9 contract: every operation rounds as PyTorch's does (see generate.py for AVX2).
    assert.equal(worstRelativeError, 0);
  });
}

test('the fixtures exercise the history cap, the line search and fixed steps', () => {
  const capped = fixture.cases.filter(
    (c) => c.options.historySize !== undefined && c.steps.some((s) => s.history === c.options.historySize),
  );
  assert.ok(capped.length >= 3);
  assert.ok(fixture.cases.filter((c) => c.options.lineSearchFn === 'strong_wolfe').length >= 5);
  assert.ok(fixture.cases.filter((c) => c.options.lineSearchFn === undefined).length >= 5);
});

test("pytorch '2' (the line search may use only the step's remaining evaluations) parts from 1.13 where it binds", () => {
  // 1.13's fixture runs 1.13's _strong_wolfe with 2.10+'s max_ls = maxEval − evaluations so far (generate.py);
  // PyTorch 2.x's own runs of those cases are the same, bit for bit.
  const torch2 = releases[1].data.cases;
  const budgeted = fixture.cases.filter((c) => c.options.pytorch === '2');
  assert.equal(budgeted.length, 3);
  for (const c of budgeted) {
    assert.deepEqual(c.steps, torch2.find((o) => o.name === c.name)?.steps, `${c.name}: 1.13 with 2.x's budget is 2.x`);
    const stem = c.name.split(", PyTorch 2's budget")[0];
    const sibling = fixture.cases.find((o) => o.options.pytorch === undefined && o.name.startsWith(stem));
    assert.ok(sibling !== undefined, c.name);
    const last = (x: Case) => x.steps[x.steps.length - 1];
    const apart =
      maxRelativeError(last(c).params, last(sibling).params) > 1e-3 || last(c).funcEvals !== last(sibling).funcEvals;
    assert.ok(apart, `${c.name}: the budget made no difference`);
  }
});

test('cubicInterpolate matches PyTorch _cubic_interpolate bit for bit, including bounds, the midpoint and tensor steps', () => {
  for (const { x1, f1, g1, x2, f2, g2, bounds, result } of fixture.cubicInterpolate) {
    const actual = cubicInterpolate(x1, f1, g1, x2, f2, g2, bounds ?? undefined);
    assert.deepEqual(actual, result, `cubicInterpolate(${JSON.stringify([x1, f1, g1, x2, f2, g2, bounds])})`);
  }
  // Dividing by a tensor difference (x·(1/y)) rounds differently here, as PyTorch does.
  const [tensorCall, floatCall] = fixture.cubicInterpolate.filter((c) => c.x1.value === 0.11799654498820011);
  assert.notEqual(tensorCall.result.value, floatCall.result.value);
});

/** Runs `total` steps, stopping after `split` to go through JSON.stringify(stateDict()) into a new optimizer. */
function runResumed(c: Case, total: number, split: number): { losses: number[]; params: number[][]; state: string } {
  const losses: number[] = [];
  let params = makeParams(c.x0);
  let optimizer = lbfgs(params, c.options);
  for (let i = 0; i < total; i++) {
    if (i === split) {
      const saved = JSON.stringify(optimizer.stateDict());
      params = makeParams(values(params));
      optimizer = lbfgs(params, c.options);
      optimizer.loadStateDict(JSON.parse(saved));
    }
    losses.push(optimizer.step(makeClosure(params, PROBLEMS[c.problem])));
  }
  return { losses, params: values(params), state: JSON.stringify(optimizer.stateDict()) };
}

for (const name of [
  'rosenbrock from (-1.5, 2), strong Wolfe, history 3, maxIter 4',
  'quadratic 4+6, fixed step lr 0.5, maxIter 1, history 2',
]) {
  test(`a run resumed from JSON.stringify(stateDict()) is bit-identical: ${name}`, () => {
    const c = fixture.cases.find((k) => k.name === name);
    assert.ok(c, name);
    const total = 12;
    const straight = runResumed(c, total, -1);
    for (const split of [1, 5, 9]) {
      const resumed = runResumed(c, total, split);
      assert.deepEqual(resumed.losses, straight.losses, `split at ${split}: losses`);
      assert.deepEqual(resumed.params, straight.params, `split at ${split}: params`);
      assert.equal(resumed.state, straight.state, `split at ${split}: final state`);
    }
    // The comparison has teeth: a fresh optimizer in place of the saved state takes a different path.
    const params = makeParams(c.x0);
    const first = lbfgs(params, c.options);
    for (let i = 0; i < 5; i++) first.step(makeClosure(params, PROBLEMS[c.problem]));
    const restarted = lbfgs(params, c.options);
    for (let i = 5; i < total; i++) restarted.step(makeClosure(params, PROBLEMS[c.problem]));
    assert.notDeepEqual(values(params), straight.params);
  });
}

test('float32 parameters are optimized too (internally in float64)', () => {
  const params: Param[] = [{ data: Float32Array.from([-1.5, 2]), grad: new Float32Array(2) }];
  const optimizer = lbfgs(params, { lineSearchFn: 'strong_wolfe' });
  const closure = makeClosure(params, rosenbrock);
  for (let i = 0; i < 5; i++) optimizer.step(closure);
  assertClose(Array.from(params[0].data), [1, 1], 0, 1e-3);
});

test('maxEval defaults to ⌊maxIter·5/4⌋ from the constructor, as in PyTorch', () => {
  const p = (): Param[] => makeParams([[0, 0]]);
  assert.equal(lbfgs(p()).groups[0].options.maxEval, 25);
  assert.equal(lbfgs(p(), { maxIter: 7 }).groups[0].options.maxEval, 8);
  assert.equal(lbfgs(p(), { maxIter: 1, maxEval: null }).groups[0].options.maxEval, 1);
  assert.equal(lbfgs(p(), { maxIter: 7, maxEval: 3 }).groups[0].options.maxEval, 3);
  const grouped = lbfgs([{ params: p(), maxIter: 40 }], { maxIter: 8 });
  assert.equal(grouped.groups[0].options.maxEval, 10);
});

test('options are checked with messages naming the valid range', () => {
  const p = (): Param[] => makeParams([[0, 0]]);
  const cases: [Partial<LbfgsOptions> | Record<string, unknown>, string][] = [
    [{ lr: -1 }, 'lbfgs: lr must be >= 0 (got -1)'],
    [{ maxIter: 0 }, 'lbfgs: maxIter must be an integer >= 1 (got 0)'],
    [{ maxIter: 2.5 }, 'lbfgs: maxIter must be an integer >= 1 (got 2.5)'],
    [{ maxEval: 0 }, 'lbfgs: maxEval must be null or an integer >= 1 (got 0)'],
    [{ maxEval: 1.5 }, 'lbfgs: maxEval must be null or an integer >= 1 (got 1.5)'],
    [{ maxEval: '5' }, 'lbfgs: maxEval must be null or an integer >= 1 (got "5")'],
    [{ toleranceGrad: -1e-7 }, 'lbfgs: toleranceGrad must be >= 0 (got -1e-7)'],
    [{ toleranceChange: -1 }, 'lbfgs: toleranceChange must be >= 0 (got -1)'],
    [{ historySize: 0 }, 'lbfgs: historySize must be an integer >= 1 (got 0)'],
    [{ lineSearchFn: 'backtracking' }, 'lbfgs: lineSearchFn must be null or \'strong_wolfe\' (got "backtracking")'],
    [{ maxIter: '20' }, 'lbfgs: maxIter must be an integer >= 1 (got "20")'],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => lbfgs(p(), options as Partial<LbfgsOptions>),
      (e: unknown) => e instanceof InputError && e.message === message,
      message,
    );
  }
  assert.throws(
    () => lbfgs(p(), { momentum: 0.9 } as Partial<LbfgsOptions>),
    /lbfgs: unknown option 'momentum'; valid options: lr, maxIter, maxEval/,
  );
});

test('L-BFGS takes exactly one parameter group and needs a closure', () => {
  assert.throws(
    () => lbfgs([{ params: makeParams([[0]]) }, { params: makeParams([[1]]) }]),
    (e: unknown) =>
      e instanceof InputError &&
      e.message === 'lbfgs: params must form one parameter group, as L-BFGS has no per-group options (got 2 groups)',
  );
  const optimizer = lbfgs(makeParams([[0, 0]]));
  assert.throws(
    () => (optimizer.step as (closure?: Closure) => number)(),
    (e: unknown) =>
      e instanceof InputError &&
      e.message ===
        'lbfgs: the argument of step must be a closure that returns the loss and fills in the gradients (got undefined)',
  );
});

test('a saved history for a different number of values is rejected', () => {
  const params = makeParams([[-1.5, 2]]);
  const optimizer = lbfgs(params);
  optimizer.step(makeClosure(params, rosenbrock));
  const other = lbfgs(makeParams([[0, 0, 0]]));
  assert.throws(
    () => other.loadStateDict(optimizer.stateDict()),
    /lbfgs: the saved history must hold float64 vectors of length 3/,
  );
  const broken = { ...optimizer.stateDict(), global: { funcEvals: 1 } };
  assert.throws(() => lbfgs(makeParams([[0, 0]])).loadStateDict(broken), InputError);
});

test('a point where the gradient is below toleranceGrad returns at once after one evaluation', () => {
  const params = makeParams([[1, 1]]);
  const optimizer = lbfgs(params, { lineSearchFn: 'strong_wolfe' });
  const closure = makeClosure(params, rosenbrock);
  assert.equal(optimizer.step(closure), 0);
  assert.equal(closure.calls, 1);
  assert.equal(optimizer.nIter, 0);
  assert.deepEqual(values(params), [[1, 1]]);
});
