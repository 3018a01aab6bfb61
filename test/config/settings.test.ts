/**
 * The settings kit: a table's rows give the config's defaults, its type and range checks with one-line
 * errors, prototype-safe parsing, and a URL query that round-trips (malformed fields dropped with a notice).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boolean, choice, integer, list, number, point, settingsTable, spec, text } from '../../src/config/settings.js';
import { InputError } from '../../src/errors.js';
import { trainSettings } from '../../src/train/runConfig.js';
import { raceSettings } from '../../src/plot/raceConfig.js';

const table = settingsTable('demo', {
  lr: number({ min: 0, minOpen: true, scale: 'log', help: 'the learning rate' }),
  momentum: number({ default: 0.9, min: 0, max: 1, maxOpen: true, help: 'β' }),
  epochs: integer({ default: 10, min: 1, help: 'epochs' }),
  shuffle: boolean({ default: true, help: 'shuffle' }),
  mode: choice(['min', 'max'], { default: 'min', help: 'mode' }),
  out: text({ required: true, help: 'where' }),
  optimizer: spec({ kind: 'optimizer', default: { name: 'adam' }, help: 'spec' }),
  start: point({ length: 2, describe: 'two finite numbers x,y', help: 'start' }),
  tags: list({
    flag: 'tag',
    describe: 'a word',
    separator: ',',
    item: (v: unknown) => String(v),
    formatItem: String,
    help: 'tags',
  }),
});

function error(raw: unknown): string {
  try {
    table.parse(raw);
  } catch (e) {
    assert.ok(e instanceof InputError);
    return e.message;
  }
  assert.fail('expected an InputError');
}

test('defaults are filled in, given values kept, and the result is a fresh copy of each default', () => {
  const a = table.parse({ out: 'x' });
  assert.deepEqual(a, { momentum: 0.9, epochs: 10, shuffle: true, mode: 'min', out: 'x', optimizer: { name: 'adam' } });
  (a.optimizer as { lr?: number }).lr = 5;
  assert.deepEqual(table.parse({ out: 'x' }).optimizer, { name: 'adam' });
  const b = table.parse({
    out: 'x',
    lr: 0.01,
    mode: 'MAX',
    optimizer: 'sgd:lr=0.1,momentum=0.9',
    start: [1, 2],
    tags: ['a'],
  });
  assert.equal(b.mode, 'max');
  assert.deepEqual(b.optimizer, { name: 'sgd', lr: 0.1, momentum: 0.9 });
  assert.deepEqual(b.start, [1, 2]);
  // PyTorch's option names are read camelCased.
  assert.deepEqual(table.parse({ out: 'x', optimizer: { name: 'adamw', weight_decay: 0.1 } }).optimizer, {
    name: 'adamw',
    weightDecay: 0.1,
  });
});

test('each mistake is one line naming the setting, the valid range and the value given', () => {
  assert.equal(error({ out: 'x', lr: 0 }), 'demo: lr must be > 0 (got 0)');
  assert.equal(error({ out: 'x', lr: Number.NaN }), 'demo: lr must be > 0 (got NaN)');
  assert.equal(error({ out: 'x', momentum: 1 }), 'demo: momentum must be in [0, 1) (got 1)');
  assert.equal(error({ out: 'x', epochs: 2.5 }), 'demo: epochs must be an integer >= 1 (got 2.5)');
  assert.equal(error({ out: 'x', shuffle: 'yes' }), 'demo: shuffle must be true or false (got "yes")');
  assert.equal(error({ out: 'x', mode: 'mean' }), "demo: mode must be 'min' or 'max' (got \"mean\")");
  assert.equal(error({ out: '' }), 'demo: out must be a non-empty string (got "")');
  assert.equal(error({ out: 'x', start: [1, Infinity] }), 'demo: start must be two finite numbers x,y (got [1,null])');
  assert.equal(error({}), "demo: 'out' is required (--out <text>: where)");
  assert.equal(
    error({ out: 'x', epoch: 3 }),
    "demo: unknown setting 'epoch'; valid: lr, momentum, epochs, shuffle, mode, out, optimizer, start, tags",
  );
  assert.equal(error([]), 'demo: the settings must be a JSON object (got [])');
});

test('a config is data: keys every object inherits are unknown settings', () => {
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
    assert.match(error(JSON.parse(`{"out": "x", "${key}": 1}`)), new RegExp(`^demo: unknown setting '${key}'`));
  }
});

test('text from a command line or a URL is read by the same rows; a word where a number belongs shows as typed', () => {
  assert.equal(table.rows.lr.parseText('1e-3', '--lr'), 1e-3);
  assert.throws(() => table.rows.lr.parseText('fast', '--lr'), /^InputError: --lr must be > 0 \(got "fast"\)$/);
  assert.throws(() => table.rows.lr.parseText('1e400', '--lr'), /^InputError: --lr must be > 0 \(got "1e400"\)$/);
  assert.equal(table.rows.shuffle.parseText('false', '--shuffle'), false);
  assert.deepEqual(table.rows.start.parseText('-1.5,2', '--start'), [-1.5, 2]);
  for (const bad of ['1', '1,2,3', '1,x', ',', '1,Infinity']) {
    assert.throws(
      () => table.rows.start.parseText(bad, '--start'),
      /^InputError: --start must be two finite numbers x,y/,
    );
  }
});

test('a URL query carries the values that differ from the defaults and reads back to the same config', () => {
  const config = table.parse({
    out: 'runs/a b',
    lr: 0.003,
    momentum: 0.9,
    shuffle: false,
    optimizer: { name: 'adam', betas: [0.8, 0.99] },
    start: [-1, 2],
    tags: ['x', 'y'],
  });
  const query = table.toQuery(config);
  assert.equal(
    query,
    'lr=0.003&shuffle=false&out=runs%2Fa+b&optimizer=adam%3Abetas%3D%5B0.8%2C0.99%5D&start=-1%2C2&tags=x&tags=y',
  );
  assert.deepEqual(table.parse(table.fromQuery(query).values), config);
  const optimizerQuery = table.toQuery({ ...config, optimizer: { name: 'sgd', lr: 0.1, betas: [0.8, 0.99] } });
  const back = table.fromQuery(optimizerQuery);
  assert.deepEqual(back.notices, []);
  assert.deepEqual(table.parse(back.values), { ...config, optimizer: { name: 'sgd', lr: 0.1, betas: [0.8, 0.99] } });
});

test('a malformed URL field falls back to the default with a notice; the other fields are kept', () => {
  const { values, notices } = table.fromQuery('lr=-1&epochs=5&mode=mean&nonsense=1');
  assert.deepEqual(values, { epochs: 5 });
  assert.deepEqual(notices, ['demo: lr must be > 0 (got -1)', "demo: mode must be 'min' or 'max' (got \"mean\")"]);
});

test("the real tables: train's resumable rows, race's repeated optimizers in a URL", () => {
  assert.deepEqual(
    trainSettings.keys.filter((k) => trainSettings.rows[k].resumable),
    ['data', 'test', 'epochs', 'checkpointEvery', 'out', 'resume', 'quiet', 'json', 'threads'],
  );
  const race = raceSettings.parse({
    fn: 'rosenbrock',
    start: [-1.5, 2],
    optimizers: ['sgd:lr=0.001', 'fast=adam:lr=0.05'],
  });
  const query = raceSettings.toQuery(race);
  assert.equal(query, 'fn=rosenbrock&start=-1.5%2C2&optimizers=sgd%3Alr%3D0.001&optimizers=fast%3Dadam%3Alr%3D0.05');
  assert.deepEqual(raceSettings.parse(raceSettings.fromQuery(query).values), race);
});
