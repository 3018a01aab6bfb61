/** TPE proposes where good results are dense and bad ones are not. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/tensor/random.js';
import { parseSpace } from '../../src/tune/space.js';
import { tpeSuggest } from '../../src/tune/tpe.js';

const space = parseSpace(
  { dropout: { range: [0, 0.5] }, activation: { choice: ['relu', 'tanh', 'elu'] } },
  { dataset: 'spiral' },
);
const options = { gamma: 0.25, candidates: 24 };

test('with good trials near 0.2 (and tanh) and bad ones spread elsewhere, proposals land near 0.2 (and on tanh)', () => {
  const good = [0.19, 0.2, 0.21].map((u) => ({ point: [u, 0.5], active: [true, true] }));
  const bad = [0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.4, 0.05, 0.99].map((u, i) => ({
    point: [u, i % 2 === 0 ? 0.1 : 0.9],
    active: [true, true],
  }));
  for (let seed = 0; seed < 20; seed++) {
    const [u, c] = tpeSuggest(space.dimensions, [...good, ...bad], new Random(seed), options);
    assert.ok(Math.abs(u - 0.2) < 0.1, `seed ${seed}: ${u}`);
    assert.equal(space.decode([u, c]).activation, 'tanh');
  }
});

test('a proposal is a pure function of the history and the generator', () => {
  const history = [0.3, 0.1, 0.7, 0.9].map((u) => ({ point: [u, u], active: [true, true] }));
  assert.deepEqual(
    tpeSuggest(space.dimensions, history, new Random(5), options),
    tpeSuggest(space.dimensions, history, new Random(5), options),
  );
});
