/**
 * The (α, β) map's closed-form rate against runs of downhill's own SGD with momentum on a quadratic whose
 * Hessian has eigenvalues 1 and 100 (L = 0.5x² + 50y², so H = diag(1, 100)).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSurface } from '../../src/problems/registry.js';
import { traceSurface } from '../../src/trace/trace.js';
import { heavyBallRate, optimalHeavyBall, stepsAtRate, symmetricEigenvalues } from '../../lab/src/race/momentumRate.js';

const EIGENVALUES = [1, 100];
const TOLERANCE = 1e-10;
const surface = createSurface({ name: 'quadratic', a: 0.5, b: 50 });

/** Steps until the distance to the minimum stays below TOLERANCE times where it started, or the step it diverged at. */
function simulatedSteps(alpha: number, beta: number): { steps: number; diverged?: number } {
  const run = traceSurface(surface, {
    start: [1, 1],
    steps: 5000,
    optimizer: { name: 'sgd', lr: alpha, momentum: beta },
  });
  let last = -1;
  run.points.forEach(([x, y], k) => {
    if (Math.hypot(x, y) > TOLERANCE * Math.SQRT2) last = k;
  });
  return { steps: last + 1, ...(run.diverged ? { diverged: run.diverged.step } : {}) };
}

describe('heavy-ball convergence rate', () => {
  it('matches the steps SGD with momentum takes to reach 1e-10, within 5 %', () => {
    // Real roots (β = 0, rate max|1 − αλ| = 0.99), complex roots for both eigenvalues (rate √0.9), and mixed.
    for (const [alpha, beta] of [
      [0.01, 0],
      [0.01, 0.9],
      [0.015, 0.5],
      [0.005, 0.8],
      [0.018, 0.3],
      [0.03, 0.95],
    ]) {
      const predicted = stepsAtRate(heavyBallRate(alpha, beta, EIGENVALUES), TOLERANCE);
      const { steps, diverged } = simulatedSteps(alpha, beta);
      assert.equal(diverged, undefined);
      assert.ok(
        Math.abs(steps - predicted) <= 0.05 * predicted,
        `α=${alpha}, β=${beta}: ran ${steps}, rate says ${predicted}`,
      );
    }
  });

  it('is above 1 exactly where the run diverges', () => {
    // β = 0, α = 0.03: |1 − 0.03·100| = 2. With β = 0.5 the bound is α < 2(1 + β)/λmax = 0.03: 0.031 diverges, 0.029 not.
    assert.equal(heavyBallRate(0.03, 0, EIGENVALUES), 2);
    assert.ok(simulatedSteps(0.03, 0).diverged !== undefined);
    assert.ok(heavyBallRate(0.031, 0.5, EIGENVALUES) > 1 && simulatedSteps(0.031, 0.5).diverged !== undefined);
    assert.ok(heavyBallRate(0.029, 0.5, EIGENVALUES) < 1 && simulatedSteps(0.029, 0.5).diverged === undefined);
  });

  it("gives Goh's optimum: rate (√κ − 1)/(√κ + 1) at α* = (2/(√λmin + √λmax))², β* = rate²", () => {
    // κ = 100: rate 9/11, α* = (2/11)² = 4/121, β* = 81/121; at α*, β* both eigenvalues sit on Δ = 0, |z| = √β*.
    const best = optimalHeavyBall(1, 100);
    assert.ok(Math.abs(best.rate - 9 / 11) < 1e-15);
    assert.ok(Math.abs(best.alpha - 4 / 121) < 1e-15);
    assert.ok(Math.abs(best.beta - 81 / 121) < 1e-15);
    assert.ok(Math.abs(heavyBallRate(best.alpha, best.beta, EIGENVALUES) - 9 / 11) < 1e-7);
    // Nearby settings are slower.
    for (const [da, db] of [
      [1e-3, 0],
      [-1e-3, 0],
      [0, 0.02],
      [0, -0.02],
    ])
      assert.ok(heavyBallRate(best.alpha + da, best.beta + db, EIGENVALUES) > best.rate);
  });

  it("reads a 2×2 Hessian's eigenvalues: Rosenbrock's at (1, 1) is [[802, −400], [−400, 200]]", () => {
    // λ = 501 ∓ √(301² + 400²) = 501 ∓ 500.6006…: 0.39936… and 1001.6006…
    const [low, high] = symmetricEigenvalues([802, -400, -400, 200]);
    assert.ok(Math.abs(low - (501 - Math.hypot(301, 400))) < 1e-12);
    assert.ok(Math.abs(high - (501 + Math.hypot(301, 400))) < 1e-12);
    assert.ok(Math.abs(low * high - (802 * 200 - 400 * 400)) < 1e-9);
  });
});
