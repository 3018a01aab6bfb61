/** Number formats of the figures and the text-width table that lays out their labels. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { coord, formatPoint, formatSignificant, formatValue } from '../../src/plot/format.js';
import { fittingSize, textWidth, wrapText } from '../../src/plot/text.js';

test('values as typed, measurements to 3 significant figures, true minus signs', () => {
  assert.equal(formatValue(0.001), '0.001');
  assert.equal(formatValue(1e-7), '1e−7');
  assert.equal(formatValue(-1.5), '−1.5');
  assert.equal(formatSignificant(0.000312456), '3.12e−4');
  assert.equal(formatSignificant(12.3456), '12.3');
  assert.equal(formatSignificant(-0.5), '−0.5');
  assert.equal(formatSignificant(123456), '1.23e5');
  assert.equal(formatSignificant(100000, 2), '1e5');
  assert.equal(formatSignificant(0), '0');
  assert.equal(formatPoint([-1.5, 2]), '(−1.5, 2)');
  assert.equal(coord(-0.004), '0');
  assert.equal(coord(10.005001), '10.01');
});

test('text widths follow DejaVu Sans: digits are equal, W is wider than i, bold is wider', () => {
  assert.equal(textWidth('0123456789', 10), 10 * 6.36);
  assert.ok(textWidth('W', 12) > 2 * textWidth('i', 12));
  assert.ok(textWidth('loss', 12, 'bold') > textWidth('loss', 12));
  assert.ok(Math.abs(textWidth('Hello', 14) - 35.49) < 0.5, 'as @napi-rs/canvas measures "Hello" at 14 px');
  assert.deepEqual(wrapText('one two three four', 10, textWidth('three four', 10)), ['one two', 'three four']);
  assert.equal(fittingSize('short', 14, 200), 14);
  const size = fittingSize('a rather long panel title that does not fit', 14, 250, 'bold');
  assert.ok(size < 14 && size > 9 && textWidth('a rather long panel title that does not fit', size, 'bold') <= 250);
});
