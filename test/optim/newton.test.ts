import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { newton } from '../../src/optim/newton.js';
import type { HessianClosure, Param } from '../../src/optim/optimizer.js';
import { assertClose } from '../helpers/close.js';

function param(...values: number[]): Param {
  return { data: Float64Array.from(values), grad: new Float64Array(values.length) };
}

/** A HessianClosure for a function of the concatenated parameters, given its value, gradient and Hessian. */
function closureOf(
  params: Param[],
  value: (x: number[]) => number,
  gradient: (x: number[]) => number[],
  hessian: (x: number[]) => number[],
): HessianClosure {
  const point = () => params.flatMap((p) => Array.from(p.data));
  const evaluate = () => {
    const g = gradient(point());
    let offset = 0;
    for (const p of params) {
      p.grad.set(g.slice(offset, offset + p.grad.length));
      offset += p.grad.length;
    }
    return value(point());
  };
  return Object.assign(evaluate, { hessian: () => Float64Array.from(hessian(point())) });
}

/** L = ½θᵀAθ − bᵀθ with A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]] (positive definite) and b = A·(1, −2, 0.5). */
const A = [4, 1, 0, 1, 3, 1, 0, 1, 2];
const SOLUTION = [1, -2, 0.5];
const B = [4 * 1 + 1 * -2, 1 * 1 + 3 * -2 + 1 * 0.5, 1 * -2 + 2 * 0.5]; // (2, −4.5, −1)

function matVec(m: number[], x: number[]): number[] {
  const n = x.length;
  return x.map((_, i) => x.reduce((sum, xj, j) => sum + m[i * n + j] * xj, 0));
}

function quadratic(params: Param[]): HessianClosure {
  return closureOf(
    params,
    (x) => 0.5 * matVec(A, x).reduce((s, v, i) => s + v * x[i], 0) - B.reduce((s, v, i) => s + v * x[i], 0),
    (x) => matVec(A, x).map((v, i) => v - B[i]),
    () => A,
  );
}

/** The saddle L = x² − y²: ∇L = (2x, −2y), H = diag(2, −2). */
function saddle(p: Param): HessianClosure {
  return closureOf(
    [p],
    ([x, y]) => x * x - y * y,
    ([x, y]) => [2 * x, -2 * y],
    () => [2, 0, 0, -2],
  );
}

test('one Newton step lands on the minimum A⁻¹b of a quadratic, across parameters', () => {
  // ∇L = Aθ − b and H = A, so θ − A⁻¹(Aθ − b) = A⁻¹b = (1, −2, 0.5) from anywhere.
  const first = param(10, -7);
  const second = param(3);
  const closure = quadratic([first, second]);
  newton([first, second]).step(closure);
  assertClose([...first.data, ...second.data], SOLUTION, 0, 1e-12);
});

test('lr scales the Newton step and each group uses its own', () => {
  // From 0 the full step is A⁻¹b; lr = 0.5 takes half of it in the first group, the whole in the second.
  const first = param(0, 0);
  const second = param(0);
  newton([{ params: [first], lr: 0.5 }, { params: [second] }]).step(quadratic([first, second]));
  assertClose([...first.data, ...second.data], [0.5, -1, 0.5], 0, 1e-12);
});

test('damping λ shortens the step: θ − (H + λI)⁻¹∇L worked by hand', () => {
  // L = 2x²: g = 4x, H = 4; with λ = 4 the step is 4x/8 = x/2, so x = 3 goes to 1.5.
  const p = param(3);
  const opt = newton([p], { damping: 4 });
  const loss = opt.step(
    closureOf(
      [p],
      ([x]) => 2 * x * x,
      ([x]) => [4 * x],
      () => [4],
    ),
  );
  assert.equal(loss, 18);
  assertClose(p.data[0], 1.5, 1e-15);
  assert.equal(opt.lastDamping, 4);
});

test('undamped Newton jumps to the saddle point of x² − y² in one step', () => {
  // H⁻¹∇L = (2x/2, −2y/−2) = (x, y): θ − (x, y) = 0, the saddle, where the loss is not a minimum.
  const p = param(1, 0.5);
  newton([p]).step(saddle(p));
  assertClose(Array.from(p.data), [0, 0], 0, 1e-15);
});

test('adaptive damping turns the saddle step downhill', () => {
  // H = diag(2, −2): λ = 1e-3, 1e-2, 0.1, 1 leave −2 + λ ≤ 0; λ = 10 gives diag(12, 8), positive definite.
  // Step (2x/12, −2y/8): x = 1 → 1 − 1/6 = 5/6, y = 0.5 → 0.5 + 0.125 = 0.625, away from the saddle,
  // and L falls from 1 − 0.25 = 0.75 to 25/36 − 25/64 ≈ 0.304.
  const p = param(1, 0.5);
  const opt = newton([p], { adaptiveDamping: true });
  const closure = saddle(p);
  const before = opt.step(closure);
  assertClose(Array.from(p.data), [5 / 6, 0.625], 1e-15);
  assert.equal(opt.lastDamping, 10);
  assert.equal(before, 0.75);
  assert.ok(closure() < before);
  assert.ok(Math.abs(p.data[1]) > 0.5, 'moved away from the saddle');
});

test('adaptive damping leaves a positive definite Hessian undamped', () => {
  const p = param(0, 0, 0);
  const opt = newton([p], { adaptiveDamping: true });
  opt.step(quadratic([p]));
  assert.equal(opt.lastDamping, 0);
  assertClose(Array.from(p.data), SOLUTION, 0, 1e-12);
});

test('an indefinite Hessian that needs row pivoting is solved: L = xy goes to its saddle (0, 0)', () => {
  // ∇L = (y, x), H = [[0, 1], [1, 0]]: the first pivot is 0, so elimination must swap rows; H⁻¹∇L = (x, y).
  const p = param(2, -3);
  newton([p]).step(
    closureOf(
      [p],
      ([x, y]) => x * y,
      ([x, y]) => [y, x],
      () => [0, 1, 1, 0],
    ),
  );
  assertClose(Array.from(p.data), [0, 0], 0, 1e-15);
});

test('a singular Hessian is an error without damping and solvable with it', () => {
  // L = x² + 0·y: H = diag(2, 0) is singular.
  const p = param(1, 1);
  const closure = closureOf(
    [p],
    ([x]) => x * x,
    ([x]) => [2 * x, 0],
    () => [2, 0, 0, 0],
  );
  assert.throws(() => newton([p]).step(closure), {
    name: 'NumericalError',
    message: 'newton: the damped Hessian H + λI is singular (λ = 0); set damping > 0 or adaptiveDamping',
  });
  // Adaptive: λ = 1e-3 makes diag(2.001, 0.001) positive definite; x = 1 − 2/2.001, y stays (its gradient is 0).
  const opt = newton([p], { adaptiveDamping: true });
  opt.step(closure);
  assert.equal(opt.lastDamping, 1e-3);
  assertClose(Array.from(p.data), [1 - 2 / 2.001, 1], 1e-15);
});

test('newton state survives JSON and a restored optimizer continues identically', () => {
  const a = param(1, 0.5);
  const first = newton([a], { adaptiveDamping: true });
  first.step(saddle(a));
  const b = param(...a.data);
  const second = newton([b]);
  second.loadStateDict(JSON.parse(JSON.stringify(first.stateDict())));
  first.step(saddle(a));
  second.step(saddle(b));
  assert.deepEqual(Array.from(b.data), Array.from(a.data));
});

test('newton checks its options and its closure', () => {
  const p = param(1, 1);
  const throwsInput = (fn: () => unknown, message: string) =>
    assert.throws(fn, (e: unknown) => e instanceof InputError && e.message === message);
  throwsInput(() => newton([p], { lr: -1 }), 'newton: lr must be >= 0 (got -1)');
  throwsInput(() => newton([p], { damping: -0.1 }), 'newton: damping must be >= 0 (got -0.1)');
  throwsInput(() => newton([p], { damping: Infinity }), 'newton: damping must be a finite number >= 0 (got Infinity)');
  throwsInput(
    () => newton([p], { adaptiveDamping: 'yes' } as object),
    'newton: adaptiveDamping must be true or false (got "yes")',
  );
  throwsInput(
    () => newton([p], { momentum: 0.9 } as object),
    "newton: unknown option 'momentum'; valid options: lr, damping, adaptiveDamping",
  );
  throwsInput(
    () => newton([{ params: [p] }, { params: [param(0)], damping: 1 }]),
    'newton: damping must be the same in every group (the Hessian couples all parameters) (got 1)',
  );
  throwsInput(() => newton([p]).step(), 'newton: step needs a closure with a hessian() method');
  throwsInput(
    () => newton([p]).step((() => 0) as unknown as HessianClosure),
    'newton: step needs a closure with a hessian() method',
  );
  const wrongSize = closureOf(
    [p],
    () => 0,
    () => [0, 0],
    () => [1, 0, 0],
  );
  throwsInput(
    () => newton([p]).step(wrongSize),
    'newton: hessian() must return n×n = 2×2 values for 2 parameters (got 3)',
  );
  const nonFinite = closureOf(
    [p],
    () => 0,
    () => [0, 0],
    () => [1, 0, 0, Number.NaN],
  );
  assert.throws(() => newton([p]).step(nonFinite), {
    name: 'NumericalError',
    message: 'newton: the Hessian has a non-finite entry (NaN at [1, 1])',
  });
});
