/**
 * Every function a formula may call: values against mathjs's own evaluation of the same text (so the
 * conventions, asec(v) = acos(1/v) and so on, are mathjs's), gradients through downhill's autodiff against
 * central differences of the values (gradcheck's rule, float64), and the refusals by name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate } from 'mathjs';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { mapBinary, mapUnary } from '../../src/autograd/ops/unary.js';
import { createSurface } from '../../src/problems/registry.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { assertClose } from '../helpers/close.js';

/** Each unary function with points of its domain where it is smooth. */
const DOMAINS: Record<string, number[]> = {
  sinh: [-2, 0.3, 1.7],
  cosh: [-2, 0.3, 1.7],
  tanh: [-1.5, 0.2],
  asinh: [-3, 0.1, 2],
  acosh: [1.2, 2.5, 7],
  atanh: [-0.8, 0.1, 0.6],
  asin: [-0.7, 0.2, 0.9],
  acos: [-0.7, 0.2, 0.9],
  atan: [-3, 0.4, 5],
  sec: [-1, 0.4, 2.5],
  csc: [-2, 0.4, 2.5],
  cot: [-2, 0.4, 2.5],
  sech: [-2, 0.4, 1.5],
  csch: [-2, 0.4, 1.5],
  coth: [-2, 0.4, 1.5],
  asec: [-3, 1.3, 4],
  acsc: [-3, 1.3, 4],
  acot: [-3, 0.4, 4],
  asech: [0.2, 0.5, 0.9],
  acsch: [-3, 0.4, 4],
  acoth: [-3, 1.3, 4],
  log2: [0.3, 2, 9],
  log10: [0.3, 2, 9],
  log1p: [-0.5, 0.001, 3],
  expm1: [-2, 1e-4, 1.5],
  cbrt: [-8, 0.3, 5],
  square: [-2, 0.7],
  cube: [-2, 0.7],
  exp: [-1, 0.5],
  log: [0.4, 3],
  sqrt: [0.4, 3],
  sin: [-1, 2],
  cos: [-1, 2],
  tan: [-1, 0.5],
};

const H = 1e-6;

/** Central differences of the surface's value: ((L(x + h) − L(x − h))/2h, …), error O(h²) + rounding/h. */
function numericGradient(value: (x: number, y: number) => number, x: number, y: number): [number, number] {
  return [(value(x + H, y) - value(x - H, y)) / (2 * H), (value(x, y + H) - value(x, y - H)) / (2 * H)];
}

function checkFormula(text: string, points: [number, number][]): void {
  const surface = createSurface({ name: text });
  for (const [x, y] of points) {
    assertClose(surface.value(x, y), evaluate(text, { x, y }) as number, 1e-13, 1e-15);
    const g = surface.gradient(x, y, new Float64Array(2));
    assertClose(Array.from(g), numericGradient(surface.value, x, y), 1e-6, 1e-7, `∇(${text}) at (${x}, ${y})`);
  }
}

for (const [name, points] of Object.entries(DOMAINS)) {
  test(`${name}: value as mathjs, gradient as central differences`, () => {
    // y enters too, so the chain rule through the function and a product is exercised.
    checkFormula(
      `${name}(x) * y + y^2`,
      points.map((x) => [x, 1.3]),
    );
    checkFormula(
      `${name}(0.5 * y) + x`,
      points.map((v) => [0.2, 2 * v]),
    );
  });
}

test('functions of two arguments: atan2, hypot (any number of them), pow, log with a base, nthRoot', () => {
  checkFormula('atan2(y, x)', [
    [1, 2],
    [-1.5, 0.3],
    [-0.4, -2],
  ]);
  checkFormula('atan2(2, x) + atan2(y, 3)', [
    [1, 2],
    [-1.5, 0.3],
  ]);
  checkFormula('hypot(x, y)', [
    [1, 2],
    [-1.5, 0.3],
  ]);
  checkFormula('hypot(x, y, 2)', [
    [1, 2],
    [-1.5, 0.3],
  ]);
  checkFormula('pow(x, 3) + pow(2, y) + pow(x, y)', [
    [1.2, 2],
    [0.5, -0.3],
  ]);
  checkFormula('log(x, 2) + log(8, y)', [
    [1.2, 2],
    [0.5, 3],
  ]);
  checkFormula('nthRoot(x, 3) + nthRoot(y)', [
    [-8, 2],
    [0.5, 3],
  ]);
});

test('mapUnary and mapBinary pass gradcheck (float64, central differences)', () => {
  const x = Tensor.from([0.3, -1.2, 2.5], { dtype: 'float64', requiresGrad: true });
  const y = Tensor.from([1.1, 0.4, -0.7], { dtype: 'float64', requiresGrad: true });
  assert.ok(gradcheck((t) => mapUnary('asinh', t, Math.asinh, (v) => 1 / Math.sqrt(v * v + 1)), [x]).ok);
  const atan2 = (a: Tensor, b: Tensor): Tensor =>
    mapBinary('atan2', a, b, Math.atan2, [(u, v) => v / (u * u + v * v), (u, v) => -u / (u * u + v * v)]);
  assert.ok(gradcheck(atan2, [x, y]).ok);
  // A wrong derivative fails: the check can tell.
  assert.equal(gradcheck((t) => mapUnary('asinh', t, Math.asinh, (v) => 1 / Math.sqrt(v * v + 2)), [x]).ok, false);
});

test('functions without a derivative are refused by name; so are wrong argument counts', () => {
  for (const name of ['floor', 'ceil', 'round', 'sign', 'mod', 'gamma', 'erf']) {
    assert.throws(
      () => createSurface({ name: `${name}(x) + y` }),
      new RegExp(`'${name}' has no derivative for gradient methods to follow; valid functions: sin, `),
    );
  }
  assert.throws(() => createSurface({ name: 'atan2(x) + y' }), /atan2 takes 2 arguments \(got 1\)/);
  assert.throws(() => createSurface({ name: 'nthRoot(x, y)' }), /nthRoot\(v, n\) needs n a non-zero integer constant/);
  assert.throws(() => createSurface({ name: 'hypot() + x' }), /hypot takes at least 1 argument \(got 0\)/);
});
