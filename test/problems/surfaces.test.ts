/**
 * The 2-D surfaces: exact gradients and Hessians against central finite differences at random points of
 * each plotting window, known minima with zero gradient classified as minima, and the classification of
 * saddles and maxima where they are known in closed form.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { classifyCriticalPoint } from '../../src/problems/classify.js';
import { createSurface, surfaceNames } from '../../src/problems/registry.js';
import type { Surface } from '../../src/problems/surface.js';

const H = 1e-5;

/** Central difference (f(x + h) − f(x − h)) / 2h: error O(h²). */
function numericGradient(f: (x: number, y: number) => number, x: number, y: number): [number, number] {
  return [(f(x + H, y) - f(x - H, y)) / (2 * H), (f(x, y + H) - f(x, y - H)) / (2 * H)];
}

function assertNear(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
}

function pointIn(surface: Surface): fc.Arbitrary<[number, number]> {
  const { x, y } = surface.window;
  return fc.tuple(fc.double({ min: x[0], max: x[1], noNaN: true }), fc.double({ min: y[0], max: y[1], noNaN: true }));
}

// The shallow network's ReLU loss has kinks, where finite differences straddle two pieces; it is checked
// away from them in dataSurfaces.test.ts.
const surfaces = [
  ...surfaceNames.filter((name) => name !== 'shallowNetwork').map((name) => createSurface({ name })),
  createSurface({ name: 'rosenbrock', a: 2, b: 5 }),
  createSurface({ name: 'quadratic', a: -1, b: 3 }),
];

for (const surface of surfaces) {
  const label = `${surface.name} ${JSON.stringify(surface.params)}`;

  test(`${label}: gradient matches finite differences`, () => {
    fc.assert(
      fc.property(pointIn(surface), ([x, y]) => {
        const g = surface.gradient(x, y, new Float64Array(2));
        const n = numericGradient((u, v) => surface.value(u, v), x, y);
        assertNear(g[0], n[0], 1e-5, 'dL/dx');
        assertNear(g[1], n[1], 1e-5, 'dL/dy');
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  test(`${label}: Hessian matches finite differences of the gradient`, () => {
    fc.assert(
      fc.property(pointIn(surface), ([x, y]) => {
        const h = surface.hessian(x, y, new Float64Array(4));
        const gx = numericGradient((u, v) => surface.gradient(u, v, new Float64Array(2))[0], x, y);
        const gy = numericGradient((u, v) => surface.gradient(u, v, new Float64Array(2))[1], x, y);
        assertNear(h[0], gx[0], 1e-5, 'Lxx');
        assertNear(h[1], gx[1], 1e-5, 'Lxy');
        assertNear(h[2], gy[0], 1e-5, 'Lyx');
        assertNear(h[3], gy[1], 1e-5, 'Lyy');
      }),
      { seed: 2, numRuns: 200 },
    );
  });

  test(`${label}: each known minimum is a critical point inside the window, classified as a minimum`, () => {
    for (const [x, y] of surface.minima) {
      const g = surface.gradient(x, y, new Float64Array(2));
      assert.ok(Math.hypot(g[0], g[1]) < 1e-9, `gradient ${g} at (${x}, ${y})`);
      assert.equal(surface.classify([x, y]).kind, 'minimum');
      assert.ok(
        x >= surface.window.x[0] && x <= surface.window.x[1] && y >= surface.window.y[0] && y <= surface.window.y[1],
      );
    }
  });
}

test('known minimum values: Rosenbrock, Beale, Himmelblau and Rastrigin reach 0 at their minima', () => {
  for (const name of ['rosenbrock', 'beale', 'himmelblau', 'rastrigin']) {
    const surface = createSurface({ name });
    for (const [x, y] of surface.minima) assert.ok(Math.abs(surface.value(x, y)) < 1e-20, `${name} at (${x}, ${y})`);
  }
  assert.deepEqual(createSurface({ name: 'rosenbrock', a: 2, b: 5 }).minima, [[2, 4]]);
});

test('classify: the saddle surface has a saddle at the origin, Himmelblau a maximum near (−0.2708, −0.9230)', () => {
  const saddle = createSurface({ name: 'saddle' });
  assert.deepEqual(saddle.classify([0, 0]), { kind: 'saddle', eigenvalues: [-2, 2] });
  assert.deepEqual(saddle.minima, []);
  // Himmelblau's local maximum, f = 181.617 at (−0.270845, −0.923039) (Himmelblau, 1972).
  const himmelblau = createSurface({ name: 'himmelblau' });
  const max: [number, number] = [-0.270845, -0.923039];
  assert.equal(himmelblau.classify(max).kind, 'maximum');
  assert.ok(Math.abs(himmelblau.value(...max) - 181.617) < 1e-3);
  // Rastrigin: the origin is a minimum, the half-integer points between minima are maxima along both axes.
  const rastrigin = createSurface({ name: 'rastrigin' });
  assert.equal(rastrigin.classify([0.5, 0.5]).kind, 'maximum');
  assert.equal(rastrigin.classify([0.5, 0]).kind, 'saddle');
});

test('classifyCriticalPoint: eigenvalues of [[p, q], [q, r]] and a degenerate case', () => {
  // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
  assert.deepEqual(classifyCriticalPoint([2, 1, 1, 2]), { kind: 'minimum', eigenvalues: [1, 3] });
  assert.deepEqual(classifyCriticalPoint([-2, 0, 0, -5]), { kind: 'maximum', eigenvalues: [-5, -2] });
  assert.equal(classifyCriticalPoint([1, 0, 0, 0]).kind, 'degenerate');
});

test('createSurface rejects unknown names and parameters', () => {
  assert.throws(() => createSurface({ name: 'banana' }), /unknown function 'banana'; valid: quadratic, rosenbrock/);
  assert.throws(
    () => createSurface({ name: 'rosenbrock', c: 1 }),
    /rosenbrock: unknown option 'c'; valid options: a, b/,
  );
  assert.throws(() => createSurface({ name: 'quadratic', a: 0 }), /quadratic: a and b must be non-zero/);
});
