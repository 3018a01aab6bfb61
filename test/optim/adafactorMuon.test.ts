/**
 * Adafactor and Muon against PyTorch 2.x's trajectories on two weight matrices and a bias
 * (test/fixtures/adafactor-muon, made by generate.py beside it), and against steps worked out
 * independently from their documented algorithms (torch/optim/_adafactor.py's and _muon.py's docstrings):
 * Adafactor's vector rule and factored matrix rule in closed form, Muon's Newton–Schulz iteration on a
 * matrix whose singular vectors are the axes (where it acts on each singular value σ as the scalar quintic
 * p(x) = a·x + b·x³ + c·x⁵, applied k times to σ/‖G‖_F), its lr adjustments, and its AdamW fallback for
 * tensors that are not matrices.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adafactor } from '../../src/optim/adafactor.js';
import { muon } from '../../src/optim/muon.js';
import type { Param } from '../../src/optim/optimizer.js';
import { toyDataset } from '../../src/data/toy.js';
import { mlp } from '../../src/nn/models.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { fit } from '../../src/train/fit.js';
import type { TrainingState } from '../../src/train/state.js';
import { assertClose, maxRelativeError } from '../helpers/close.js';
import { torchFixture } from '../helpers/torchFixtures.js';

interface MatrixFixture {
  shapes: number[][];
  steps: number;
  start: number[];
  curvature: number[];
  target: number[];
  cases: {
    name: string;
    optimizer: 'adafactor' | 'muon';
    options: Record<string, unknown>;
    newtonSchulz?: 'float64' | 'bfloat16';
    trajectory: number[][][];
  }[];
}

/** PyTorch 2.x's only: 1.13 has neither optimizer. */
const matrices = torchFixture<MatrixFixture>('adafactor-muon/trajectories.json', '2');

/** The fixture's tensors from its start, and a writer of ∇ = c ⊙ (θ − t) (negated to maximize) in generate.py's order. */
function fixtureTensors(f: MatrixFixture): { list: Tensor[]; writeGradient: (sign: number) => void } {
  let at = 0;
  const list = f.shapes.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const flat = f.start.slice(at, (at += size));
    const values =
      shape.length === 2
        ? Array.from({ length: shape[0] }, (_, r) => flat.slice(r * shape[1], (r + 1) * shape[1]))
        : flat;
    return Tensor.from(values, { dtype: 'float64', requiresGrad: true });
  });
  const writeGradient = (sign: number) => {
    let i = 0;
    for (const t of list) {
      const grad = t.grad as Float64Array;
      for (let k = 0; k < grad.length; k++, i++) grad[k] = sign * (f.curvature[i] * (t.data[k] - f.target[i]));
    }
  };
  return { list, writeGradient };
}

{
  const { torch, data } = matrices;
  for (const c of data.cases) {
    const bfloat16 = c.newtonSchulz === 'bfloat16';
    test(`${c.name}: ${bfloat16 ? "within bfloat16's reach of" : '1e-9 of'} PyTorch ${torch}`, (t) => {
      const { list, writeGradient } = fixtureTensors(data);
      const factory = c.optimizer === 'adafactor' ? adafactor : muon;
      const opt = factory(list, c.options as never);
      const ours: number[][][] = [];
      for (let k = 0; k < data.steps; k++) {
        writeGradient(c.options.maximize === true ? -1 : 1);
        opt.step();
        ours.push(list.map((p) => Array.from(p.data)));
      }
      if (!bfloat16) {
        t.diagnostic(`max relative error ${maxRelativeError(ours, c.trajectory).toExponential(2)}`);
        return assertClose(ours, c.trajectory, 1e-9, 1e-12);
      }
      // PyTorch iterates Newton–Schulz in bfloat16 (8 significant bits): each step's O is off by about 1e-2 of
      // itself, and over 30 steps θ moves by a few 1e-3 of its scale (generate.py); downhill stays within 1e-2.
      const scale = (x: number) => Math.max(Math.abs(x), 1);
      const worst = Math.max(...ours.flat(2).map((x, i) => Math.abs(x - c.trajectory.flat(2)[i]) / scale(x)));
      t.diagnostic(`largest difference on θ's scale ${worst.toExponential(2)}`);
      assert.ok(worst < 1e-2 && worst > 1e-5, `largest difference on θ's scale: ${worst}`);
    });
  }
}

const rms = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

/** A model's tensors packed into one Param with their shapes, as fit and `muon(model.parameters())` see them. */
function tensors(...values: (number[] | number[][])[]): {
  tensors: Tensor[];
  grads: (g: (number[] | number[][])[]) => void;
} {
  const list = values.map((v) => Tensor.from(v, { dtype: 'float64', requiresGrad: true }));
  return {
    tensors: list,
    grads: (g) => list.forEach((t, i) => (t.grad as Float64Array).set(g[i].flat())),
  };
}

test('adafactor on a vector: step 1 is −α·sign(g); step 2 lerps v by 2^−0.8 (by hand)', () => {
  const p: Param = { data: Float64Array.of(3, -4), grad: Float64Array.of(0.5, -2) };
  const opt = adafactor([p], { lr: 0.01 });
  opt.step();
  // t = 1: 1 − β̂ = 1^−0.8 = 1 → v = g² = [0.25, 4]; U = g/√v = [1, −1]; RMS(U) = 1 → Û = U (d = 1);
  // ρ = min(0.01, 1) = 0.01; α = max(1e-3, RMS([3, −4]) = 3.5355…)·0.01.
  const alpha1 = rms([3, -4]) * 0.01;
  const theta1 = [3 - alpha1, -4 + alpha1];
  assertClose(Array.from(p.data), theta1, 1e-15);
  p.grad.set([1, 1]);
  opt.step();
  // t = 2: w = 2^−0.8; v = lerp(v, 1, w) (w > ½: 1 − (1 − v)(1 − w)); U = 1/√v; ρ = min(0.01, 1/√2) = 0.01.
  const w = Math.pow(2, -0.8);
  const v = [1 - (1 - 0.25) * (1 - w), 1 - (1 - 4) * (1 - w)];
  const u = v.map((x) => 1 / Math.sqrt(x));
  const alpha2 = rms(theta1) * 0.01;
  const denom = Math.max(1, rms(u));
  assertClose(
    Array.from(p.data),
    theta1.map((t, i) => t - (alpha2 / denom) * u[i]),
    1e-15,
  );
});

test('adafactor on a matrix: factored V̂ = R·C/mean(R), update clipped to RMS d; the bias by the vector rule', () => {
  const { tensors: list, grads } = tensors(
    [
      [1, 2],
      [3, 4],
    ],
    [0.5, -0.5],
  );
  const opt = adafactor(list, { lr: 0.01, weightDecay: 0.5 });
  grads([
    [
      [1, 0],
      [0, 2],
    ],
    [0.1, 0.2],
  ]);
  opt.step();
  // G = [[1, 0], [0, 2]]: row means of G² R = [0.5, 2], column means C = [0.5, 2], mean(R) = 1.25,
  // V̂ = [[0.2, 0.8], [0.8, 3.2]], U = G/√V̂ = [[1/√0.2, 0], [0, 2/√3.2]], RMS(U) = √((5 + 1.25)/4) = 1.25 → Û = U/1.25.
  // α = RMS(θ)·0.01 from θ before the decay; θ ← θ·(1 − 0.01·0.5) − α·Û.
  const theta = [1, 2, 3, 4];
  const u = [1 / Math.sqrt(0.2), 0, 0, 2 / Math.sqrt(3.2)];
  const alpha = rms(theta) * 0.01;
  const expected = theta.map((t, i) => t * (1 - 0.005) - (alpha / 1.25) * u[i]);
  assertClose(Array.from(list[0].data), expected, 1e-15);
  // The bias [0.5, −0.5], g = [0.1, 0.2]: U = sign(g) = [1, 1], α = max(1e-3, 0.5)·0.01.
  assertClose(Array.from(list[1].data), [0.5 * 0.995 - 0.005, -0.5 * 0.995 - 0.005], 1e-15);
});

/** p applied k times: what Newton–Schulz does to one singular value (after dividing by ‖G‖_F). */
function quintic(x: number, k = 5, [a, b, c] = [3.4445, -4.775, 2.0315]): number {
  for (let i = 0; i < k; i++) x = a * x + b * x ** 3 + c * x ** 5;
  return x;
}

test('muon on a 2×3 and a 3×2 matrix: the quintic on each singular value, lr scaled by √max(1, rows/cols)', () => {
  // G = [[3, 0, 0], [0, 4, 0]]: ‖G‖_F = 5, singular values 3, 4 → O = [[p⁵(0.6), 0, 0], [0, p⁵(0.8), 0]].
  // Step 1: B = (1 − μ)G and B̃ = lerp(G, B, μ) are multiples of G, and NS divides by the norm first.
  const o1 = quintic(0.6);
  const o2 = quintic(0.8);
  // The coefficients push σ towards 1 without converging exactly (Keller Jordan: into about [0.7, 1.2]).
  assert.ok(o1 > 0.6 && o1 < 1.3 && o2 > 0.6 && o2 < 1.3, `${o1}, ${o2}`);
  const wide = tensors([
    [1, 1, 1],
    [1, 1, 1],
  ]);
  const wideOpt = muon(wide.tensors, { lr: 0.02 });
  wide.grads([
    [
      [3, 0, 0],
      [0, 4, 0],
    ],
  ]);
  wideOpt.step();
  // θ ← θ·(1 − ηλ) − η·√max(1, 2/3)·O, η = 0.02, λ = 0.1 (the default).
  const shrink = 1 - 0.02 * 0.1;
  assertClose(
    Array.from(wide.tensors[0].data),
    [shrink - 0.02 * o1, shrink, shrink, shrink, shrink - 0.02 * o2, shrink],
    1e-14,
  );

  const tall = tensors([
    [1, 1],
    [1, 1],
    [1, 1],
  ]);
  const tallOpt = muon(tall.tensors, { lr: 0.02, adjustLrFn: 'match_rms_adamw', nesterov: false });
  tall.grads([
    [
      [3, 0],
      [0, 4],
      [0, 0],
    ],
  ]);
  tallOpt.step();
  // 3 × 2: iterated on the transpose (2 × 3), the same singular values; η' = 0.2·η·√max(3, 2).
  const scaled = 0.2 * 0.02 * Math.sqrt(3);
  assertClose(
    Array.from(tall.tensors[0].data),
    [shrink - scaled * o1, shrink, shrink, shrink - scaled * o2, shrink, shrink],
    1e-14,
  );
});

test('muon: momentum lerp B ← μB + (1 − μ)G and Nesterov lerp(G, B, μ) on step 2 (by hand, 1×1 matrix)', () => {
  // A 1×1 matrix: NS of x is sign(x)·p⁵(1) (x/|x| = ±1 after dividing by the norm), so only the sign of
  // the direction matters. μ = 0.9, g₁ = 1, g₂ = −0.6: B₁ = 0.1, B₂ = 0.9·0.1 + 0.1·(−0.6) = 0.03 > 0,
  // but with Nesterov B̃₂ = lerp(−0.6, 0.03, 0.9) = 0.03 − (0.03 + 0.6)·0.1 = −0.033 < 0: the second step
  // goes back with Nesterov and on without it.
  const one = quintic(1);
  for (const [nesterov, sign] of [
    [true, -1],
    [false, 1],
  ] as const) {
    const m = tensors([[0]]);
    const opt = muon(m.tensors, { lr: 0.1, weightDecay: 0, momentum: 0.9, nesterov });
    m.grads([[[1]]]);
    opt.step();
    m.grads([[[-0.6]]]);
    opt.step();
    assertClose(m.tensors[0].data[0], -0.1 * one - sign * 0.1 * one, 1e-15);
  }
});

test("muon's fallback: a bias (not a matrix) takes AdamW's step with the group's lr and weight decay", () => {
  const m = tensors(
    [
      [2, 0],
      [0, 2],
    ],
    [1, -1],
  );
  const opt = muon(m.tensors, { lr: 0.01, weightDecay: 0.1 });
  m.grads([
    [
      [1, 0],
      [0, 1],
    ],
    [0.5, -0.25],
  ]);
  opt.step();
  // AdamW's first step: θ·(1 − ηλ) − η·m̂/(√v̂ + ε) with m̂ = g, v̂ = g²: −η·sign(g) up to ε.
  const shrink = 1 - 0.01 * 0.1;
  assertClose(
    Array.from(m.tensors[1].data),
    [shrink - 0.01 * (0.5 / (0.5 + 1e-8)), -shrink + 0.01 * (0.25 / (0.25 + 1e-8))],
    1e-15,
  );
  // The matrix I·1: ‖G‖_F = √2, singular values 1/√2 each → O = p⁵(1/√2)·I.
  const o = quintic(Math.SQRT1_2);
  assertClose(Array.from(m.tensors[0].data), [2 * shrink - 0.01 * o, 0, 0, 2 * shrink - 0.01 * o], 1e-14);
});

test('adafactor and muon options: the one-line errors of the others', () => {
  const p = () => [{ data: Float64Array.of(1), grad: Float64Array.of(1) }];
  assert.throws(() => adafactor(p(), { d: 0.5 }), /adafactor: d must be >= 1 \(got 0\.5\)/);
  assert.throws(() => adafactor(p(), { beta2Decay: 0.1 }), /adafactor: beta2Decay must be <= 0 \(got 0\.1\)/);
  assert.throws(() => adafactor(p(), { eps: 1 } as never), /adafactor: unknown option 'eps'/);
  assert.throws(() => muon(p(), { nsSteps: 100 }), /muon: nsSteps must be an integer in \[1, 99\] \(got 100\)/);
  assert.throws(
    () => muon(p(), { adjustLrFn: 'moonshot' as 'original' }),
    /muon: adjustLrFn must be one of 'original', 'match_rms_adamw', 'spectral_unclamped' \(got "moonshot"\)/,
  );
  assert.throws(() => muon(p(), { momentum: 1 }), /muon: momentum must be in \[0, 1\) \(got 1\)/);
});

test('fit with muon and adafactor: the loss falls, and a run resumed after epoch 1 ends bit for bit as the whole run', () => {
  for (const optimizer of [
    { name: 'muon', lr: 0.02 },
    { name: 'adafactor', lr: 0.05 },
  ]) {
    const run = (epochs: number, resume?: TrainingState) => {
      const random = new Random(5);
      const data = toyDataset('moons', { random, n: 120, noise: 0.1 });
      const model = mlp({ inputs: 2, hidden: [8], outputs: 2, random });
      return { model, result: fit(model, { train: data, optimizer, epochs, batchSize: 16, random, resume }) };
    };
    const whole = run(4);
    const { history } = whole.result;
    assert.ok(history[3].trainLoss < history[0].trainLoss, `${optimizer.name}: ${history.map((m) => m.trainLoss)}`);
    const first = run(1);
    const resumed = run(4, first.result.state);
    assert.deepEqual(
      resumed.model.parameters().map((t) => Array.from(t.data)),
      whole.model.parameters().map((t) => Array.from(t.data)),
      optimizer.name,
    );
  }
});
