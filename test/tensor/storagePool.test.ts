/**
 * StoragePool: arrays handed out in a scope come back at its end and are handed out again, zero-filled,
 * for the same dtype and length only; nested scopes (of one pool or of two) take back only their own;
 * a scope that throws still gives everything back and restores plain allocation; storage that must
 * outlive a scope (allocateUnpooled, unpooled, a leaf's gradient) is never taken back. Counted with storageStats.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocate, allocateUnpooled, storageStats, type Storage } from '../../src/tensor/storage.js';
import { StoragePool, unpooled, withoutStorageReuse } from '../../src/tensor/storagePool.js';
import { Tensor } from '../../src/tensor/tensor.js';

/** What `fn` returns, and how many typed arrays it created. */
function counted<T>(fn: () => T): { value: T; created: number } {
  const before = storageStats().arraysCreated;
  const value = fn();
  return { value, created: storageStats().arraysCreated - before };
}

function created(fn: () => unknown): number {
  return counted(fn).created;
}

test('outside a scope allocate creates a new zero-filled array on every call', () => {
  const {
    value: [a, b],
    created: n,
  } = counted(() => [allocate('float32', 5), allocate('float32', 5)]);
  assert.equal(n, 2);
  assert.notEqual(a, b);
  assert.deepEqual(Array.from(a), [0, 0, 0, 0, 0]);
});

test('an array comes back at the end of its scope and is handed out again, zero-filled, without a new one', () => {
  const pool = new StoragePool();
  const first = pool.scope(() => {
    const a = allocate('float32', 4);
    a.set([1, 2, 3, 4]);
    return a;
  });
  const { value: again, created: n } = counted(() => pool.scope(() => allocate('float32', 4)));
  assert.equal(n, 0);
  assert.equal(again, first);
  assert.deepEqual(Array.from(again), [0, 0, 0, 0]);
});

test('arrays are keyed by dtype and exact length; several of one key in a scope are distinct', () => {
  const pool = new StoragePool();
  const [a, b] = pool.scope(() => [allocate('float32', 8), allocate('float32', 8)]);
  assert.notEqual(a, b);
  pool.scope(() => {
    const others = counted(() => [allocate('float64', 8), allocate('float32', 9)]);
    assert.equal(others.created, 2);
    const [other64, other9] = others.value;
    assert.ok(other64 instanceof Float64Array && other64.length === 8);
    assert.ok(other9 instanceof Float32Array && other9.length === 9);
    const same = counted(() => [allocate('float32', 8), allocate('float32', 8)]);
    assert.equal(same.created, 0);
    assert.deepEqual(new Set(same.value), new Set([a, b]));
    assert.equal(
      created(() => allocate('float32', 8)),
      1,
      'a third one of the key is new',
    );
  });
});

test('a nested scope takes back only what it handed out; the outer scope gets it again', () => {
  const pool = new StoragePool();
  pool.scope(() => {
    const outer = allocate('float64', 3);
    outer.fill(7);
    const inner = pool.scope(() => allocate('float64', 3));
    assert.notEqual(inner, outer);
    const reused = allocate('float64', 3);
    assert.equal(reused, inner);
    assert.deepEqual(Array.from(outer), [7, 7, 7], 'the outer array is still the outer scope’s');
  });
  // Both are free now.
  assert.equal(
    created(() =>
      pool.scope(() => {
        allocate('float64', 3);
        allocate('float64', 3);
      }),
    ),
    0,
  );
});

test('a scope of another pool inside a scope draws on that pool, and allocate returns to the outer pool after it', () => {
  const a = new StoragePool();
  const b = new StoragePool();
  const [fromA, fromB, afterB] = a.scope(() => [
    allocate('float32', 2),
    b.scope(() => allocate('float32', 2)),
    allocate('float32', 2),
  ]);
  assert.notEqual(afterB, fromB, 'after b’s scope, allocate draws on a, which does not hold b’s array');
  const nextB = b.scope(() => allocate('float32', 2));
  assert.equal(nextB, fromB);
  const nextA = a.scope(() => [allocate('float32', 2), allocate('float32', 2)]);
  assert.deepEqual(new Set(nextA), new Set([fromA, afterB]));
});

test('a scope that throws rethrows, gives its arrays back and restores plain allocation', () => {
  const pool = new StoragePool();
  const failure = new Error('stop');
  let lost: Storage = new Float32Array(0);
  assert.throws(
    () =>
      pool.scope(() => {
        lost = allocate('float32', 6);
        lost.fill(1);
        throw failure;
      }),
    (error) => error === failure,
  );
  const outside = allocate('float32', 6);
  assert.notEqual(outside, lost, 'outside any scope allocate makes a new array');
  assert.equal(
    pool.scope(() => allocate('float32', 6)),
    lost,
  );
  // An inner scope that throws inside an outer one: the outer scope goes on drawing on the pool.
  pool.scope(() => {
    let inner: Storage = new Float32Array(0);
    assert.throws(() =>
      pool.scope(() => {
        inner = allocate('float32', 6);
        throw failure;
      }),
    );
    assert.equal(allocate('float32', 6), inner);
  });
});

test('scope returns what its function returns', () => {
  assert.equal(
    new StoragePool().scope(() => 42),
    42,
  );
});

test('allocateUnpooled inside a scope is never taken back', () => {
  const pool = new StoragePool();
  const kept = pool.scope(() => allocateUnpooled('float32', 3));
  kept.set([1, 2, 3]);
  const next = pool.scope(() => allocate('float32', 3));
  assert.notEqual(next, kept);
  assert.deepEqual(Array.from(kept), [1, 2, 3]);
});

test('unpooled: arrays made inside it are new and never taken back; the scope goes on after it', () => {
  const pool = new StoragePool();
  pool.scope(() => allocate('float32', 3));
  const [kept, pooled] = pool.scope(() => [unpooled(() => allocate('float32', 3)), allocate('float32', 3)]);
  const next = pool.scope(() => [allocate('float32', 3), allocate('float32', 3)]);
  assert.ok(next.includes(pooled) && !next.includes(kept));
});

test('a leaf’s gradient created inside a scope outlives it; intermediate gradients are pooled', () => {
  const pool = new StoragePool();
  const w = Tensor.from([1, -2, 3], { requiresGrad: true });
  pool.scope(() => w.mul(w).sum().backward());
  const grad = w.grad as Storage;
  assert.deepEqual(Array.from(grad), [2, -4, 6]);
  // Scribble over every array the pool holds for that length: the gradient must not be one of them.
  pool.scope(() => {
    for (let i = 0; i < 8; i++) allocate('float32', 3).fill(99);
  });
  assert.deepEqual(Array.from(grad), [2, -4, 6]);
  assert.equal(
    created(() => pool.scope(() => w.mul(w).sum().backward())),
    0,
    'the second pass reuses the first one’s arrays',
  );
  assert.deepEqual(Array.from(grad), [4, -8, 12]);
});

test('withoutStorageReuse: every request is a new array and none is kept; reuse resumes afterwards', () => {
  const pool = new StoragePool();
  const first = pool.scope(() => allocate('float32', 4));
  withoutStorageReuse(() => {
    assert.equal(
      created(() => pool.scope(() => allocate('float32', 4))),
      1,
    );
    assert.notEqual(
      pool.scope(() => allocate('float32', 4)),
      first,
    );
  });
  assert.equal(
    pool.scope(() => allocate('float32', 4)),
    first,
  );
});
