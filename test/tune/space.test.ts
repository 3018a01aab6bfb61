/**
 * Search spaces: values at coordinates (closed forms), conditional dimensions, grids, and every bad space
 * refused with one line from the setting's own row or the optimizer's own check.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpace, valueAt } from '../../src/tune/space.js';

const base = { dataset: 'spiral' };

test('a range on lr is logarithmic because lr is; its midpoint is the geometric mean', () => {
  const space = parseSpace({ lr: { range: [1e-4, 1e-2] }, dropout: { range: [0, 0.5] } }, base);
  const [lr, dropout] = space.dimensions;
  assert.equal(lr.kind === 'range' && lr.log, true);
  assert.ok(Math.abs((valueAt(lr, 0.5) as number) - 1e-3) < 1e-15);
  assert.equal(valueAt(dropout, 0.5), 0.25);
  assert.equal(valueAt(lr, 1), 1e-2);
});

test('integer ranges give each integer an equal slice; log ones an equal slice of log', () => {
  const space = parseSpace({ batchSize: { int: [8, 11] }, limit: { int: [1, 100], scale: 'log' } }, base);
  const [batch, limit] = space.dimensions;
  assert.deepEqual(
    [0, 0.24, 0.25, 0.74, 0.75, 0.999].map((u) => valueAt(batch, u)),
    [8, 8, 9, 10, 11, 11],
  );
  // ⌊exp(0.5·ln 101)⌋ = ⌊10.05⌋ = 10
  assert.equal(valueAt(limit, 0.5), 10);
});

test('a conditional dimension is set only where its condition holds; the grid drops the duplicates that leaves', () => {
  const space = parseSpace(
    {
      optimizer: { choice: ['sgd', 'adam'] },
      lr: { range: [1e-3, 1e-1] },
      'optimizer.momentum': { range: [0, 0.9], when: { optimizer: 'sgd' } },
    },
    base,
  );
  assert.deepEqual(space.decode([0.2, 1, 1]), { optimizer: 'sgd', lr: 0.1, 'optimizer.momentum': 0.9 });
  assert.deepEqual(space.decode([0.7, 1, 1]), { optimizer: 'adam', lr: 0.1 });
  // sgd: 3 rates × 3 momenta; adam: 3 rates
  assert.equal(space.grid(3).length, 12);
});

test("an optimizer's option is spread as its row says (lr, eps on a log scale); betas.0 is one number of Adam's betas", () => {
  const space = parseSpace(
    {
      'optimizer.lr': { range: [1e-4, 1] },
      'optimizer.eps': { range: [1e-8, 1e-4] },
      'optimizer.betas.0': { range: [0, 0.99] },
    },
    base,
  );
  assert.deepEqual(
    space.dimensions.map((d) => d.kind === 'range' && d.log),
    [true, true, false],
  );
  // Log midpoints: √(1e-4 · 1) = 1e-2 and √(1e-8 · 1e-4) = 1e-6; linear: 0.99/2.
  const mid = space.decode([0.5, 0.5, 0.5]);
  assert.ok(Math.abs((mid['optimizer.lr'] as number) - 1e-2) < 1e-15);
  assert.ok(Math.abs((mid['optimizer.eps'] as number) - 1e-6) < 1e-19);
  assert.equal(mid['optimizer.betas.0'], 0.495);
});

test('bad spaces are one line naming the problem and the valid range', () => {
  const refused = (space: unknown, pattern: RegExp) =>
    assert.throws(
      () => parseSpace(space, base),
      (error: Error) => pattern.test(error.message) && !error.message.includes('\n'),
    );
  refused(
    { learningRate: { range: [0, 1] } },
    /^space: unknown setting 'learningRate'; valid: dataset, .*optimizer\.<option>$/,
  );
  refused({ epochs: { int: [1, 9] } }, /'epochs' cannot be searched/);
  refused({ lr: { range: [0.1, 0.01] } }, /space: lr: the range \[0\.1, 0\.01\] is empty; it needs low < high/);
  refused({ dropout: { range: [0.2, 0.2] } }, /is empty/);
  refused({ batchSize: { choice: ['big'] } }, /space: batchSize\.choice\[0\] must be an integer >= 1 \(got "big"\)/);
  refused({ batchSize: { choice: [] } }, /choice must be a non-empty list/);
  refused({ dropout: { range: [0, 1] } }, /dropout\.range\[1\] must be in \[0, 1\)/);
  refused({ lr: { range: [0, 1] } }, /a log range needs low > 0/);
  refused({ activation: { range: [0, 1] } }, /activation\.range\[0\] must be one of/);
  refused({ optimizer: { choice: ['sgd', 'adamm'] } }, /unknown optimizer 'adamm'/);
  refused({ 'optimizer.momentum': { range: [0, 0.9] } }, /adam has no option 'momentum'/);
  refused(
    { optimizer: { choice: ['sgd'] }, 'optimizer.momentum': { range: [-1, 0.9] } },
    /optimizer\.momentum\.range\[0\]: sgd: momentum must be >= 0 \(got -1\)/,
  );
  refused(
    { 'optimizer.momentum': { range: [0, 0.9], when: { optimizer: 'sgd' } } },
    /when names 'optimizer', which must be a choice dimension declared before it/,
  );
  refused(
    { 'optimizer.betas.2': { range: [0, 0.9] } },
    /adam's betas is a list of 2 numbers \(valid: betas\.0 … betas\.1\)$/,
  );
  refused({ 'optimizer.eps.0': { range: [0, 0.9] } }, /adam's eps is not a list$/);
  refused(
    { 'optimizer.betas.0': { range: [0, 1] } },
    /optimizer\.betas\.0\.range\[1\]: adam: betas\[0\] must be in \[0, 1\) \(got 1\)/,
  );
  refused({ lr: { range: [1e-3, 0.1], scale: 'loglog' } }, /scale must be 'log' or 'linear'/);
  refused({ lr: { between: [1, 2] } }, /needs exactly one of "choice", "range" or "int"/);
  refused([], /space must be a JSON object of dimensions/);
});
