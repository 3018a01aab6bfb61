/**
 * Every op's forward values and gradients against PyTorch 1.13 and 2.x (test/fixtures/autograd/generate.py):
 * each case applies the op to fixed inputs, and compares the output and the gradient of
 * L = Σ output ⊙ w for the recorded weights w.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binaryCrossEntropyWithLogits, crossEntropy, mseLoss, type Reduction } from '../../src/autograd/ops/losses.js';
import { unaryOpRow, unaryOps, type UnaryOp } from '../../src/kernels/unaryOps.js';
import { Tensor, type DType } from '../../src/tensor/tensor.js';
import { torchFixtures } from '../helpers/torchFixtures.js';

interface TensorJson {
  shape: number[];
  values: number[];
}

interface Case {
  name: string;
  op: string;
  dtype: DType;
  params: Record<string, unknown>;
  labels: number[] | null;
  inputs: TensorJson[];
  output: TensorJson;
  weights: TensorJson;
  grads: TensorJson[];
}

const releases = torchFixtures<{ cases: Case[] }>('autograd/ops.json');

/** downhill's version of each fixture op. */
function apply(c: Case, xs: Tensor[]): Tensor {
  const p = c.params as Record<string, never>;
  const [x, y] = xs;
  if (Object.hasOwn(unaryOps, c.op)) {
    // A row of the table of unary ops: its Tensor method, with the row's constant read from the case's params.
    const op = c.op as UnaryOp;
    const name = unaryOpRow(op).param?.name;
    return (x[op] as (param?: number) => Tensor).call(x, name === undefined ? undefined : p[name]);
  }
  switch (c.op) {
    case 'add':
      return x.add(y);
    case 'sub':
      return x.sub(y);
    case 'mul':
      return x.mul(y);
    case 'div':
      return x.div(y);
    case 'softmax':
      return x.softmax(p.axis);
    case 'logSoftmax':
      return x.logSoftmax(p.axis);
    case 'matmul':
      return x.matmul(y);
    case 'sum':
      return x.sum(p.axis, p.keepDims);
    case 'mean':
      return x.mean(p.axis, p.keepDims);
    case 'max':
      return x.max(p.axis, p.keepDims);
    case 'reshape':
      return x.reshape(p.shape);
    case 'transpose':
      return x.transpose(p.axes);
    case 'slice':
      return x.slice(p.axis, p.start, p.end);
    case 'indexSelect':
      return x.indexSelect(p.axis, p.indices);
    case 'concat':
      return Tensor.concat(xs, p.axis);
    case 'crossEntropy':
      return crossEntropy(x, c.labels ?? [], p.reduction as Reduction);
    case 'mseLoss':
      return mseLoss(x, y, p.reduction as Reduction);
    case 'binaryCrossEntropyWithLogits':
      return binaryCrossEntropyWithLogits(x, y, p.reduction as Reduction);
    default:
      throw new Error(`no downhill op for fixture op ${c.op}`);
  }
}

// Float64 results agree to rounding (different summation orders in matmul and reductions); float32 to a few ulps.
const TOLERANCE: Record<DType, number> = { float64: 1e-12, float32: 1e-5 };
const worst: Record<DType, { forward: number; gradient: number }> = {
  float64: { forward: 0, gradient: 0 },
  float32: { forward: 0, gradient: 0 },
};

for (const { torch, data } of releases) {
  for (const c of data.cases) {
    test(`${c.name}: output and gradient match PyTorch ${torch}`, () => {
      const inputs = c.inputs.map((t) => Tensor.from(t.values, { shape: t.shape, dtype: c.dtype, requiresGrad: true }));
      const out = apply(c, inputs);
      assert.deepEqual(out.shape, c.output.shape);
      out
        .mul(Tensor.from(c.weights.values, { shape: c.weights.shape, dtype: c.dtype }))
        .sum()
        .backward();
      const forward = closeness(Array.from(out.data), c.output.values);
      const gradient = Math.max(...inputs.map((x, i) => closeness(Array.from(x.grad ?? []), c.grads[i].values)));
      worst[c.dtype].forward = Math.max(worst[c.dtype].forward, forward);
      worst[c.dtype].gradient = Math.max(worst[c.dtype].gradient, gradient);
      assert.ok(forward <= TOLERANCE[c.dtype], `forward differs by ${forward} (relative)`);
      assert.ok(gradient <= TOLERANCE[c.dtype], `gradient differs by ${gradient} (relative)`);
    });
  }
}

test('report: largest relative differences from PyTorch', () => {
  console.log(
    `  float64: forward ${worst.float64.forward.toExponential(2)}, gradient ${worst.float64.gradient.toExponential(2)}; float32: forward ${worst.float32.forward.toExponential(2)}, gradient ${worst.float32.gradient.toExponential(2)}`,
  );
  for (const { data } of releases) assert.ok(data.cases.length > 50);
});

/**
 * The relative error, measured against the largest magnitude in the expected array when an element is
 * tiny (so that 1e-17 vs 0 in a softmax tail does not count as a 100% error).
 */
function closeness(actual: number[], expected: number[]): number {
  assert.equal(actual.length, expected.length);
  const scale = Math.max(...expected.map(Math.abs), 1e-300);
  return actual.reduce((worstSoFar, a, i) => {
    const e = expected[i];
    const floor = Math.max(Math.abs(e), 1e-6 * scale);
    return Math.max(worstSoFar, a === e ? 0 : Math.abs(a - e) / floor);
  }, 0);
}
