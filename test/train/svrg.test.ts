/**
 * SVRG in fit on a small least-squares problem, against the algorithm written out independently here
 * (Johnson & Zhang 2013, Procedure SVRG, option I) with the gradients of the mean squared error in closed
 * form: for a batch B, L_B(w, b) = (1/|B|)·Σ_{i∈B} (w·xᵢ + b − yᵢ)², so
 *
 *   ∂L_B/∂w = (2/|B|)·Σ rᵢ·xᵢ,   ∂L_B/∂b = (2/|B|)·Σ rᵢ,   rᵢ = w·xᵢ + b − yᵢ,
 *
 * and before steps 1, m + 1, 2m + 1, … the snapshot (w̃, b̃) ← (w, b) with μ̃ = ∇L over all n rows; each SGD
 * step then moves by −η·(∇L_B(w) − ∇L_B(w̃) + μ̃). Also: with a constant lr SVRG converges to the
 * least-squares solution (the normal equations, solved here), where SGD on the same batches stalls.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/models.js';
import { Random } from '../../src/tensor/random.js';
import { fit, type FitOptions } from '../../src/train/fit.js';
import { assertClose } from '../helpers/close.js';

const N = 12;
const FEATURES = 3;
/** Exact in float32: multiples of 1/8; the targets a plane plus a deterministic ±0.25 "noise". */
const xs = Array.from({ length: N }, (_, i) => [((5 * i) % 11) / 8 - 0.5, ((3 * i) % 7) / 8, ((7 * i) % 5) / 8 - 0.25]);
const ys = xs.map(([a, b, c], i) => 0.5 * a - b + 2 * c + 0.25 + (i % 2 === 0 ? 0.25 : -0.25));
const train: Dataset = {
  x: Float32Array.from(xs.flat()),
  y: Float32Array.from(ys),
  n: N,
  features: FEATURES,
  task: 'regression',
  targets: 1,
};
const START = [0.3, -0.2, 0.1, 0];
const LR = 0.05;
const BATCH = 4;

/** [∂/∂w₀, ∂/∂w₁, ∂/∂w₂, ∂/∂b] of the mean squared error over `rows`. */
function gradient(p: number[], rows: number[]): number[] {
  const g = [0, 0, 0, 0];
  for (const i of rows) {
    const r = p[0] * xs[i][0] + p[1] * xs[i][1] + p[2] * xs[i][2] + p[3] - ys[i];
    for (let k = 0; k < FEATURES; k++) g[k] += (2 / rows.length) * r * xs[i][k];
    g[3] += (2 / rows.length) * r;
  }
  return g;
}

function byHand(steps: number, every: number | undefined): number[] {
  let p = [...START];
  let snapshot = p;
  let mu = [0, 0, 0, 0];
  const all = Array.from({ length: N }, (_, i) => i);
  for (let s = 0; s < steps; s++) {
    const rows = Array.from({ length: BATCH }, (_, k) => ((s * BATCH) % N) + k);
    if (every !== undefined && s % every === 0) {
      snapshot = [...p];
      mu = gradient(snapshot, all);
    }
    const g = gradient(p, rows);
    const atSnapshot = gradient(snapshot, rows);
    const v = every === undefined ? g : g.map((gk, k) => gk - atSnapshot[k] + mu[k]);
    p = p.map((pk, k) => pk - LR * v[k]);
  }
  return p;
}

function trained(epochs: number, svrg: number | undefined, lr = LR): number[] {
  const model = new Linear(FEATURES, 1, { dtype: 'float64' });
  model.weight.data.set(START.slice(0, 3));
  model.parameters()[1].data.set([START[3]]);
  const options: FitOptions = {
    train,
    loss: 'mse',
    optimizer: { name: 'sgd', lr },
    epochs,
    batchSize: BATCH,
    shuffle: false,
    random: new Random(0),
    ...(svrg === undefined ? {} : { svrg }),
  };
  fit(model, options);
  return model.parameters().flatMap((t) => Array.from(t.data));
}

/** The least-squares (w, b): the normal equations AᵀA·p = Aᵀy with A = [x | 1], by Gaussian elimination. */
function leastSquares(): number[] {
  const rows = xs.map((x) => [...x, 1]);
  const m = Array.from({ length: 4 }, (_, r) => [
    ...Array.from({ length: 4 }, (_, c) => rows.reduce((s, a) => s + a[r] * a[c], 0)),
    rows.reduce((s, a, i) => s + a[r] * ys[i], 0),
  ]);
  for (let c = 0; c < 4; c++) {
    for (let r = c + 1; r < 4; r++) {
      const f = m[r][c] / m[c][c];
      for (let k = c; k < 5; k++) m[r][k] -= f * m[c][k];
    }
  }
  const p = [0, 0, 0, 0];
  for (let r = 3; r >= 0; r--) {
    let rest = m[r][4];
    for (let k = r + 1; k < 4; k++) rest -= m[r][k] * p[k];
    p[r] = rest / m[r][r];
  }
  return p;
}

test('svrg m = 2: fit takes the steps of the algorithm written out by hand (8 epochs, 24 steps)', () => {
  assertClose(trained(8, 2), byHand(24, 2), 1e-12, 1e-15);
  // Without svrg the same comparison is plain SGD: the correction made a difference.
  assertClose(trained(8, undefined), byHand(24, undefined), 1e-12, 1e-15);
  assert.ok(Math.abs(byHand(24, 2)[0] - byHand(24, undefined)[0]) > 1e-4);
});

test('with a constant lr SVRG reaches the least-squares solution; SGD on the same batches stalls near it', () => {
  const solution = leastSquares();
  const distance = (p: number[]) => Math.hypot(...p.map((v, k) => v - solution[k]));
  // 1000 epochs of 3 steps at η = 0.3: SVRG ends 2e-14 from the solution, SGD cycles 0.038 away.
  const svrg = distance(trained(1000, 3, 0.3));
  const sgd = distance(trained(1000, undefined, 0.3));
  assert.ok(svrg < 1e-10, `svrg: ${svrg}`);
  assert.ok(sgd > 1e-2, `sgd: ${sgd}`);
});

test('svrg refuses models whose gradient is not a sum over examples, and m < 1', () => {
  const base = {
    train,
    loss: 'mse' as const,
    optimizer: { name: 'sgd', lr: 0.1 },
    epochs: 1,
    batchSize: 4,
    random: new Random(0),
  };
  const withBatchNorm = mlp({ inputs: 3, hidden: [4], outputs: 1, batchNorm: true });
  assert.throws(() => fit(withBatchNorm, { ...base, svrg: 2 }), /fit: svrg needs a model without BatchNorm or Dropout/);
  assert.throws(() => fit(new Linear(3, 1), { ...base, svrg: 0 }), /fit: svrg must be an integer >= 1 \(got 0\)/);
});
