/**
 * The elementwise optimizers against PyTorch 1.13 and 2.x: every parameter after every step of the
 * trajectories in test/fixtures/optim/trajectories.json and trajectories.torch2.json (made by generate.py
 * beside them under each release), on Rosenbrock's function (one group) and an anisotropic quadratic held
 * as two parameters in two param groups. NAdam, whose 1.13 and 2.x forms differ, is replayed with
 * `pytorch: '1.13'` against 1.13 and with its defaults against 2.x.
 *
 * Tolerance: |ours − torch| ≤ 1e-9·max(|ours|, |torch|) + 1e-12, i.e. 1e-9 relative, with an absolute
 * floor of 1e-12 for coordinates that pass close to zero.
 */
import assert from 'node:assert/strict';
import type { PyTorchRelease } from '../../src/config/pytorchRelease.js';
import { test } from 'node:test';
import { assertClose, maxRelativeError } from '../helpers/close.js';
import { elementwiseOptimizers } from '../helpers/elementwise.js';
import { optimizers } from '../../src/optim/registry.js';
import { optionsFor, torchFixtures } from '../helpers/torchFixtures.js';
import { startParams, writeGradient, ROSENBROCK, QUADRATIC, type ObjectiveName } from '../helpers/objectives.js';

interface Case {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  group2: Record<string, unknown> | null;
  objective: ObjectiveName;
  negate: boolean;
  steps: number;
  start: number[][];
  trajectory: number[][][];
}

interface Fixture {
  torch: string;
  rosenbrock: { a: number; b: number };
  quadratic: { curvature: number[]; target: number[] };
  cases: Case[];
}

const releases = torchFixtures<Fixture>('optim/trajectories.json');

const RTOL = 1e-9;
const ATOL = 1e-12;

function runCase(c: Case, release: PyTorchRelease): number[][][] {
  const params = startParams(c.objective);
  const groups = c.group2 === null ? params : [{ params: [params[0]] }, { params: [params[1]], ...c.group2 }];
  const opt = elementwiseOptimizers[c.optimizer](
    groups,
    optionsFor(release, optimizers.get(c.optimizer).rows, c.options),
  );
  const trajectory: number[][][] = [];
  for (let t = 0; t < c.steps; t++) {
    writeGradient(c.objective, params, c.negate);
    opt.step();
    trajectory.push(params.map((p) => Array.from(p.data)));
  }
  return trajectory;
}

for (const { release, torch, data: fixture } of releases) {
  test(`the PyTorch ${torch} fixture was made from the objectives and starting points the tests use`, () => {
    assert.match(torch, release === '1.13' ? /^1\.13/ : /^2\./);
    assert.deepEqual(fixture.rosenbrock, { a: ROSENBROCK.a, b: ROSENBROCK.b });
    assert.deepEqual(fixture.quadratic, { curvature: QUADRATIC.curvature, target: QUADRATIC.target });
    for (const c of fixture.cases) {
      assert.deepEqual(c.start, c.objective === 'rosenbrock' ? ROSENBROCK.start : QUADRATIC.start, c.name);
      assert.equal(c.trajectory.length, c.steps, c.name);
    }
  });

  test(`every PyTorch optimizer has ${torch} fixtures on both objectives, the quadratic in two groups`, () => {
    const covered = new Set(fixture.cases.map((c) => `${c.optimizer}/${c.objective}`));
    for (const name of ['adam', 'adamw', 'adagrad', 'rmsprop', 'adadelta', 'adamax', 'nadam', 'radam']) {
      assert.ok(covered.has(`${name}/rosenbrock`) && covered.has(`${name}/quadratic`), name);
    }
    for (const c of fixture.cases)
      if (c.objective === 'quadratic') assert.ok(c.group2 !== null && 'lr' in c.group2, c.name);
  });

  for (const c of fixture.cases) {
    test(`matches PyTorch ${torch}: ${c.name}`, (t) => {
      const ours = runCase(c, release);
      assertClose(ours, c.trajectory, RTOL, ATOL, 'trajectory');
      t.diagnostic(`max relative error ${maxRelativeError(ours, c.trajectory).toExponential(2)}`);
    });
  }
}
