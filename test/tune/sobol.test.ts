/** Sobol points against SciPy's (test/fixtures/tune/generate.py), and the stratification a digital shift keeps. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { sobolPoints } from '../../src/tune/sobol.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/tune/sobol.json', import.meta.url), 'utf8')) as {
  dimensions: number;
  points: number[][];
};

test('unshifted points equal SciPy qmc.Sobol(scramble=False) in 16 dimensions', () => {
  assert.deepEqual(sobolPoints(fixture.dimensions, fixture.points.length, null), fixture.points);
});

test('a shifted sequence differs per seed, and its first 2^k points fill every dyadic interval of each coordinate once', () => {
  const a = sobolPoints(5, 32, 1);
  const b = sobolPoints(5, 32, 2);
  assert.notDeepEqual(a, b);
  for (const points of [a, b]) {
    for (let d = 0; d < 5; d++) {
      const cells = new Set(points.map((p) => Math.floor(p[d] * 32)));
      assert.equal(cells.size, 32, `dimension ${d}`);
    }
  }
});

test('more dimensions than the direction numbers cover is one line naming the limit', () => {
  assert.throws(() => sobolPoints(17, 1, 0), /at most 16 dimensions \(got 17\)/);
});
