/** Toy datasets: deterministic for a seed, the documented shapes, class balance and geometry. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Dataset } from '../../src/data/dataset.js';
import {
  GABOR_NOISE,
  circle,
  gabor,
  gaborData,
  gaussians,
  moons,
  noisyLine,
  spiral,
  toyDataset,
  toyDatasetNames,
  xor,
  type ToyGenerator,
} from '../../src/data/toy.js';
import { InputError } from '../../src/errors.js';
import { Random } from '../../src/tensor/random.js';

const CLASSIFIERS: Record<string, ToyGenerator> = { circle, xor, gaussians, spiral, moons };
const BALANCED = ['circle', 'gaussians', 'spiral', 'moons'];

function points(ds: Dataset): [number, number, number][] {
  return Array.from({ length: ds.n }, (_, i) => [ds.x[2 * i], ds.x[2 * i + 1], ds.y[i]]);
}

test('classification sets: 2 features, 2 classes, deterministic per seed, ⌈n/2⌉ / ⌊n/2⌋ balance', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...Object.keys(CLASSIFIERS)),
      fc.integer({ min: 1, max: 300 }),
      fc.nat(1000),
      (name, n, seed) => {
        const a = CLASSIFIERS[name](n, 0, new Random(seed));
        const b = CLASSIFIERS[name](n, 0, new Random(seed));
        assert.deepEqual(a, b);
        assert.equal(a.n, n);
        assert.equal(a.x.length, 2 * n);
        assert.ok(a.y instanceof Int32Array && a.y.length === n);
        assert.equal(a.task, 'classification');
        assert.equal(a.classes, 2);
        assert.deepEqual(a.classNames, ['negative', 'positive']);
        const ones = a.y.reduce((s, v) => s + v, 0);
        assert.ok(a.y.every((v) => v === 0 || v === 1));
        if (BALANCED.includes(name)) assert.equal(ones, Math.floor(n / 2));
      },
    ),
    { numRuns: 100 },
  );
  assert.notDeepEqual(circle(50, 0, new Random(1)).x, circle(50, 0, new Random(2)).x);
});

test('rows are shuffled: the first half is not all one class', () => {
  for (const name of BALANCED) {
    const labels = Array.from(CLASSIFIERS[name](200, 0, new Random(4)).y.subarray(0, 100));
    assert.ok(labels.includes(0) && labels.includes(1), name);
  }
});

test('without noise the geometry is exact', () => {
  for (const [x, y, label] of points(circle(400, 0, new Random(1)))) {
    const r = Math.hypot(x, y);
    assert.ok(label === 1 ? r <= 2.5 + 1e-6 : r >= 3.5 - 1e-6 && r <= 5 + 1e-6, `r = ${r}, label ${label}`);
  }
  for (const [x, y, label] of points(xor(400, 0, new Random(1)))) {
    assert.ok(Math.abs(x) >= 0.3 - 1e-6 && Math.abs(y) >= 0.3 - 1e-6 && Math.abs(x) <= 5.3 + 1e-6);
    assert.equal(label, x * y >= 0 ? 1 : 0);
  }
  for (const [x, y, label] of points(moons(100, 0, new Random(1)))) {
    const r = label === 0 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
    assert.ok(Math.abs(r - 1) < 1e-6, `moon radius ${r}`);
    assert.ok(label === 0 ? y >= -1e-6 : y <= 0.5 + 1e-6);
  }
  for (const [x, y] of points(spiral(200, 0, new Random(1)))) assert.ok(Math.hypot(x, y) <= 5 + 1e-6);
});

test('gaussians: class means near (−2, −2) and (2, 2), variance 0.5 + 7·noise', () => {
  const ds = gaussians(20000, 0.5, new Random(3));
  const sums = [
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ]; // Σx, Σy, Σx², count per class
  for (const [x, y, label] of points(ds)) {
    sums[label][0] += x;
    sums[label][1] += y;
    sums[label][2] += x * x;
    sums[label][3] += 1;
  }
  for (const [label, center] of [
    [0, -2],
    [1, 2],
  ]) {
    const [sx, sy, sxx, count] = sums[label];
    assert.ok(Math.abs(sx / count - center) < 0.1 && Math.abs(sy / count - center) < 0.1);
    assert.ok(Math.abs(sxx / count - (sx / count) ** 2 - 4) < 0.2, 'variance 0.5 + 7·0.5 = 4');
  }
});

test('k classes: gaussians around the circle through (±2, ±2), spiral arms turned by π(1 − 2c/k), ⌊n/k⌋ each plus one for the first n mod k', () => {
  // k = 3: centres at 2√2·(cos θ, sin θ), θ = 5π/4 + 2πc/3: (−2, −2), (2.7321, −0.7321), (−0.7321, 2.7321).
  const centres = [
    [-2, -2],
    [2.7321, -0.7321],
    [-0.7321, 2.7321],
  ];
  const blobs = gaussians(3001, 0, new Random(2), 3);
  assert.equal(blobs.classes, 3);
  const sums = centres.map(() => [0, 0, 0]);
  for (const [x, y, label] of points(blobs)) sums[label] = [sums[label][0] + x, sums[label][1] + y, sums[label][2] + 1];
  assert.deepEqual(
    sums.map((s) => s[2]),
    [1001, 1000, 1000],
  );
  sums.forEach(([sx, sy, count], c) => {
    assert.ok(Math.hypot(sx / count - centres[c][0], sy / count - centres[c][1]) < 0.1, `class ${c} mean`);
  });
  // Without noise each spiral point is r·(sin θ, cos θ) with r = 5t and θ = 3.5πt + π(1 − 2c/3).
  const arms = spiral(300, 0, new Random(2), 3);
  for (const [x, y, c] of points(arms)) {
    const t = Math.hypot(x, y) / 5;
    const angle = 3.5 * Math.PI * t + Math.PI * (1 - (2 * c) / 3);
    assert.ok(Math.hypot(x - 5 * t * Math.sin(angle), y - 5 * t * Math.cos(angle)) < 1e-5, `(${x}, ${y}) class ${c}`);
  }
  assert.deepEqual(gaussians(50, 0.1, new Random(4), 2), gaussians(50, 0.1, new Random(4)));
  assert.throws(
    () => spiral(10, 0, new Random(1), 7),
    /^InputError: spiral: classes must be an integer in \[2, 6\] \(got 7\)$/,
  );
});

test('label noise flips some circle labels; noise 0 flips none', () => {
  const flipped = (noise: number) =>
    points(circle(1000, noise, new Random(9))).filter(([x, y, label]) => (Math.hypot(x, y) < 2.5 ? 1 : 0) !== label)
      .length;
  assert.equal(flipped(0), 0);
  assert.ok(flipped(0.5) > 50);
});

test('noisyLine: y = slope·x + intercept + noise; least squares recovers the line', () => {
  const ds = noisyLine(5000, 0.1, new Random(5), { slope: 2, intercept: -1 });
  assert.equal(ds.task, 'regression');
  assert.equal(ds.features, 1);
  assert.equal(ds.targets, 1);
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (let i = 0; i < ds.n; i++) {
    assert.ok(ds.x[i] >= -1 && ds.x[i] < 1);
    sx += ds.x[i];
    sy += ds.y[i];
    sxx += ds.x[i] ** 2;
    sxy += ds.x[i] * ds.y[i];
  }
  const slope = (ds.n * sxy - sx * sy) / (ds.n * sxx - sx * sx);
  const intercept = (sy - slope * sx) / ds.n;
  assert.ok(Math.abs(slope - 2) < 0.02 && Math.abs(intercept + 1) < 0.01, `${slope}, ${intercept}`);
  const exact = noisyLine(10, 0, new Random(5));
  for (let i = 0; i < 10; i++) assert.equal(exact.y[i], exact.x[i], 'default slope 1, intercept 0');
});

test('gaborData: 28 points, x in [−15, 15], residual std about GABOR_NOISE = 0.15', () => {
  const ds = gaborData(new Random(1));
  assert.equal(ds.n, 28);
  assert.deepEqual(ds, gaborData(new Random(1)));
  assert.ok(ds.x.every((x) => x >= -15 && x < 15));
  // The model's arithmetic by hand: at x = 1, a = 0.06·16.6 = 0.996, sin(0.996)·exp(−0.996²/32).
  assert.ok(Math.abs(gabor(1) - Math.sin(0.996) * Math.exp(-(0.996 ** 2) / 32)) < 1e-15);
  const big = gaborData(new Random(2), { n: 20000 });
  let sq = 0;
  for (let i = 0; i < big.n; i++) sq += (big.y[i] - gabor(big.x[i])) ** 2;
  assert.ok(Math.abs(Math.sqrt(sq / big.n) - GABOR_NOISE) < 0.005);
});

test('toyDataset looks names up (case, - and _ ignored) and forwards options', () => {
  assert.deepEqual(toyDatasetNames, ['circle', 'xor', 'gaussians', 'spiral', 'moons', 'noisyLine', 'gabor']);
  assert.deepEqual(toyDataset('Spiral', { random: new Random(1), n: 30, noise: 0.1 }), spiral(30, 0.1, new Random(1)));
  assert.deepEqual(
    toyDataset('noisy-line', { random: new Random(1), slope: 3 }),
    noisyLine(200, 0.1, new Random(1), { slope: 3 }),
  );
  assert.equal(toyDataset('gabor', { random: new Random(1) }).n, 28);
  assert.equal(toyDataset('moons', { random: new Random(1) }).n, 200);
});

test('unknown names and options, missing random and bad n / noise are InputErrors', () => {
  const cases: [() => unknown, RegExp][] = [
    [
      () => toyDataset('swirl', { random: new Random(0) }),
      /^unknown toy dataset 'swirl'; valid: circle, xor, gaussians, spiral, moons, noisyLine, gabor$/,
    ],
    [
      () => toyDataset('circle', { random: new Random(0), slope: 2 }),
      /^circle: unknown option 'slope'; valid options: random, n, noise$/,
    ],
    [() => toyDataset('circle', {} as never), /circle: a random \(a seeded Random\) is required/],
    [() => circle(0, 0, new Random(0)), /^circle: n must be an integer >= 1 \(got 0\)$/],
    [() => xor(10, -0.1, new Random(0)), /^xor: noise must be a finite number >= 0 \(got -0\.1\)$/],
    [() => noisyLine(10, 0, new Random(0), { slope: Number.NaN }), /noisyLine: slope must be a finite number/],
  ];
  for (const [run, message] of cases)
    assert.throws(run, (e: unknown) => e instanceof InputError && message.test(e.message), String(message));
});
