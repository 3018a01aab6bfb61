/**
 * End to end: a 2-layer MLP written with matmul, add and relu learns XOR-like data by plain gradient
 * descent (the loss falls and every point ends up classified correctly), and its parameter gradients
 * pass gradcheck.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../../src/autograd/gradcheck.js';
import { noGrad } from '../../src/autograd/grad.js';
import { crossEntropy } from '../../src/autograd/ops/losses.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor, type DType } from '../../src/tensor/tensor.js';

const HIDDEN = 8;

/** Points around the four corners (±1, ±1); the class is 1 where x·y > 0 (XOR of the signs). */
function xorData(count: number, dtype: DType): { x: Tensor; labels: Int32Array } {
  const random = new Random(5);
  const points = new Float64Array(count * 2);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const sx = i % 2 === 0 ? 1 : -1;
    const sy = i % 4 < 2 ? 1 : -1;
    points[2 * i] = sx + 0.2 * random.normal();
    points[2 * i + 1] = sy + 0.2 * random.normal();
    labels[i] = sx * sy > 0 ? 1 : 0;
  }
  return { x: Tensor.from(points, { shape: [count, 2], dtype }), labels };
}

function initialParams(dtype: DType): Tensor[] {
  const random = new Random(9);
  const normal = (shape: number[], std: number) => {
    const values = new Float64Array(shape.reduce((a, b) => a * b, 1));
    random.fillNormal(values, 0, std);
    return Tensor.from(values, { shape, dtype, requiresGrad: true });
  };
  return [normal([2, HIDDEN], 1), normal([HIDDEN], 0.1), normal([HIDDEN, 2], 0.5), normal([2], 0.1)];
}

function mlp(x: Tensor, [w1, b1, w2, b2]: Tensor[]): Tensor {
  return x.matmul(w1).add(b1).relu().matmul(w2).add(b2);
}

test('gradient descent on a 2-layer MLP drives the XOR loss down and classifies every point', () => {
  const { x, labels } = xorData(32, 'float32');
  const params = initialParams('float32');
  const lossAt = () => noGrad(() => crossEntropy(mlp(x, params), labels).item());
  const initial = lossAt();
  for (let step = 0; step < 300; step++) {
    params.forEach((p) => p.zeroGrad());
    crossEntropy(mlp(x, params), labels).backward();
    noGrad(() => params.forEach((p) => p.data.forEach((v, i) => (p.data[i] = v - 0.5 * (p.grad?.[i] ?? 0)))));
  }
  const final = lossAt();
  assert.ok(initial > 0.5, `initial loss ${initial}`);
  assert.ok(final < initial / 10, `loss ${initial} → ${final}`);
  const logits = noGrad(() => mlp(x, params));
  const predicted = Array.from(labels, (_, r) => (logits.data[2 * r + 1] > logits.data[2 * r] ? 1 : 0));
  assert.deepEqual(predicted, Array.from(labels));
});

test("the MLP's gradient with respect to every parameter passes gradcheck (float64)", () => {
  const { x, labels } = xorData(8, 'float64');
  const params = initialParams('float64');
  const result = gradcheck((...ps) => crossEntropy(mlp(x, ps), labels), params);
  assert.ok(result.ok, `max error ${result.maxError}`);
  assert.ok(result.maxError < 1e-8);
});
