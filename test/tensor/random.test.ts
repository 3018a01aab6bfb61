/** The seeded generator: the published xoshiro128** sequence, sound distributions, exact state round trips. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/tensor/random.js';

test('nextUint32 follows the reference xoshiro128** from a given state', () => {
  // Reference: Blackman & Vigna's C code (xoshiro128starstar.c) compiled with gcc and started from
  // s = {1, 2, 3, 4} prints 11520, 0, 5927040, 70819200, 2031721883.
  const random = new Random(0);
  random.setState({ s: [1, 2, 3, 4], spare: null });
  assert.deepEqual(
    [1, 2, 3, 4, 5].map(() => random.nextUint32()),
    [11520, 0, 5927040, 70819200, 2031721883],
  );
});

test('the same seed gives the same stream; different seeds give different streams', () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const xs = Array.from({ length: 10 }, () => a.uniform());
  assert.deepEqual(
    xs,
    Array.from({ length: 10 }, () => b.uniform()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 10 }, () => c.uniform()),
  );
});

test('uniform and normal have the right moments over 200,000 draws', () => {
  const random = new Random(7);
  const n = 200_000;
  let sum = 0;
  let sumSq = 0;
  let nSum = 0;
  let nSumSq = 0;
  for (let i = 0; i < n; i++) {
    const u = random.uniform();
    assert.ok(u >= 0 && u < 1);
    sum += u;
    sumSq += u * u;
    const z = random.normal();
    nSum += z;
    nSumSq += z * z;
  }
  // Standard errors: uniform mean 1/√(12n) ≈ 6.5e-4, normal mean 1/√n ≈ 2.2e-3; allow 5 of them.
  assert.ok(Math.abs(sum / n - 0.5) < 3.3e-3);
  assert.ok(Math.abs(sumSq / n - 1 / 3) < 5e-3);
  assert.ok(Math.abs(nSum / n) < 1.1e-2);
  assert.ok(Math.abs(nSumSq / n - 1) < 1.5e-2);
});

test('integer(n) is unbiased enough and permutation is a permutation', () => {
  const random = new Random(3);
  const counts = new Array(6).fill(0);
  for (let i = 0; i < 60_000; i++) counts[random.integer(6)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, String(counts));
  const p = Array.from(random.permutation(1000)).sort((x, y) => x - y);
  assert.deepEqual(
    p,
    Array.from({ length: 1000 }, (_, i) => i),
  );
});

test('state saved mid-stream (with a Box–Muller spare waiting) resumes the same numbers', () => {
  const random = new Random(11);
  random.normal(); // leaves a spare
  const saved = JSON.parse(JSON.stringify(random.getState()));
  const expected = [random.normal(), random.uniform(), random.normal()];
  const resumed = new Random(0);
  resumed.setState(saved);
  assert.deepEqual([resumed.normal(), resumed.uniform(), resumed.normal()], expected);
});

test('bad seeds and states are clear errors', () => {
  assert.throws(() => new Random(-1), /seed must be an integer in \[0, 4294967295\] \(got -1\)/);
  assert.throws(() => new Random(1.5), /seed must be an integer/);
  assert.throws(() => new Random(0).setState({ s: [1, 2, 3], spare: null } as never), /random state must be/);
});
