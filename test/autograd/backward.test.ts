/** backward(): accumulation, shared subexpressions, freed graphs, retainGraph, seeds, deep graphs. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { topologicalOrder } from '../../src/autograd/backward.js';
import { Tensor } from '../../src/tensor/tensor.js';

test('gradients accumulate across two backward calls (as PyTorch), and zeroGrad resets them in place', () => {
  const x = Tensor.from([1, 2], { dtype: 'float64', requiresGrad: true });
  x.mul(x).sum().backward(); // 2x
  x.mul(3).sum().backward(); // + 3
  assert.deepEqual(Array.from(x.grad ?? []), [5, 7]);
  const buffer = x.grad;
  x.zeroGrad();
  assert.equal(x.grad, buffer);
  assert.deepEqual(Array.from(x.grad ?? []), [0, 0]);
});

test('a tensor used twice gets both contributions: d/dx (x·x + x) = 2x + 1', () => {
  const x = Tensor.scalar(3, 'float64', true);
  const y = x.mul(x).add(x);
  y.backward();
  assert.equal(x.grad?.[0], 7);
});

test('a diamond: y = a·b with a = 2x, b = x + 1 gives dy/dx = 2(x + 1) + 2x', () => {
  const x = Tensor.scalar(5, 'float64', true);
  const a = x.mul(2);
  const b = x.add(1);
  a.mul(b).backward();
  assert.equal(x.grad?.[0], 2 * 6 + 2 * 5);
});

test('backward twice through the same graph is an error that says the graph was freed', () => {
  const x = Tensor.from([1, 2], { requiresGrad: true });
  const loss = x.exp().sum();
  loss.backward();
  assert.throws(() => loss.backward(), {
    name: 'InputError',
    message:
      /^backward: the graph through 'sum' was freed by an earlier backward\(\); recompute the forward pass, or pass \{ retainGraph: true \}/,
  });
  // Reusing a freed intermediate in a new graph fails the same way.
  const intermediate = x.mul(2);
  intermediate.sum().backward();
  assert.throws(() => intermediate.add(1).sum().backward(), /the graph through 'mul' was freed/);
});

test('retainGraph keeps the graph for a second backward, whose gradients add up', () => {
  const x = Tensor.from([1, 2], { dtype: 'float64', requiresGrad: true });
  const loss = x.pow(2).sum();
  loss.backward(undefined, { retainGraph: true });
  loss.backward();
  assert.deepEqual(Array.from(x.grad ?? []), [4, 8]);
});

test('only leaves keep gradients; intermediate gradients are dropped', () => {
  const x = Tensor.from([1, 2], { requiresGrad: true });
  const h = x.mul(2);
  const y = h.sum();
  y.backward();
  assert.equal(h.grad, null);
  assert.equal(y.grad, null);
  assert.ok(x.isLeaf && !h.isLeaf);
  assert.deepEqual(Array.from(x.grad ?? []), [2, 2]);
});

test('tensors that do not require gradients get none, and inputs not requiring them are skipped', () => {
  const w = Tensor.from([1, 2], { requiresGrad: true });
  const data = Tensor.from([3, 4]);
  w.mul(data).sum().backward();
  assert.equal(data.grad, null);
  assert.deepEqual(Array.from(w.grad ?? []), [3, 4]);
  assert.throws(() => data.sum().backward(), /backward: this tensor does not require a gradient/);
});

test('a non-scalar output needs an explicit gradient of its shape', () => {
  const x = Tensor.from([1, 2, 3], { dtype: 'float64', requiresGrad: true });
  const y = x.mul(2);
  assert.throws(() => y.backward(), {
    name: 'InputError',
    message:
      'backward: a gradient can be created implicitly only for a scalar output (got shape [3]); pass one of the same shape',
  });
  assert.throws(
    () => y.backward(Tensor.zeros([2], 'float64')),
    /the gradient has shape \[2\] but the output has shape \[3\]/,
  );
  y.backward(Tensor.from([1, 10, 100], { dtype: 'float64' }));
  assert.deepEqual(Array.from(x.grad ?? []), [2, 20, 200]);
});

test('backward on a leaf adds the seed to its own gradient', () => {
  const x = Tensor.scalar(2, 'float32', true);
  x.backward();
  x.backward();
  assert.equal(x.grad?.[0], 2);
});

test('the topological order puts every tensor after its inputs, each once', () => {
  const x = Tensor.from([1], { requiresGrad: true });
  const a = x.mul(2);
  const b = a.add(x);
  const c = a.mul(b);
  const order = topologicalOrder(c);
  assert.equal(order.length, 4);
  assert.equal(new Set(order).size, 4);
  for (const t of order) for (const input of t._node?.inputs ?? []) assert.ok(order.indexOf(input) < order.indexOf(t));
  assert.equal(order[order.length - 1], c);
});

test('a chain 20,000 ops deep runs without overflowing the call stack', () => {
  const x = Tensor.scalar(0, 'float64', true);
  let y = x;
  for (let i = 0; i < 20_000; i++) y = y.add(1);
  y.backward();
  assert.equal(y.item(), 20_000);
  assert.equal(x.grad?.[0], 1);
});

test('gradients land in whatever buffer grad points to (a parameter store may own it)', () => {
  const flatData = new Float32Array([1, 2, 3, 9]);
  const flatGrad = new Float32Array(4);
  const w = new Tensor(flatData.subarray(0, 3), [3], true);
  w.grad = flatGrad.subarray(0, 3);
  w.mul(w).sum().backward();
  assert.deepEqual(Array.from(flatGrad), [2, 4, 6, 0]);
  w.data = flatData.subarray(1, 4); // swapped between passes: the next forward reads the new view
  assert.deepEqual(w.sum().toArray(), 14);
});
