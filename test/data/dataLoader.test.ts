/** Mini-batches: each example once per epoch, reused buffers holding the right rows, exact resumption. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DataLoader } from '../../src/data/dataLoader.js';
import type { Dataset } from '../../src/data/dataset.js';
import { InputError } from '../../src/errors.js';
import { Random } from '../../src/tensor/random.js';

/** Example i has features [i, i + 0.5] and label i mod 4, so a batch's rows can be checked against its indices. */
function numbered(n: number): Dataset {
  return {
    x: Float32Array.from({ length: 2 * n }, (_, k) => Math.floor(k / 2) + (k % 2) * 0.5),
    y: Int32Array.from({ length: n }, (_, i) => i % 4),
    n,
    features: 2,
    task: 'classification',
    classes: 4,
  };
}

/** One epoch's batches, copied (the loader reuses its buffers). */
function epoch(loader: DataLoader): { indices: number[]; x: number[]; y: number[]; size: number }[] {
  return Array.from(loader.batches(), (b) => ({
    indices: Array.from(b.indices),
    x: Array.from(b.x),
    y: Array.from(b.y),
    size: b.size,
  }));
}

test('each epoch covers every example exactly once, with rows matching the indices', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 60 }),
      fc.integer({ min: 1, max: 70 }),
      fc.boolean(),
      fc.nat(1000),
      (n, batchSize, shuffle, seed) => {
        const loader = new DataLoader(numbered(n), { batchSize, shuffle, random: new Random(seed) });
        assert.equal(loader.batchesPerEpoch, Math.ceil(n / batchSize));
        for (let e = 0; e < 2; e++) {
          const batches = epoch(loader);
          assert.equal(batches.length, loader.batchesPerEpoch);
          const all = batches.flatMap((b) => b.indices);
          assert.deepEqual(
            [...all].sort((a, b) => a - b),
            Array.from({ length: n }, (_, i) => i),
          );
          for (const b of batches) {
            assert.equal(b.indices.length, b.size);
            assert.deepEqual(
              b.x,
              b.indices.flatMap((i) => [i, i + 0.5]),
            );
            assert.deepEqual(
              b.y,
              b.indices.map((i) => i % 4),
            );
          }
          if (!shuffle)
            assert.deepEqual(
              all,
              Array.from({ length: n }, (_, i) => i),
            );
        }
        assert.equal(loader.epochsDone, 2);
      },
    ),
    { numRuns: 150 },
  );
});

test('shuffle draws a fresh permutation each epoch', () => {
  const loader = new DataLoader(numbered(50), { batchSize: 10, shuffle: true, random: new Random(1) });
  const first = epoch(loader).flatMap((b) => b.indices);
  const second = epoch(loader).flatMap((b) => b.indices);
  assert.notDeepEqual(first, second);
  assert.notDeepEqual(
    first,
    Array.from({ length: 50 }, (_, i) => i),
  );
  // The permutation is Random.permutation(n) drawn at the start of the epoch.
  assert.deepEqual(first, Array.from(new Random(1).permutation(50)));
});

test('dropLast skips the smaller last batch: 23 examples in batches of 5 → 4 batches of 5', () => {
  const loader = new DataLoader(numbered(23), { batchSize: 5, shuffle: true, dropLast: true, random: new Random(2) });
  assert.equal(loader.batchesPerEpoch, 4);
  const batches = epoch(loader);
  assert.deepEqual(
    batches.map((b) => b.size),
    [5, 5, 5, 5],
  );
  assert.equal(new Set(batches.flatMap((b) => b.indices)).size, 20);
  const keep = new DataLoader(numbered(23), { batchSize: 5 });
  assert.deepEqual(
    epoch(keep).map((b) => b.size),
    [5, 5, 5, 5, 3],
  );
  assert.equal(keep.batchesPerEpoch, 5);
});

test('batches reuse one set of buffers', () => {
  const loader = new DataLoader(numbered(10), { batchSize: 4 });
  const batches = [...loader.batches()];
  assert.equal(batches[0].x, batches[1].x, 'full batches share one x');
  assert.equal(batches[2].x.buffer, batches[0].x.buffer, 'the last batch is a view of the same buffer');
  assert.equal(batches[2].size, 2);
  assert.equal(batches[2].x.length, 4);
  // Regression targets: size × targets values per batch.
  const regression: Dataset = {
    x: new Float32Array([0, 1, 2]),
    y: new Float32Array([0, 0, 1, 10, 2, 20]),
    n: 3,
    features: 1,
    task: 'regression',
    targets: 2,
  };
  const got = Array.from(new DataLoader(regression, { batchSize: 2 }).batches(), (b) => Array.from(b.y));
  assert.deepEqual(got, [
    [0, 0, 1, 10],
    [2, 20],
  ]);
});

test('a run resumed mid-epoch from getState() yields exactly the same batches', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }),
      fc.integer({ min: 1, max: 12 }),
      fc.boolean(),
      fc.nat(200),
      fc.nat(1000),
      (n, batchSize, dropLast, stopAfter, seed) => {
        fc.pre(!dropLast || batchSize <= n);
        const options = { batchSize, shuffle: true, dropLast };
        const random = new Random(seed);
        const original = new DataLoader(numbered(n), { ...options, random });
        // Consume stopAfter batches across epochs, breaking out of the loop mid-epoch.
        let taken = 0;
        while (taken < stopAfter % (3 * original.batchesPerEpoch + 1)) {
          for (const _ of original.batches()) {
            taken++;
            if (taken % 3 === 0) break;
          }
        }
        const saved = JSON.parse(JSON.stringify({ loader: original.getState(), random: random.getState() }));
        const expected = [...epoch(original), ...epoch(original)];
        const resumedRandom = new Random(0);
        resumedRandom.setState(saved.random);
        const resumed = new DataLoader(numbered(n), { ...options, random: resumedRandom });
        resumed.setState(saved.loader);
        assert.deepEqual([...epoch(resumed), ...epoch(resumed)], expected);
        assert.equal(resumed.epochsDone, original.epochsDone);
      },
    ),
    { numRuns: 150 },
  );
});

test('breaking out of an epoch keeps the position: the next call continues that epoch', () => {
  const loader = new DataLoader(numbered(9), { batchSize: 2 });
  for (const b of loader.batches()) {
    assert.deepEqual(Array.from(b.indices), [0, 1]);
    break;
  }
  assert.deepEqual(loader.getState(), { epoch: 0, position: 2, order: [0, 1, 2, 3, 4, 5, 6, 7, 8] });
  assert.deepEqual(
    epoch(loader).map((b) => b.indices),
    [[2, 3], [4, 5], [6, 7], [8]],
  );
  assert.deepEqual(loader.getState(), { epoch: 1, position: 0, order: null });
});

test('bad options and states are InputErrors', () => {
  const ds = numbered(5);
  const cases: [() => unknown, RegExp][] = [
    [() => new DataLoader(ds, { batchSize: 0 }), /dataLoader: batchSize must be an integer >= 1 \(got 0\)/],
    [() => new DataLoader(ds, { batchSize: 2.5 }), /batchSize must be an integer >= 1/],
    [() => new DataLoader(ds, { batchSize: 2, shuffle: true }), /shuffle needs a random/],
    [() => new DataLoader(ds, { batchSize: 6, dropLast: true }), /batchSize must be <= the 5 examples with dropLast/],
    [() => new DataLoader(ds, { batchSize: 2, batch_size: 3 } as never), /unknown option 'batch_size'/],
    [
      () => new DataLoader(ds, { batchSize: 2 }).setState({ epoch: 0, position: 6, order: null }),
      /position: integer in \[0, 5\]/,
    ],
    [
      () => new DataLoader(ds, { batchSize: 2 }).setState({ epoch: 0, position: 1, order: [0, 1, 2, 3, 3] }),
      /order must be a permutation of 0…4/,
    ],
    [
      () => new DataLoader(ds, { batchSize: 2 }).setState({ epoch: 0, position: 1, order: null }),
      /needs that epoch's order/,
    ],
  ];
  for (const [make, message] of cases)
    assert.throws(
      make,
      (e: unknown) => e instanceof InputError && message.test(e.message) && !e.message.includes('\n'),
    );
});

test('a DataLoader is iterable as in PyTorch: for…of gives one epoch, the same batches as batches()', () => {
  const iterated = new DataLoader(numbered(23), { batchSize: 5, shuffle: true, random: new Random(3) });
  const called = new DataLoader(numbered(23), { batchSize: 5, shuffle: true, random: new Random(3) });
  for (let e = 0; e < 2; e++) {
    const sizes: number[] = [];
    const indices: number[] = [];
    for (const batch of iterated) {
      sizes.push(batch.size);
      indices.push(...batch.indices);
    }
    const expected = epoch(called);
    assert.deepEqual(sizes, [5, 5, 5, 5, 3]);
    assert.deepEqual(
      indices,
      expected.flatMap((b) => b.indices),
    );
  }
  assert.equal(iterated.epochsDone, 2);
});
