/**
 * `downhill trace` as a user meets it: a config file or flags in, one JSON object out; every kind of bad
 * input gives one line on stderr that names the problem, exit code 2, nothing on stdout, no stack trace.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseTraceConfig } from '../../src/trace/config.js';
import { runTrace } from '../../src/trace/trace.js';
import { runDownhill } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'downhill-trace-'));

function configFile(config: unknown, name = 'case.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

const ISSUE_CASE = {
  fn: { name: 'rosenbrock', a: 1, b: 100 },
  start: [-1.5, 2.0],
  steps: 200,
  optimizer: { name: 'adam', lr: 0.01, betas: [0.9, 0.999], amsgrad: true },
  schedule: { name: 'step', stepSize: 30, gamma: 0.1 },
};

test('trace --config prints the run as one JSON object: steps + 1 points and losses, one lr per step', () => {
  const { status, stdout, stderr } = runDownhill(['trace', '--config', configFile(ISSUE_CASE)]);
  assert.equal(stderr, '');
  assert.equal(status, 0);
  const out = JSON.parse(stdout);
  assert.deepEqual(Object.keys(out), ['points', 'loss', 'lr']);
  assert.equal(out.points.length, 201);
  assert.equal(out.loss.length, 201);
  assert.equal(out.lr.length, 200);
  assert.deepEqual(out.points[0], [-1.5, 2]);
  // StepLR: 0.01 for steps 1–30, then 0.001 (0.01 · 0.1 in float64), …
  assert.equal(out.lr[29], 0.01);
  assert.equal(out.lr[30], 0.01 * 0.1);
  assert.deepEqual(out, JSON.parse(JSON.stringify(runTrace(parseTraceConfig(ISSUE_CASE)))));
});

test('trace with flags gives the same run as the config file', () => {
  const flags = runDownhill([
    'trace',
    '--fn',
    'rosenbrock:a=1,b=100',
    '--start',
    '-1.5,2',
    '--steps',
    '200',
    '--optimizer',
    'adam:betas=[0.9,0.999],amsgrad=true',
    '--lr',
    '0.01',
    '--schedule',
    'step:stepSize=30,gamma=0.1',
  ]);
  assert.equal(flags.stderr, '');
  const file = runDownhill(['trace', '--config', configFile(ISSUE_CASE)]);
  assert.equal(flags.stdout, file.stdout);
});

test('flags override the config file, and PyTorch snake_case option names are accepted in the file', () => {
  const config = configFile({
    ...ISSUE_CASE,
    optimizer: { name: 'adamw', lr: 0.02, weight_decay: 0.5 },
    schedule: null,
  });
  const out = JSON.parse(runDownhill(['trace', '--config', config, '--steps', '5']).stdout);
  const expected = runTrace(
    parseTraceConfig({
      ...ISSUE_CASE,
      optimizer: { name: 'adamw', lr: 0.02, weightDecay: 0.5 },
      schedule: undefined,
      steps: 5,
    }),
  );
  assert.deepEqual(out, JSON.parse(JSON.stringify(expected)));
});

test('a diverging run keeps its finite prefix and says at which step it diverged', () => {
  const config = configFile({ fn: 'quadratic', start: [1, 1], steps: 5000, optimizer: { name: 'sgd', lr: 1 } });
  const { status, stdout } = runDownhill(['trace', '--config', config]);
  assert.equal(status, 0);
  assert.ok(!stdout.includes('NaN') && !stdout.includes('null'));
  const out = JSON.parse(stdout);
  assert.ok(out.diverged.step > 1 && out.diverged.step < 5000, JSON.stringify(out.diverged));
  assert.equal(out.points.length, out.diverged.step);
  assert.ok(out.loss.every(Number.isFinite));
});

const BAD_INPUTS: [string, string[], RegExp][] = [
  ['unknown optimizer', ['--optimizer', 'adamm'], /unknown optimizer 'adamm'; valid: sgd, adam/],
  ['unknown schedule', ['--optimizer', 'adam', '--schedule', 'steplr2'], /unknown schedule 'steplr2'/],
  ['unknown function', ['--fn', 'banana', '--optimizer', 'adam'], /unknown function 'banana'/],
  [
    'option the optimizer lacks',
    ['--optimizer', 'adam:momentum=0.9'],
    /adam: unknown option 'momentum'; valid options: lr, betas/,
  ],
  ['negative learning rate', ['--optimizer', 'adam', '--lr', '-0.1'], /--lr must be >= 0 \(got -0.1\)/],
  ['negative learning rate in the spec', ['--optimizer', 'adam:lr=-0.1'], /adam: lr must be >= 0 \(got -0.1\)/],
  ['an infinite learning rate', ['--optimizer', 'adam', '--lr', 'Infinity'], /--lr must be >= 0 \(got "Infinity"\)/],
  ['betas outside [0, 1)', ['--optimizer', 'adam:betas=[0.9,1]'], /adam: betas\[1\] must be in \[0, 1\) \(got 1\)/],
  ['eps <= 0', ['--optimizer', 'rmsprop:eps=0'], /rmsprop: eps must be > 0 \(got 0\)/],
  [
    'nesterov without momentum',
    ['--optimizer', 'sgd:lr=0.1,nesterov=true'],
    /sgd: nesterov needs momentum > 0 and dampening = 0 \(got momentum=0, dampening=0\)/,
  ],
  ['nesterov with dampening', ['--optimizer', 'sgd:lr=0.1,nesterov=true,momentum=0.9,dampening=0.1'], /dampening = 0/],
  [
    'an option of the wrong type',
    ['--optimizer', 'adam:amsgrad=yes'],
    /adam: amsgrad must be true or false \(got "yes"\)/,
  ],
  ['a malformed start', ['--optimizer', 'adam', '--start', '1,x'], /start must be two finite numbers/],
  ['an unknown flag', ['--optimiser', 'adam'], /unknown option '--optimiser'/],
];

for (const [what, args, message] of BAD_INPUTS) {
  test(`bad input, ${what}: one line on stderr, exit code 2, nothing on stdout`, () => {
    const { status, stdout, stderr } = runDownhill([
      'trace',
      '--fn',
      'rosenbrock',
      '--start',
      '-1.5,2',
      '--steps',
      '3',
      ...args,
    ]);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
}

test('bad config files: missing, not JSON, not an object, unknown key, bad steps', () => {
  const cases: [string, RegExp][] = [
    [join(dir, 'missing.json'), /cannot read .*missing\.json: no such file/],
    [configFile('{"fn": "rosenbrock",', 'truncated.json'), /truncated\.json is not valid JSON/],
    [configFile('[1, 2]', 'array.json'), /array\.json must hold a JSON object of settings/],
    [
      configFile({ ...ISSUE_CASE, stpes: 3 }, 'typo.json'),
      /trace: unknown setting 'stpes'; valid: fn, start, steps, optimizer, lr, schedule/,
    ],
    [
      configFile({ ...ISSUE_CASE, steps: 2.5 }, 'steps.json'),
      /trace: steps must be an integer in \[0, 10000000\] \(got 2.5\)/,
    ],
    [configFile({ ...ISSUE_CASE, start: [1] }, 'start.json'), /trace: start must be two finite numbers x,y/],
  ];
  for (const [path, message] of cases) {
    const { status, stdout, stderr } = runDownhill(['trace', '--config', path]);
    assert.equal(status, 2, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  }
});
