/**
 * The optimizer comparison (src/tune/compare.ts): each optimizer searches the options its rows declare, over
 * the same ranges and with the same seeds, so two optimizers with the same options get the same settings trial
 * by trial; the summary's median and spread by hand; and `downhill tune --compare optimizer` end to end on a
 * tiny toy sweep, its comparison.json agreeing with each sweep's own results and its compare.json a race's
 * optimizer list.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { raceSettings } from '../../src/plot/raceConfig.js';
import { comparedSweeps, summarize, type SeedResult } from '../../src/tune/compare.js';
import { parseSweep, trialConfig } from '../../src/tune/sweep.js';
import { runDownhillAsync } from '../helpers/cli.js';

const GIVEN = {
  base: { dataset: 'spiral', epochs: 4, seed: 1, lr: 0.5 },
  space: {
    optimizer: { choice: ['sgd', 'adam'] },
    lr: { range: [0.001, 0.1] },
    activation: { choice: ['relu', 'tanh'] },
  },
  compare: 'optimizer',
  optimizers: ['sgd', 'Adam', 'adagrad', 'RMSprop'],
  seeds: 2,
  sampler: 'sobol',
  trials: 5,
  seed: 7,
  out: 'unused',
};

test('each optimizer searches the options its rows declare, over the same ranges, with seeds + 0, 1', () => {
  const sweeps = comparedSweeps(GIVEN);
  assert.deepEqual(
    sweeps.map((s) => [s.optimizer, s.seedIndex, s.searched.join(' ')]),
    [
      ['sgd', 0, 'lr momentum'],
      ['sgd', 1, 'lr momentum'],
      ['adam', 0, 'lr betas.0'],
      ['adam', 1, 'lr betas.0'],
      ['adagrad', 0, 'lr'],
      ['adagrad', 1, 'lr'],
      ['rmsprop', 0, 'lr momentum'],
      ['rmsprop', 1, 'lr momentum'],
    ],
  );
  for (const { optimizer, seedIndex, searched, sweep } of sweeps) {
    const base = sweep.base as Record<string, unknown>;
    assert.deepEqual(base.optimizer, { name: optimizer });
    assert.equal(base.seed, 1 + seedIndex);
    assert.equal(sweep.seed, 7 + seedIndex);
    assert.equal(base.lr, undefined, 'the base lr would override the searched one; it is left out');
    const space = sweep.space as Record<string, unknown>;
    // The space's optimizer dimensions are replaced; the others (activation) kept for all.
    assert.deepEqual(Object.keys(space), ['activation', ...searched.map((key) => `optimizer.${key}`)]);
    assert.deepEqual(space['optimizer.lr'], { range: [1e-4, 1] });
    const parsed = parseSweep({ ...sweep, out: 'unused' });
    const lr = parsed.space.dimensions.find((d) => d.key === 'optimizer.lr');
    assert.equal(lr?.kind === 'range' && lr.log, true, "lr's row spreads it on a log scale");
  }
});

test('a bad option range is refused before any sweep runs, naming the optimizer whose check fails', () => {
  assert.throws(
    () => comparedSweeps({ ...GIVEN, optionSpace: { lr: { range: [1e-3, 1] }, momentum: { range: [-0.5, 0.9] } } }),
    { message: 'space: optimizer.momentum.range[0]: sgd: momentum must be >= 0 (got -0.5)' },
  );
});

test('the same seeds: sgd and rmsprop (the same options) try the same settings trial by trial; adam the same lr and β1 = momentum', () => {
  const sweeps = comparedSweeps(GIVEN);
  const configs = (optimizer: string, k: number) => {
    const { sweep } = sweeps.find((s) => s.optimizer === optimizer && s.seedIndex === k) as (typeof sweeps)[number];
    const parsed = parseSweep({ ...sweep, out: 'unused' });
    return Array.from({ length: 5 }, (_, trial) => {
      const assignment = parsed.space.decode(parsed.sampler.suggest(trial, []));
      return trialConfig(sweep.base as Record<string, unknown>, assignment, 4).optimizer as Record<string, unknown>;
    });
  };
  for (const k of [0, 1]) {
    const sgd = configs('sgd', k);
    const rmsprop = configs('rmsprop', k);
    const adam = configs('adam', k);
    for (let trial = 0; trial < 5; trial++) {
      assert.deepEqual({ ...rmsprop[trial], name: 'sgd' }, sgd[trial]);
      // β1 replaces the first of Adam's default betas [0.9, 0.999].
      assert.deepEqual(adam[trial], { name: 'adam', lr: sgd[trial].lr, betas: [sgd[trial].momentum, 0.999] });
      assert.ok((sgd[trial].lr as number) >= 1e-4 && (sgd[trial].lr as number) <= 1);
    }
    assert.notDeepEqual(configs('sgd', 1 - k), sgd, 'another seed, other draws');
  }
});

test('the summary: median and spread over seeds by hand, best median first (accuracy: higher is better)', () => {
  const seed = (k: number, value: number | null): SeedResult => ({
    seed: k,
    dir: `d${k}`,
    trial: value === null ? null : k,
    value,
    optimizer: value === null ? null : { name: 'x', lr: value },
  });
  const sweeps = [
    ...[0.3, 0.1, 0.2].map((v, k) => ({ optimizer: 'sgd', searched: ['lr'], result: seed(k, v) })),
    ...[0.25, null, 0.15].map((v, k) => ({ optimizer: 'adam', searched: ['lr'], result: seed(k, v) })),
  ];
  // Loss: sgd's values sorted 0.1, 0.2, 0.3 → median 0.2; adam's 0.15, 0.25 → median (0.15 + 0.25)/2 = 0.2 as well,
  // which sorts stably (sgd first); min and max are the extremes; the best seed has the lowest loss.
  const loss = summarize(1, sweeps);
  assert.deepEqual(
    loss.map((r) => [r.optimizer, r.median, r.min, r.max, r.best?.seed]),
    [
      ['sgd', 0.2, 0.1, 0.3, 1],
      ['adam', 0.2, 0.15, 0.25, 2],
    ],
  );
  // Accuracy: the best seed is the highest value, and sgd's median 0.2 vs adam's 0.2: still sgd first.
  const accuracy = summarize(-1, sweeps);
  assert.deepEqual(
    accuracy.map((r) => [r.optimizer, r.best?.seed]),
    [
      ['sgd', 0],
      ['adam', 0],
    ],
  );
});

test('downhill tune --compare optimizer: each sweep in its own directory, the comparison agreeing with their results, a race list', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-compare-'));
  const sweep = {
    base: { dataset: 'spiral', model: 'mlp:4', limit: 60, validation: 0.3, batchSize: 16, epochs: 2, seed: 2 },
    space: {},
    sampler: 'sobol',
    trials: 2,
    seed: 3,
  };
  const path = join(dir, 'sweep.json');
  writeFileSync(path, JSON.stringify(sweep));
  const out = join(dir, 'out');
  const [run, missing, stray] = await Promise.all([
    runDownhillAsync([
      'tune',
      '--config',
      path,
      '--compare',
      'optimizer',
      '--optimizer',
      'sgd',
      '--optimizer',
      'adam',
      '--seeds',
      '2',
      '--workers',
      '2',
      '--quiet',
      '--out',
      out,
    ]),
    runDownhillAsync(['tune', '--config', path, '--compare', 'optimizer', '--out', join(dir, 'none')]),
    runDownhillAsync(['tune', '--config', path, '--optimizer', 'sgd', '--out', join(dir, 'stray')]),
  ]);
  assert.equal(run.status, 0, run.stderr);
  const comparison = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as {
    optimizers: { optimizer: string; seeds: SeedResult[]; median: number; min: number; max: number }[];
  };
  assert.deepEqual(comparison.optimizers.map((o) => o.optimizer).sort(), ['adam', 'sgd']);
  for (const o of comparison.optimizers) {
    assert.equal(o.seeds.length, 2);
    for (const [k, s] of o.seeds.entries()) {
      // Each seed's best is the first of that sweep's own ranked results.
      const ranked = JSON.parse(readFileSync(join(out, o.optimizer, `seed-${k}`, 'results.json'), 'utf8')) as {
        trial: number;
        value: number;
      }[];
      assert.deepEqual([s.trial, s.value], [ranked[0].trial, ranked[0].value]);
    }
    const values = o.seeds.map((s) => s.value as number);
    assert.deepEqual([o.min, o.max, o.median], [Math.min(...values), Math.max(...values), (values[0] + values[1]) / 2]);
  }
  assert.match(
    run.stdout,
    /\nrank {2}optimizer {2}searched {6}seed\+0 {2}seed\+1 {2}median validationLoss {2}min {5}max\n/,
  );
  const race = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8')) as { optimizers: unknown[] };
  const parsed = raceSettings.parse({ ...race, fn: 'rosenbrock', start: [-1.5, 2] });
  assert.deepEqual(
    parsed.optimizers.map((o) => [o.label, o.optimizer.name]),
    comparison.optimizers.map((o) => [o.optimizer, o.optimizer]),
  );
  assert.match(readFileSync(join(out, 'comparison.svg'), 'utf8'), /^<svg[^>]*>/);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^downhill: tune: --compare optimizer needs the optimizers to compare: .*\n$/);
  assert.equal(stray.status, 2);
  assert.equal(
    stray.stderr,
    'downhill: tune: optimizers is a setting of --compare optimizer, which this sweep does not ask for\n',
  );
});
