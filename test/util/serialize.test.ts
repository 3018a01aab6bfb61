/** State encoding: every double, typed array and nesting survives JSON.stringify and back exactly. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeState, encodeState } from '../../src/util/serialize.js';

function roundTrip(value: unknown): unknown {
  return decodeState(JSON.parse(JSON.stringify(encodeState(value))));
}

test('special numbers survive: −0, ±Infinity and NaN, alone and inside typed arrays', () => {
  const special = [-0, 0, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MAX_VALUE];
  const back = roundTrip({
    values: special,
    f64: Float64Array.from(special),
    f32: Float32Array.from(special),
  }) as Record<string, ArrayLike<number>>;
  for (const key of ['values', 'f64', 'f32']) {
    special.forEach((x, i) => assert.ok(Object.is(back[key][i], key === 'f32' ? Math.fround(x) : x), `${key}[${i}]`));
  }
  assert.ok(back.f64 instanceof Float64Array && back.f32 instanceof Float32Array);
});

test('property: any nested state of doubles and Float64Arrays round-trips bit for bit', () => {
  const state = fc.record({
    step: fc.nat(),
    buffer: fc.array(fc.double(), { maxLength: 20 }).map((a) => Float64Array.from(a)),
    history: fc.array(
      fc.array(fc.double(), { maxLength: 5 }).map((a) => Float64Array.from(a)),
      { maxLength: 4 },
    ),
  });
  fc.assert(
    fc.property(state, (s) => {
      const back = roundTrip(s) as typeof s;
      assert.equal(back.step, s.step);
      const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
      assert.ok(same(back.buffer, s.buffer));
      assert.equal(back.history.length, s.history.length);
      s.history.forEach((h, i) => assert.ok(same(back.history[i], h)));
    }),
    { seed: 5 },
  );
});
