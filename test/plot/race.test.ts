/**
 * The race figure from its config: labels, per-optimizer schedules, the window, and what the still shows —
 * one trace per optimizer with steps + 1 vertices, a legend that names each one with its hyperparameters and
 * outcome, the known minima, the start; a formula as the function, titled as typed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { stillScene } from '../../src/plot/animation.js';
import { formatSignificant } from '../../src/plot/format.js';
import { raceAnimation } from '../../src/plot/race.js';
import {
  parseRaceConfig,
  parseRaceOptimizer,
  raceSettings,
  runRace,
  specText,
  surfaceTitle,
} from '../../src/plot/raceConfig.js';
import { renderSvg } from '../../src/plot/svg.js';
import { runTrace } from '../../src/trace/trace.js';
import { runCommand } from './runCommand.js';

test('an optimizer spec may carry a legend label before the first colon', () => {
  assert.deepEqual(parseRaceOptimizer('adam:lr=0.05'), { optimizer: { name: 'adam', lr: 0.05 } });
  assert.deepEqual(parseRaceOptimizer('momentum=sgd:lr=1e-3,momentum=0.9'), {
    label: 'momentum',
    optimizer: { name: 'sgd', lr: 0.001, momentum: 0.9 },
  });
  assert.deepEqual(parseRaceOptimizer('plain=adam'), { label: 'plain', optimizer: { name: 'adam' } });
  assert.throws(() => parseRaceOptimizer('=adam'), /the label before '=' is empty/);
  assert.equal(specText({ name: 'adam', lr: 0.05, betas: [0.9, 0.99] }), 'adam lr=0.05 betas=[0.9, 0.99]');
  assert.equal(specText({ name: 'adamw', weight_decay: 0.5 }), 'adamw weightDecay=0.5');
});

test('config: defaults, per-optimizer schedules, windows written as text or lists', () => {
  const config = parseRaceConfig({
    fn: 'rosenbrock:b=10',
    start: [-1, 1],
    optimizers: ['sgd:lr=0.01', { name: 'adam', lr: 0.1, label: 'Adam', schedule: 'step:stepSize=5,gamma=0.5' }],
    schedule: { name: 'exponential', gamma: 0.9 },
    window: [-2, 2, -1, 3],
  });
  assert.equal(config.steps, 100);
  assert.deepEqual(config.fn, { name: 'rosenbrock', b: 10 });
  assert.deepEqual(config.optimizers[1], {
    label: 'Adam',
    optimizer: { name: 'adam', lr: 0.1 },
    schedule: { name: 'step', stepSize: 5, gamma: 0.5 },
  });
  assert.deepEqual(config.window, { x: [-2, 2], y: [-1, 3] });
  assert.deepEqual(raceSettings.rows.window.parseText('-3,1,-2,2.5', '--window'), [-3, 1, -2, 2.5]);
  const race = runRace({ ...config, steps: 12 });
  // The top-level schedule applies to sgd (exponential decay), the entry's own to Adam (halved after 5 steps).
  assert.deepEqual(race.runs[0].trace.lr.slice(0, 3), [0.01, 0.01 * 0.9, 0.01 * 0.9 * 0.9]);
  assert.deepEqual([race.runs[1].trace.lr[4], race.runs[1].trace.lr[5]], [0.1, 0.05]);
  assert.deepEqual(race.runs[1].details, ['adam lr=0.1', 'schedule step stepSize=5 gamma=0.5']);
  assert.equal(race.subtitle, '12 steps from (−1, 1) · schedule exponential gamma=0.9');
  assert.equal(race.title, 'Rosenbrock a=1, b=10');
});

test('bad configs are InputErrors that name the problem', () => {
  const base = { fn: 'quadratic', start: [1, 1], optimizers: ['adam'] };
  const cases: [unknown, RegExp][] = [
    [{ ...base, optimizers: [] }, /race: optimizers must have 1 to 8 items \(got 0\)/],
    [{ ...base, optimizers: Array(9).fill('adam') }, /race: optimizers must have 1 to 8 items \(got 9\)/],
    [{ ...base, optimizers: ['adam', 'adamm'] }, /unknown optimizer 'adamm'/],
    [{ ...base, steps: 0 }, /steps must be an integer in \[1, 20000\]/],
    [{ ...base, window: [1, 0, 0, 1] }, /x0 < x1 and y0 < y1/],
    [{ ...base, start: [1] }, /race: start must be two finite numbers x,y \(got \[1\]\)/],
    [{ ...base, colour: 'red' }, /race: unknown setting 'colour'; valid: fn, start/],
    [{ ...base, fn: 42 }, /race: fn must be a spec like "name:key=value" or \{"name": …\} \(got 42\)/],
  ];
  for (const [raw, message] of cases) assert.throws(() => parseRaceConfig(raw), message);
  assert.throws(
    () => runRace(parseRaceConfig({ ...base, start: [5, 0] })),
    /start \(5, 0\) is outside the plotting window x in \[-2, 2\], y in \[-2, 2\]/,
  );
  assert.throws(() => runRace(parseRaceConfig({ ...base, fn: 'banana' })), /unknown function 'banana'/);
});

test('the still: one trace per optimizer with steps + 1 vertices, the legend naming each, minima and start', () => {
  const steps = 40;
  const race = runRace(
    parseRaceConfig({
      fn: 'himmelblau',
      start: [0, 0],
      steps,
      optimizers: ['sgd:lr=0.01', 'fast=adam:lr=0.3', 'sgd:lr=0.1'],
    }),
  );
  const svg = renderSvg(stillScene(raceAnimation(race)));
  const traces = [...svg.matchAll(/<path class="trace" data-label="([^"]*)" d="([^"]*)"/g)];
  assert.deepEqual(
    traces.map((m) => m[1]),
    ['sgd lr=0.01', 'fast', 'sgd lr=0.1'],
  );
  const vertexCounts = traces.map((m) => (m[2].match(/[ML]/g) ?? []).length);
  const diverged = race.runs[2].trace.diverged;
  assert.ok(diverged, 'sgd with lr=0.1 diverges on Himmelblau');
  assert.deepEqual(vertexCounts, [steps + 1, steps + 1, diverged.step]);
  const legend = [...svg.matchAll(/<text class="legend"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(legend, ['sgd lr=0.01', 'fast', 'sgd lr=0.1', 'start', 'minima']);
  assert.match(svg, />adam lr=0.3<\/text>/);
  assert.match(svg, new RegExp(`>diverged at step ${diverged.step}</text>`));
  const finalLoss = runTrace({ fn: { name: 'himmelblau' }, start: [0, 0], steps, optimizer: { name: 'sgd', lr: 0.01 } })
    .loss[steps];
  assert.ok(svg.includes(`>loss ${formatSignificant(finalLoss)} at step ${steps}<`), formatSignificant(finalLoss));
  assert.equal((svg.match(/class="minimum"/g) ?? []).length, 4);
  assert.equal((svg.match(/class="start"/g) ?? []).length, 1);
  assert.equal((svg.match(/class="head"/g) ?? []).length, 3);
  // Coordinates stay drawable even for the diverged run: no exponent notation, nothing beyond ±1e5 px.
  for (const [, , d] of traces)
    assert.ok(
      d
        .split(/[MLZ ]/)
        .filter(Boolean)
        .every((v) => Math.abs(Number(v)) < 1e5 && !v.includes('e')),
    );
});

test('formulas: --fn takes one as `downhill trace` does, and the title shows it as typed, never capitalised', async () => {
  assert.equal(surfaceTitle({ name: 'x', params: {} }), 'L(x, y) = x');
  assert.equal(surfaceTitle({ name: 'x^2 + 10*y^2', params: {} }), 'L(x, y) = x^2 + 10*y^2');
  assert.equal(surfaceTitle({ name: 'rosenbrock', params: { a: 1, b: 100 } }), 'Rosenbrock a=1, b=100');
  assert.equal(surfaceTitle({ name: 'himmelblau', params: {} }), 'Himmelblau');
  assert.deepEqual(parseRaceConfig({ fn: 'x^2 + y^2 + 2*x*y', start: [1, 1], optimizers: ['sgd'] }).fn, {
    name: 'x^2 + y^2 + 2*x*y',
  });
  const dir = mkdtempSync(join(tmpdir(), 'downhill-race-formula-'));
  for (const [fn, title] of [
    ['x', 'L(x, y) = x'],
    ['x^2 + 10*y^2', 'L(x, y) = x^2 + 10*y^2'],
    ['quadratic:a=1,b=3', 'Quadratic a=1, b=3'],
  ]) {
    const out = join(dir, 'race.svg');
    const run = await runCommand([
      'race',
      '--fn',
      fn,
      '--start',
      '1,1',
      '--steps',
      '5',
      '--optimizer',
      'sgd:lr=0.01',
      '--out',
      out,
    ]);
    assert.deepEqual([run.status, run.stderr], [0, ''], fn);
    const svg = readFileSync(out, 'utf8');
    assert.ok(
      svg.includes(
        `<text class="title" x="72" y="28" font-size="18" font-weight="bold" fill="#222222">${title}</text>`,
      ),
      fn,
    );
    assert.equal((svg.match(/<path class="trace"/g) ?? []).length, 1);
  }
});
