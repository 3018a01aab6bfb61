/**
 * Parameter importance by epsilon squared (src/tune/importance.ts): a small case worked by hand, and a
 * synthetic sweep whose metric is a function of the learning rate alone — the learning rate gets nearly all
 * of the variance, the settings that do nothing about none.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random } from '../../src/tensor/random.js';
import { epsilonSquared, parameterImportance } from '../../src/tune/importance.js';
import { parseSpace } from '../../src/tune/space.js';

test('epsilon squared by hand: y = 1, 2 | 3, 4 in two groups', () => {
  // ȳ = 2.5; SS_total = 2.25 + 0.25 + 0.25 + 2.25 = 5; SS_between = 2·1² + 2·1² = 4; SS_within = 1;
  // ε² = (4 − (2 − 1)·1/(4 − 2)) / 5 = 3.5 / 5 = 0.7.
  const samples = [1, 2, 3, 4].map((value) => ({ config: {}, value }));
  assert.equal(epsilonSquared(samples, [0, 0, 1, 1]), 0.7);
  // As many groups as samples: no within-group variance to correct by, no estimate.
  assert.equal(epsilonSquared(samples, [0, 1, 2, 3]), undefined);
  // A grouping that explains less than chance would is clipped to 0: groups {1, 4} and {2, 3} have equal means.
  assert.equal(epsilonSquared(samples, [0, 1, 1, 0]), 0);
});

test('a sweep whose metric depends on lr alone: lr ≈ 1, the others ≈ 0', () => {
  const space = parseSpace(
    {
      lr: { range: [1e-4, 1] },
      batchSize: { int: [8, 128] },
      optimizer: { choice: ['sgd', 'adam', 'rmsprop'] },
      'optimizer.momentum': { range: [0, 0.9], when: { optimizer: 'sgd' } },
    },
    {},
  );
  const random = new Random(11);
  const samples = Array.from({ length: 200 }, () => {
    const config = space.decode(space.dimensions.map(() => random.uniform()));
    return { config, value: (Math.log10(config.lr as number) + 2) ** 2 };
  });
  const importance = parameterImportance(space.dimensions, samples);
  assert.equal(importance[0].key, 'lr');
  assert.ok((importance[0].share as number) > 0.95, `lr: ${importance[0].share}`);
  for (const other of importance.slice(1)) assert.ok((other.share as number) < 0.05, `${other.key}: ${other.share}`);
  // lr and batchSize are cut into round(√200) = 14 groups; optimizer into its 3 values; momentum into
  // round(√(sgd trials)) groups and one for the trials without it.
  const sgd = samples.filter((s) => s.config.optimizer === 'sgd').length;
  assert.deepEqual(Object.fromEntries(importance.map((i) => [i.key, i.groups])), {
    lr: 14,
    batchSize: 14,
    optimizer: 3,
    'optimizer.momentum': Math.round(Math.sqrt(sgd)) + 1,
  });
});
