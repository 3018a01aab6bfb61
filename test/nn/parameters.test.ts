/**
 * packParameters: every parameter's data and grad become views of one flat buffer each — writing the
 * flat buffer changes the tensors, backward fills the flat gradient, zeroGrad is one fill — and packing
 * does not change what the model computes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropy } from '../../src/autograd/ops/losses.js';
import { Linear } from '../../src/nn/linear.js';
import { mlp } from '../../src/nn/models.js';
import { Sequential } from '../../src/nn/sequential.js';
import { packParameters } from '../../src/nn/parameters.js';
import { adam } from '../../src/optim/adam.js';
import { createOptimizer, optimizerNames } from '../../src/optim/registry.js';
import { sgd } from '../../src/optim/sgd.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';

const input = () => {
  const values = new Float32Array(6 * 5);
  new Random(4).fillNormal(values);
  return new Tensor(values, [6, 5]);
};
const LABELS = [0, 2, 1, 1, 0, 2];

test('packing leaves the forward pass unchanged and lays the parameters out in namedParameters order', () => {
  const model = mlp({ inputs: 5, hidden: [4, 3], outputs: 3, batchNorm: true, random: new Random(1) });
  const before = Array.from(model.forward(input()).data);
  const values = model.parameters().flatMap((t) => Array.from(t.data));
  const store = packParameters(model);
  assert.deepEqual(Array.from(model.forward(input()).data), before);
  assert.deepEqual(Array.from(store.data), values);
  assert.deepEqual(
    store.entries.map(({ name, offset, size, shape }) => [name, offset, size, shape]),
    [
      ['0.weight', 0, 20, [4, 5]],
      ['0.bias', 20, 4, [4]],
      ['1.weight', 24, 4, [4]],
      ['1.bias', 28, 4, [4]],
      ['3.weight', 32, 12, [3, 4]],
      ['3.bias', 44, 3, [3]],
      ['4.weight', 47, 3, [3]],
      ['4.bias', 50, 3, [3]],
      ['6.weight', 53, 9, [3, 3]],
      ['6.bias', 62, 3, [3]],
    ],
  );
  assert.equal(store.data.length, 65);
  assert.equal(store.param.data, store.data);
  assert.equal(store.param.grad, store.grad);
});

test('every parameter is a view: writing the flat buffer changes the tensor, and the tensor the buffer', () => {
  const model = new Sequential(new Linear(2, 3), new Linear(3, 1));
  const store = packParameters(model);
  for (const { name, offset, size } of store.entries) {
    const t = new Map(model.namedParameters()).get(name) as Tensor;
    assert.equal(t.data.buffer, store.data.buffer, `${name} data shares the flat buffer`);
    assert.equal(t.grad?.buffer, store.grad.buffer, `${name} grad shares the flat buffer`);
    store.data[offset + size - 1] = 123;
    assert.equal(t.data[size - 1], 123);
    t.data[0] = -7;
    assert.equal(store.data[offset], -7);
  }
});

test('backward fills the flat gradient; zeroGrad clears it in one fill; gradients accumulate as before', () => {
  const model = mlp({ inputs: 5, hidden: [4], outputs: 3, random: new Random(2) });
  const reference = mlp({ inputs: 5, hidden: [4], outputs: 3, random: new Random(2) });
  const store = packParameters(model);
  crossEntropy(model.forward(input()), LABELS).backward();
  crossEntropy(reference.forward(input()), LABELS).backward();
  const expected = reference.parameters().flatMap((t) => Array.from(t.grad ?? []));
  assert.deepEqual(Array.from(store.grad), expected);
  assert.ok(store.grad.some((g) => g !== 0));
  crossEntropy(model.forward(input()), LABELS).backward();
  // Accumulated, not overwritten (to float32 rounding: the kernels add partial sums onto what is there).
  store.grad.forEach((g, i) =>
    assert.ok(
      Math.abs(g - 2 * expected[i]) <= 1e-6 * Math.abs(expected[i]) + 1e-9,
      `grad[${i}] ${g} vs 2·${expected[i]}`,
    ),
  );
  // zeroGrad is a single fill of the flat gradient (counted by wrapping that buffer's fill).
  const grad = store.grad as Float32Array;
  const fill = grad.fill.bind(grad);
  let fills = 0;
  grad.fill = (...args: Parameters<Float32Array['fill']>) => (fills++, fill(...args));
  store.zeroGrad();
  assert.equal(fills, 1);
  assert.ok(store.grad.every((g) => g === 0));
  assert.ok(model.parameters().every((t) => t.grad?.every((g) => g === 0)));
});

test('an optimizer on the one flat Param steps every layer', () => {
  const model = mlp({ inputs: 5, hidden: [4], outputs: 3, random: new Random(3) });
  const store = packParameters(model);
  const before = store.data.slice();
  const optimizer = sgd([store.param], { lr: 0.1 });
  crossEntropy(model.forward(input()), LABELS).backward();
  optimizer.step();
  store.data.forEach((v, i) => assert.equal(v, Math.fround(before[i] - 0.1 * store.grad[i])));
  for (const { name, offset, size } of store.entries) {
    assert.ok(
      store.data.subarray(offset, offset + size).some((v, i) => v !== before[offset + i]),
      `${name} moved`,
    );
  }
});

test('existing gradients are carried into the flat buffer; mixed dtypes are an InputError', () => {
  const layer = new Linear(2, 2, { dtype: 'float64' });
  layer.weight.grad = Float64Array.from([1, 2, 3, 4]);
  const store = packParameters(layer);
  assert.deepEqual(Array.from(store.grad.subarray(0, 4)), [1, 2, 3, 4]);
  const mixed = new Sequential(new Linear(2, 2), new Linear(2, 2, { dtype: 'float64' }));
  assert.throws(() => packParameters(mixed), {
    name: 'InputError',
    message:
      'packParameters: the parameters mix dtypes (0.weight: float32, 0.bias: float32, 1.weight: float64, 1.bias: float64); convert the model to one dtype',
  });
});

test('adam(model.parameters()), the PyTorch habit, steps exactly as adam on packParameters(model).param', () => {
  const habit = mlp({ inputs: 5, hidden: [4], outputs: 3, random: new Random(5) });
  const packed = mlp({ inputs: 5, hidden: [4], outputs: 3, random: new Random(5) });
  const byTensors = adam(habit.parameters(), { lr: 0.01 });
  const store = packParameters(packed);
  const byStore = adam([store.param], { lr: 0.01 });
  // The tensors become one flat Param (a single fused loop per step), views of which the tensors now are.
  assert.equal(byTensors.params.length, 1);
  assert.ok(habit.parameters().every((t) => t.data.buffer === byTensors.params[0].data.buffer));
  for (let step = 0; step < 3; step++) {
    byTensors.zeroGrad();
    store.zeroGrad();
    crossEntropy(habit.forward(input()), LABELS).backward();
    crossEntropy(packed.forward(input()), LABELS).backward();
    byTensors.step();
    byStore.step();
  }
  assert.deepEqual(Array.from(byTensors.params[0].data), Array.from(store.data));
  assert.notDeepEqual(
    Array.from(store.data),
    Array.from(packParameters(mlp({ inputs: 5, hidden: [4], outputs: 3, random: new Random(5) })).data),
  );
});

test('tensors already packed are stepped in place, not copied; plain Params and tensors mix in one list', () => {
  const model = mlp({ inputs: 5, hidden: [4], outputs: 3, random: new Random(6) });
  const store = packParameters(model);
  assert.equal(adam(model.parameters()).params[0], store.param);
  const extra = { data: Float64Array.of(1, 2), grad: Float64Array.of(0.5, -0.5) };
  const lone = new Tensor(Float64Array.of(3), [1]);
  const optimizer = sgd([extra, lone], { lr: 0.1 });
  assert.equal(optimizer.params.length, 2);
  assert.equal(optimizer.params[0], extra);
  // A tensor without a gradient yet gets a zero one: θ − 0.1·0 = θ; the Param moves by −0.1·g.
  optimizer.step();
  assert.deepEqual(Array.from(extra.data), [1 - 0.1 * 0.5, 2 + 0.1 * 0.5]);
  assert.deepEqual(Array.from(lone.data), [3]);
  assert.deepEqual(Array.from(lone.grad ?? []), [0]);
});

test('every optimizer accepts model.parameters()', () => {
  for (const name of optimizerNames) {
    const model = mlp({ inputs: 5, hidden: [4], outputs: 3, random: new Random(7) });
    const optimizer = createOptimizer(model.parameters(), { name, lr: 0.01 });
    assert.equal(optimizer.params.length, 1, name);
    assert.equal(optimizer.params[0].data.length, 5 * 4 + 4 + 4 * 3 + 3, name);
  }
});
