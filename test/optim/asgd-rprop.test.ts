/**
 * ASGD and Rprop against PyTorch 1.13 and 2.x: every parameter after every step (and ASGD's average) of the
 * trajectories in test/fixtures/asgd-rprop/trajectories.json and trajectories.torch2.json (made by
 * generate.py beside them under each release), on the
 * objectives of the other optimizer fixtures; 1e-9 relative with a 1e-12 floor, as torch-trajectories.test.ts.
 * Then their options' checks and a few steps worked by hand.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asgd } from '../../src/optim/asgd.js';
import type { Optimizer } from '../../src/optim/optimizer.js';
import { createOptimizer } from '../../src/optim/registry.js';
import { rprop } from '../../src/optim/rprop.js';
import { assertClose, maxRelativeError } from '../helpers/close.js';
import { torchFixtures } from '../helpers/torchFixtures.js';
import { startParams, writeGradient, type ObjectiveName } from '../helpers/objectives.js';

interface Case {
  name: string;
  optimizer: 'asgd' | 'rprop';
  options: Record<string, unknown>;
  group2: Record<string, unknown> | null;
  objective: ObjectiveName;
  negate: boolean;
  steps: number;
  trajectory: number[][][];
  averages: number[][][];
}

const releases = torchFixtures<{ cases: Case[] }>('asgd-rprop/trajectories.json');

for (const { release, torch, data: fixture } of releases) {
  test(`the fixture comes from PyTorch ${torch} and covers both optimizers on both objectives`, () => {
    assert.match(torch, release === '1.13' ? /^1\.13/ : /^2\./);
    const covered = new Set(fixture.cases.map((c) => `${c.optimizer}/${c.objective}`));
    assert.deepEqual([...covered].sort(), ['asgd/quadratic', 'asgd/rosenbrock', 'rprop/quadratic', 'rprop/rosenbrock']);
  });

  for (const c of fixture.cases) {
    test(`matches PyTorch ${torch}: ${c.name}`, (t) => {
      const params = startParams(c.objective);
      const groups = c.group2 === null ? params : [{ params: [params[0]] }, { params: [params[1]], ...c.group2 }];
      const opt = createOptimizer(groups, { name: c.optimizer, ...c.options });
      const trajectory: number[][][] = [];
      const averages: number[][][] = [];
      for (let k = 0; k < c.steps; k++) {
        writeGradient(c.objective, params, c.negate);
        opt.step();
        trajectory.push(params.map((p) => Array.from(p.data)));
        if (c.optimizer === 'asgd') averages.push(params.map((_, i) => average(opt, i)));
      }
      assertClose(trajectory, c.trajectory, 1e-9, 1e-12, 'trajectory');
      assertClose(averages, c.averages, 1e-9, 1e-12, 'averages');
      t.diagnostic(`max relative error ${maxRelativeError(trajectory, c.trajectory).toExponential(2)}`);
    });
  }
}

/** ASGD's average θ̄ of parameter i, from its saved state. */
function average(opt: Optimizer, i: number): number[] {
  return (opt.stateDict().state[i] as { ax: { values: number[] } }).ax.values;
}

test('asgd: two steps by hand, the average starting once t > t0', () => {
  const p = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  const opt = asgd([p], { lr: 0.1, lambd: 0.5, alpha: 1, t0: 1 });
  // step 1: θ = 1·(1 − 0.5·0.1) − 0.1·2 = 0.75; μ = 1, so θ̄ = θ = 0.75
  //   η ← 0.1/(1 + 0.5·0.1·1)¹ = 0.1/1.05;  μ ← 1/max(1, 1 − 1) = 1
  opt.step();
  assertClose(p.data[0], 0.75, 1e-15);
  // step 2, g = 1: θ = 0.75·(1 − 0.5·0.1/1.05) − (0.1/1.05)·1 = 0.75 − 0.0357142857… − 0.0952380952… = 0.619047619047619…
  //   μ was 1: θ̄ = θ.  Then η ← 0.1/1.1, μ ← 1/max(1, 2 − 1) = 1 (the average moves from step 3 on)
  p.grad[0] = 1;
  opt.step();
  assertClose(p.data[0], 0.75 - 0.75 * (0.05 / 1.05) - 0.1 / 1.05, 1e-15);
  assert.deepEqual(average(opt, 0), [p.data[0]]);
});

test('rprop: the step grows by η+ while the sign holds, shrinks by η− and skips a step when it flips (by hand)', () => {
  const p = { data: Float64Array.of(0), grad: Float64Array.of(3) };
  const opt = rprop([p], { lr: 0.1, etas: [0.5, 2], stepSizes: [0.01, 0.3] });
  opt.step(); // g·g_prev = 0: Δ = 0.1, θ = 0 − 0.1 = −0.1
  assertClose(p.data[0], -0.1, 1e-15);
  opt.step(); // same sign: Δ = min(0.2, 0.3) = 0.2, θ = −0.3
  assertClose(p.data[0], -0.3, 1e-15);
  opt.step(); // Δ = min(0.4, 0.3) = 0.3 (Δmax), θ = −0.6
  assertClose(p.data[0], -0.6, 1e-15);
  p.grad[0] = -1;
  opt.step(); // the sign flips: Δ = 0.15, g ← 0, θ stays −0.6
  assertClose(p.data[0], -0.6, 1e-15);
  opt.step(); // g_prev = 0: Δ stays 0.15, θ = −0.6 + 0.15 = −0.45
  assertClose(p.data[0], -0.45, 1e-15);
});

test('bad options get one-line errors naming the range, as PyTorch checks them', () => {
  const p = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  assert.throws(
    () => rprop([p], { etas: [1.5, 1.2] }),
    /^InputError: rprop: etas must be \[η−, η\+\] with 0 < η− < 1 < η\+ \(got \[1.5,1.2\]\)$/,
  );
  assert.throws(() => rprop([p], { lr: -1 }), /rprop: lr must be >= 0 \(got -1\)/);
  assert.throws(
    () => rprop([p], { momentum: 0.9 } as object),
    /rprop: unknown option 'momentum'; valid options: lr, etas, stepSizes, maximize/,
  );
  assert.throws(() => asgd([p], { weightDecay: -1 }), /asgd: weightDecay must be >= 0 \(got -1\)/);
  assert.throws(
    () => asgd([p], { lambda: 1 } as object),
    /asgd: unknown option 'lambda'; valid options: lr, lambd, alpha, t0, weightDecay, maximize/,
  );
  assert.throws(() => createOptimizer([p], { name: 'ASGD', t0: 'x' }), /asgd: t0 must be a finite number \(got "x"\)/);
});
