import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import { armijoBacktracking, bracketLineSearch, gd } from '../../src/optim/lineSearch.js';
import type { Param } from '../../src/optim/optimizer.js';
import { assertClose } from '../helpers/close.js';

/** The golden-section ratio r = (√5 − 1)/2 and 1 − r = r². */
const R = 0.6180339887498949;
const R2 = 1 - R;

function param(...values: number[]): Param {
  return { data: Float64Array.from(values), grad: new Float64Array(values.length) };
}

/** L = ½(x² + 10y²), ∇L = (x, 10y), Hessian diag(1, 10). */
function bowl(p: Param): () => number {
  return () => {
    const [x, y] = p.data;
    p.grad[0] = x;
    p.grad[1] = 10 * y;
    return 0.5 * (x * x + 10 * y * y);
  };
}

function throwsInput(fn: () => unknown, message: string): void {
  assert.throws(fn, (e: unknown) => e instanceof InputError && e.message === message);
}

test('bracketLineSearch narrows [0, 1] on (t − 0.3)² as worked by hand', () => {
  // Inner points b = a + (1 − r)(d − a), c = a + r(d − a):
  //   [0, 1]:      b = 0.382, c = 0.618; f(b) = 0.0067 ≤ f(c) = 0.101 → d ← c
  //   [0, r]:      b = (1 − r)r = 0.236, c = 0.382 (the old b); f(b) = 0.0041 ≤ f(c) = 0.0067 → d ← c
  //   [0, 1 − r]:  b = (1 − r)², c = 0.236; f(b) = (0.146 − 0.3)² = 0.0237 > f(c) = 0.0041 → a ← b
  //   [(1 − r)², 1 − r]: b = 0.236 (the old c)
  const result = bracketLineSearch((t) => (t - 0.3) ** 2, 0, 1);
  const first = result.steps.slice(0, 4);
  assertClose(
    first.map(({ a, b, c, d }) => [a, b, c, d]),
    [
      [0, R2, R, 1],
      [0, R2 * R, R2, R],
      [0, R2 * R2, R2 * R, R2],
      [R2 * R2, R2 * R, R2 * R2 + R * (R2 - R2 * R2), R2],
    ],
    1e-12,
  );
  assert.ok(Math.abs(result.t - 0.3) < 1e-6, `t = ${result.t}`);
  assert.ok(result.d - result.a <= 1e-6);
  // r^k ≤ 1e-6 first at k = ⌈ln 1e-6 / ln r⌉ = ⌈28.7⌉ = 29 narrowing steps, one evaluation each, plus
  // f(d), f(c) and f(b) before the first.
  assert.equal(result.steps.length, 29);
  assert.equal(result.evaluations, 32);
});

test('bracketLineSearch keeps the minimum of a unimodal function inside every bracket', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0.001, max: 0.999, noNaN: true }),
      fc.double({ min: 0.1, max: 10, noNaN: true }),
      (m, k) => {
        const { t, steps } = bracketLineSearch((s) => k * Math.abs(s - m) ** 1.5, 0, 1, { tolerance: 1e-9 });
        for (const { a, b, c, d } of steps) {
          assert.ok(a < b && b < c && c < d, `${a} ${b} ${c} ${d}`);
          assert.ok(a <= m + 1e-12 && m <= d + 1e-12, `${m} outside [${a}, ${d}]`);
        }
        assert.ok(Math.abs(t - m) < 1e-8);
      },
    ),
    { numRuns: 100 },
  );
});

test('bracketLineSearch doubles d while the loss still falls at d', () => {
  // f = (t − 5)²: f(1) = 16 < f(0.618) = 19.1 → d = 2; f(2) = 9 < f(1.24) = 14.2 → d = 4;
  // f(4) = 1 < f(2.47) = 6.4 → d = 8; f(8) = 9 > f(4.94) = 0.003: bracketed, so narrowing starts on [0, 8].
  const f = (t: number) => (t - 5) ** 2;
  const grown = bracketLineSearch(f, 0, 1, { tolerance: 1e-9 });
  assert.deepEqual([grown.steps[0].a, grown.steps[0].d], [0, 8]);
  assert.ok(Math.abs(grown.t - 5) < 1e-8);
  // Without doubling the search can only reach the end of the interval it was given.
  const boxed = bracketLineSearch(f, 0, 1, { maxDoublings: 0 });
  assert.ok(Math.abs(boxed.t - 1) < 1e-6);
  // At most maxDoublings: 1 doubling gives [0, 2].
  assert.equal(bracketLineSearch(f, 0, 1, { maxDoublings: 1 }).steps[0].d, 2);
});

test('bracketLineSearch stops after maxSearchIter steps and can skip recording', () => {
  const f = (t: number) => (t - 0.3) ** 2;
  const capped = bracketLineSearch(f, 0, 1, { maxSearchIter: 3 });
  assert.equal(capped.steps.length, 3);
  assertClose([capped.a, capped.d], [R2 * R2, R2], 1e-12);
  assert.equal(capped.t, (capped.a + capped.d) / 2);
  const quiet = bracketLineSearch(f, 0, 1, { recordSteps: false });
  assert.equal(quiet.steps.length, 0);
  assert.equal(quiet.t, bracketLineSearch(f, 0, 1).t);
});

test('bracketLineSearch checks its arguments', () => {
  const f = (t: number) => t * t;
  throwsInput(() => bracketLineSearch(f, 1, 0), 'bracketLineSearch: d must be finite and >= a = 1 (got 0)');
  throwsInput(
    () => bracketLineSearch(f, 0, Infinity),
    'bracketLineSearch: d must be finite and >= a = 0 (got Infinity)',
  );
  throwsInput(() => bracketLineSearch(f, Number.NaN, 1), 'bracketLineSearch: a must be finite (got NaN)');
  throwsInput(
    () => bracketLineSearch(f, 0, 1, { tolerance: -1 }),
    'bracketLineSearch: tolerance must be >= 0 (got -1)',
  );
  throwsInput(
    () => bracketLineSearch(f, 0, 1, { maxSearchIter: 0 }),
    'bracketLineSearch: maxSearchIter must be an integer >= 1 (got 0)',
  );
  throwsInput(
    () => bracketLineSearch(f, 0, 1, { maxDoublings: 1.5 }),
    'bracketLineSearch: maxDoublings must be an integer >= 0 (got 1.5)',
  );
  throwsInput(
    () => bracketLineSearch(f, 0, 1, { shrink: 0.5 } as object),
    "bracketLineSearch: unknown option 'shrink'; valid options: innerPoints, tolerance, maxSearchIter, maxDoublings, recordSteps",
  );
});

test('armijoBacktracking halves t until the sufficient-decrease condition holds, as worked by hand', () => {
  // Along −g from θ = 1 on L = θ² (g = 2): f(t) = (1 − 2t)², f(0) = 1, f′(0) = −|g|² = −4.
  //   c = 1e-4: t = 1: f = 1 > 1 − 1e-4·1·4 = 0.9996; t = 0.5: f = 0 ≤ 0.9998 → t = 0.5 after 2 trials.
  //   c = 0.6:  t = 0.5: f = 0 > 1 − 0.6·0.5·4 = −0.2; t = 0.25: f = 0.25 ≤ 1 − 0.6 = 0.4 → 3 trials.
  const f = (t: number) => (1 - 2 * t) ** 2;
  assert.deepEqual(armijoBacktracking(f, 1, -4, 1), { t: 0.5, satisfied: true, evaluations: 2 });
  assert.deepEqual(armijoBacktracking(f, 1, -4, 1, { c: 0.6 }), { t: 0.25, satisfied: true, evaluations: 3 });
  // shrink 0.1 with c = 0.6: t = 1 fails, t = 0.1: f = 0.64 ≤ 1 − 0.24 = 0.76 holds.
  assertClose(armijoBacktracking(f, 1, -4, 1, { c: 0.6, shrink: 0.1 }).t, 0.1, 1e-15);
});

test('armijoBacktracking gives t = 0 when no trial decreases enough', () => {
  // A flat function never decreases by c·t·|slope| > 0.
  assert.deepEqual(
    armijoBacktracking(() => 1, 1, -1, 1, { maxSearchIter: 7 }),
    { t: 0, satisfied: false, evaluations: 7 },
  );
});

test('armijoBacktracking checks its arguments', () => {
  const f = (t: number) => t;
  throwsInput(() => armijoBacktracking(f, 0, -1, 1, { c: 1 }), 'armijoBacktracking: c must be in (0, 1) (got 1)');
  throwsInput(() => armijoBacktracking(f, 0, -1, 1, { c: 0 }), 'armijoBacktracking: c must be in (0, 1) (got 0)');
  throwsInput(
    () => armijoBacktracking(f, 0, -1, 1, { shrink: 1 }),
    'armijoBacktracking: shrink must be in (0, 1) (got 1)',
  );
  throwsInput(
    () => armijoBacktracking(f, 0, -1, 1, { maxSearchIter: 0 }),
    'armijoBacktracking: maxSearchIter must be an integer >= 1 (got 0)',
  );
  throwsInput(() => armijoBacktracking(f, Number.NaN, -1, 1), 'armijoBacktracking: f0 must be finite (got NaN)');
  throwsInput(() => armijoBacktracking(f, 0, Infinity, 1), 'armijoBacktracking: slope must be finite (got Infinity)');
  throwsInput(() => armijoBacktracking(f, 0, -1, -1), 'armijoBacktracking: t0 must be finite and >= 0 (got -1)');
});

test("gd with lineSearch 'none' (the default) is fixed-step gradient descent, closure optional", () => {
  // From (1, 1): g = (1, 10); lr = 0.1: θ = (1 − 0.1, 1 − 1) = (0.9, 0), and each group may have its own lr.
  const p = param(1, 1);
  const loss = gd([p], { lr: 0.1 }).step(bowl(p));
  assert.equal(loss, 5.5);
  assertClose(Array.from(p.data), [0.9, 0], 1e-15);
  const a = param(2);
  const b = param(2);
  a.grad[0] = 1;
  b.grad[0] = 1;
  assert.equal(gd([{ params: [a] }, { params: [b], lr: 0.5 }]).step(), undefined);
  assert.deepEqual([a.data[0], b.data[0]], [1, 1.5]);
});

test("gd with lineSearch 'bracket' minimises along −g: exact line minimisation on a quadratic", () => {
  // Along −g on L = ½θᵀAθ the minimum is at t* = gᵀg / gᵀAg; from (1, 1), g = (1, 10):
  //   t* = (1 + 100)/(1 + 1000) = 101/1001, θ = (1 − 101/1001, 1 − 1010/1001) = (900/1001, −9/1001).
  const p = param(1, 1);
  const opt = gd([p], { lineSearch: 'bracket', tolerance: 1e-10 });
  assert.equal(opt.step(bowl(p)), 5.5);
  assertClose(Array.from(p.data), [900 / 1001, -9 / 1001], 0, 1e-9);
  assertClose(opt.lastSearch?.scale ?? Number.NaN, 101 / 1001, 1e-9);
  // With lr = 0.05 < t* the loss is still falling at the end of [0, lr]: the bracket grows to reach t*.
  const q = param(1, 1);
  gd([q], { lr: 0.05, lineSearch: 'bracket', tolerance: 1e-10 }).step(bowl(q));
  assertClose(Array.from(q.data), [900 / 1001, -9 / 1001], 0, 1e-9);
});

test("gd with lineSearch 'armijo' backtracks from lr as worked by hand", () => {
  // From (1, 1), g = (1, 10), L = 5.5, |g|² = 101; the condition is L(θ − tg) ≤ 5.5 − 1e-4·t·101:
  //   t = 1:     (0, −9)        L = 405     fails
  //   t = 0.5:   (0.5, −4)      L = 80.125  fails
  //   t = 0.25:  (0.75, −1.5)   L = 11.53   fails
  //   t = 0.125: (0.875, −0.25) L = 0.6953 ≤ 5.4987: accepted after 4 trials
  const p = param(1, 1);
  const opt = gd([p], { lineSearch: 'armijo' });
  assert.equal(opt.step(bowl(p)), 5.5);
  assert.deepEqual(Array.from(p.data), [0.875, -0.25]);
  assert.deepEqual(opt.lastSearch, { scale: 0.125, evaluations: 4 });
});

test('gd with a line search decreases the loss every step on a curved valley', () => {
  for (const lineSearch of ['bracket', 'armijo'] as const) {
    const p = param(-1.2, 1);
    const loss = () => {
      const [x, y] = p.data;
      const r = y - x * x;
      p.grad[0] = -2 * (1 - x) - 20 * x * r;
      p.grad[1] = 10 * r;
      return (1 - x) ** 2 + 5 * r * r;
    };
    const opt = gd([p], { lineSearch });
    let previous = Infinity;
    for (let t = 0; t < 30; t++) {
      const current = opt.step(loss) as number;
      assert.ok(current < previous, `${lineSearch}: step ${t} loss ${current} ≥ ${previous}`);
      previous = current;
    }
    assert.ok(previous < 0.5, `${lineSearch}: ${previous}`);
  }
});

test("gd stays put when Armijo's condition never holds", () => {
  // A closure that reports a gradient but a constant loss: no trial can decrease the loss.
  const p = param(1, 1);
  const opt = gd([p], { lineSearch: 'armijo', maxSearchIter: 5 });
  opt.step(() => {
    p.grad.set([1, 1]);
    return 3;
  });
  assert.deepEqual(Array.from(p.data), [1, 1]);
  assert.deepEqual(opt.lastSearch, { scale: 0, evaluations: 5 });
});

test('gd checks its options and needs a closure for a search', () => {
  const p = param(1);
  throwsInput(
    () => gd([p], { lineSearch: 'bracket' }).step(),
    "gd: step needs a closure with lineSearch 'bracket', to evaluate the loss at trial steps",
  );
  const cases: [object, string][] = [
    [{ lr: -1 }, 'gd: lr must be >= 0 (got -1)'],
    [{ lineSearch: 'wolfe' }, "gd: lineSearch must be one of 'none', 'bracket', 'armijo' (got \"wolfe\")"],
    [{ tolerance: -1e-6 }, 'gd: tolerance must be >= 0 (got -0.000001)'],
    [{ maxSearchIter: 0 }, 'gd: maxSearchIter must be an integer >= 1 (got 0)'],
    [{ maxDoublings: -1 }, 'gd: maxDoublings must be an integer >= 0 (got -1)'],
    [{ c: 1.5 }, 'gd: c must be in (0, 1) (got 1.5)'],
    [{ shrink: 0 }, 'gd: shrink must be in (0, 1) (got 0)'],
    [
      { momentum: 0.9 },
      "gd: unknown option 'momentum'; valid options: lr, lineSearch, innerPoints, tolerance, maxSearchIter, maxDoublings, c, shrink",
    ],
  ];
  for (const [options, message] of cases) throwsInput(() => gd([p], options), message);
  throwsInput(
    () => gd([{ params: [p] }, { params: [param(2)], lineSearch: 'armijo' }]),
    'gd: lineSearch must be the same in every group (the search moves all parameters together) (got "armijo")',
  );
});

test("innerPoints 'thirds' (UDL's Chapter 6 notebooks) narrows [0, 1] on (t − 0.3)² as worked by hand", () => {
  // f(d = 1) = 0.49 > f(c = 2/3) = 0.1344…: no doubling.
  // step 1: b = 1/3, c = 2/3: f(b) = 0.0011… < f(c) = 0.1344…, so d ← c = 2/3
  // step 2: b = 2/9, c = 4/9: f(b) = 0.0060… < f(c) = 0.0208…, so d ← 4/9; t = (0 + 4/9)/2 = 2/9
  // evaluations: f(d), f(c), f(b), then two new inner points after each step: 3 + 2 + 2 = 7
  const result = bracketLineSearch((t) => (t - 0.3) ** 2, 0, 1, {
    innerPoints: 'thirds',
    maxSearchIter: 2,
    tolerance: 0,
  });
  const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-15, `${a} vs ${b}`);
  assert.equal(result.steps.length, 2);
  close(result.steps[0].b, 1 / 3);
  close(result.steps[0].c, 2 / 3);
  close(result.steps[1].b, 2 / 9);
  close(result.steps[1].c, 4 / 9);
  close(result.d, 4 / 9);
  close(result.t, 2 / 9);
  assert.equal(result.evaluations, 7);
  // Run to the tolerance, it finds the minimum, as golden-section does.
  assert.ok(
    Math.abs(bracketLineSearch((t) => (t - 0.3) ** 2, 0, 1, { innerPoints: 'thirds', tolerance: 1e-9 }).t - 0.3) < 1e-9,
  );
  assert.throws(
    () => bracketLineSearch((t) => t, 0, 1, { innerPoints: 'halves' as 'thirds' }),
    /bracketLineSearch: innerPoints must be 'golden' or 'thirds' \(got "halves"\)/,
  );
});

test("gd with lineSearch 'bracket' and innerPoints 'thirds' steps to the line's minimum on a quadratic", () => {
  // L = x² + 10y² from (1, 1): g = (2, 20); along θ − t·lr·g with lr = 0.1 the loss is
  // ϕ(t) = (1 − 0.2t)² + 10(1 − 2t)², ϕ′(t) = −0.4(1 − 0.2t) − 40(1 − 2t) = 80.08t − 40.4 = 0 at t = 40.4/80.08.
  const p = { data: Float64Array.of(1, 1), grad: new Float64Array(2) };
  const closure = (): number => {
    p.grad[0] = 2 * p.data[0];
    p.grad[1] = 20 * p.data[1];
    return p.data[0] ** 2 + 10 * p.data[1] ** 2;
  };
  gd([p], { lr: 0.1, lineSearch: 'bracket', innerPoints: 'thirds', tolerance: 1e-12 }).step(closure);
  // Within about √(2⁻⁵²) of the minimum the loss is flat to rounding, so t is found to ~1e-8.
  const t = 40.4 / 80.08;
  assert.ok(Math.abs(p.data[0] - (1 - 0.2 * t)) < 1e-8 && Math.abs(p.data[1] - (1 - 2 * t)) < 1e-8, `${p.data}`);
});
