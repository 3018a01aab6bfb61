/** noGrad: inference mode records no graph, restores the mode, and enableGrad re-enables it inside. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enableGrad, isGradEnabled, noGrad } from '../../src/autograd/grad.js';
import { Tensor } from '../../src/tensor/tensor.js';

test('outputs computed inside noGrad do not require gradients and have no graph', () => {
  const w = Tensor.from(
    [
      [1, 2],
      [3, 4],
    ],
    { requiresGrad: true },
  );
  const y = noGrad(() => w.matmul(w).relu().sum());
  assert.equal(y.requiresGrad, false);
  assert.equal(y._node, null);
  assert.equal(y.item(), 7 + 10 + 15 + 22);
  assert.throws(() => y.backward(), /does not require a gradient/);
});

test('noGrad restores the previous mode, even when its function throws; it nests', () => {
  assert.equal(isGradEnabled(), true);
  assert.throws(() =>
    noGrad(() => {
      assert.equal(isGradEnabled(), false);
      noGrad(() => assert.equal(isGradEnabled(), false));
      assert.equal(isGradEnabled(), false);
      throw new Error('boom');
    }),
  );
  assert.equal(isGradEnabled(), true);
});

test('enableGrad records again inside noGrad', () => {
  const x = Tensor.from([2], { requiresGrad: true });
  const y = noGrad(() => enableGrad(() => x.mul(x)));
  assert.equal(y.requiresGrad, true);
  y.sum().backward();
  assert.deepEqual(Array.from(x.grad ?? []), [4]);
});

test('parameters can be updated in place under noGrad (the optimizer step pattern)', () => {
  const w = Tensor.from([1, 2], { dtype: 'float64', requiresGrad: true });
  w.mul(w).sum().backward();
  noGrad(() => {
    const step = w.sub(Tensor.from(w.grad ?? [], { dtype: 'float64' }).mul(0.25));
    w.data.set(step.data);
  });
  assert.deepEqual(w.toArray(), [0.5, 1]);
  assert.ok(w.isLeaf);
});
