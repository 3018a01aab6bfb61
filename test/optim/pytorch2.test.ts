/**
 * What PyTorch 2.x changed in optimizers that 1.13 has, worked by hand from torch/optim/{adam,nadam,radam}.py:
 * NAdam's momentum term (1.13's `pytorch: '1.13'` against 2.x's, the default) and `decoupledWeightDecay` of
 * Adam, NAdam and RAdam, one step each. Whole trajectories against both releases are in
 * torch-trajectories.test.ts (test/fixtures/optim).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adam } from '../../src/optim/adam.js';
import { adamw } from '../../src/optim/adamw.js';
import { nadam } from '../../src/optim/nadam.js';
import { radam } from '../../src/optim/radam.js';
import { assertClose } from '../helpers/close.js';

test("nadam's first step by hand, 1.13 against 2: they differ only in the momentum term's denominator", () => {
  // θ = 1, g = 2, η = 0.1, β = (0.9, 0.999), ψ = 4e-3, ε = 1e-8.
  // μ₁ = 0.9·(1 − ½·0.96^0.004), μ₂ = 0.9·(1 − ½·0.96^0.008); Π₁ = μ₁.
  // m = 0.1·2 = 0.2; v = 0.001·4 = 0.004; d = √(0.004/0.001) + ε = 2 + ε.
  // θ ← 1 − η(1 − μ₁)/(1 − Π₁)·g/d − η·μ₂/(1 − D)·m/d, D = μ₁·μ₁·μ₂ (1.13) or μ₁·μ₂ (2).
  const mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004));
  const mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.008));
  const d = 2 + 1e-8;
  const expected = (denominator: number) =>
    1 - ((0.1 * (1 - mu1)) / (1 - mu1)) * (2 / d) - ((0.1 * mu2) / (1 - denominator)) * (0.2 / d);
  for (const [pytorch, denominator] of [
    ['1.13', mu1 * mu1 * mu2],
    ['2', mu1 * mu2],
  ] as const) {
    const p = { data: Float64Array.of(1), grad: Float64Array.of(2) };
    nadam([p], { lr: 0.1, pytorch }).step();
    assertClose(p.data[0], expected(denominator), 1e-15);
  }
  // The default is 2.x's.
  const p = { data: Float64Array.of(1), grad: Float64Array.of(2) };
  nadam([p], { lr: 0.1 }).step();
  assertClose(p.data[0], expected(mu1 * mu2), 1e-15);
});

test('decoupledWeightDecay: θ·(1 − ηλ) before the step, λθ kept out of the moments (one step by hand)', () => {
  // θ = 1, g = 0.5, η = 0.1, λ = 0.1 → θ·(1 − ηλ) = 0.99, and the moments see g = 0.5 only.
  const shrunk = 0.99;
  // Adam: m̂ = 0.5, v̂ = 0.25 → θ = 0.99 − 0.1·0.5/(0.5 + 1e-8).
  const adamStep = shrunk - (0.1 * 0.5) / (0.5 + 1e-8);
  const a = { data: Float64Array.of(1), grad: Float64Array.of(0.5) };
  adam([a], { lr: 0.1, weightDecay: 0.1, decoupledWeightDecay: true }).step();
  assertClose(a.data[0], adamStep, 1e-15);
  // …which is AdamW with the same options, bit for bit.
  const w = { data: Float64Array.of(1), grad: Float64Array.of(0.5) };
  adamw([w], { lr: 0.1, weightDecay: 0.1 }).step();
  assert.equal(a.data[0], w.data[0]);
  // RAdam's first step (ρ₁ ≤ 5: momentum SGD): θ = 0.99 − η·m̂ = 0.99 − 0.1·0.5.
  const r = { data: Float64Array.of(1), grad: Float64Array.of(0.5) };
  radam([r], { lr: 0.1, weightDecay: 0.1, decoupledWeightDecay: true }).step();
  assertClose(r.data[0], shrunk - 0.1 * 0.5, 1e-15);
  // L2 instead: g = 0.5 + 0.1·1 = 0.6 enters m̂: θ = 1 − 0.1·0.6.
  const l2 = { data: Float64Array.of(1), grad: Float64Array.of(0.5) };
  radam([l2], { lr: 0.1, weightDecay: 0.1 }).step();
  assertClose(l2.data[0], 1 - 0.1 * 0.6, 1e-15);
  // NAdam: the step of g = 0.5 from θ = 0.99 (first step as in the test above, with m = 0.05, d = 0.5 + ε).
  const mu1 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004));
  const mu2 = 0.9 * (1 - 0.5 * Math.pow(0.96, 0.008));
  const d = 0.5 + 1e-8;
  const n = { data: Float64Array.of(1), grad: Float64Array.of(0.5) };
  nadam([n], { lr: 0.1, weightDecay: 0.1, decoupledWeightDecay: true, pytorch: '2' }).step();
  assertClose(n.data[0], shrunk - 0.1 * (0.5 / d) - ((0.1 * mu2) / (1 - mu1 * mu2)) * (0.05 / d), 1e-15);
});

test('unknown or mistyped new options: the one-line errors of the old ones', () => {
  const p = () => [{ data: Float64Array.of(1), grad: Float64Array.of(1) }];
  assert.throws(() => nadam(p(), { pytorch: '3' as '2' }), /nadam: pytorch must be '1\.13' or '2' \(got "3"\)/);
  // A spec such as nadam:pytorch=1.13 reads the release as a number: it names the same choice.
  assert.equal(nadam(p(), { pytorch: 1.13 as unknown as '1.13' }).groups[0].options.pytorch, '1.13');
  assert.equal(nadam(p(), { pytorch: 2 as unknown as '2' }).groups[0].options.pytorch, '2');
  assert.throws(() => nadam(p(), { pytorch: 3 as unknown as '2' }), /nadam: pytorch must be '1\.13' or '2' \(got 3\)/);
  assert.throws(() => radam(p(), { decoupledWeightDecay: 1 as unknown as boolean }), /radam: decoupledWeightDecay/);
  assert.throws(
    () => adamw(p(), { decoupledWeightDecay: true } as never),
    /adamw: unknown option 'decoupledWeightDecay'/,
  );
});
