/**
 * The CLI's argument and config parsing, fuzzed (fast-check) over every command: argument lists built from
 * each command's flags with hostile values (control characters, NaN, 1e400, prototype names, nested
 * arrays, specs with odd options) and --config files of random JSON. Every input must end in a result
 * (exit 0, or 3 for a diverged run) or in one clean line on stderr with exit code 2 (4 for a numerical
 * failure): never a stack trace, never a thrown error.
 *
 * The commands run in this process (a fresh program per input), so hundreds of inputs take seconds. Sizes
 * that would make a valid run long (steps, epochs, widths) are drawn small: what is fuzzed is the parsing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { program } from '../../src/cli/program.js';
import { runCli } from '../../src/cli/run.js';

const dir = mkdtempSync(join(tmpdir(), 'downhill-fuzz-'));
const HOUSES = fileURLToPath(new URL('../../examples/houses.csv', import.meta.url));
const METRICS = join(dir, 'metrics.jsonl');
writeFileSync(
  METRICS,
  '{"epoch": 1, "trainLoss": 0.9, "validationLoss": 1}\n{"epoch": 2, "trainLoss": 0.5, "validationLoss": 0.8}\n',
);
const A_FILE = join(dir, 'a-file');
writeFileSync(A_FILE, 'not a directory\n');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Inputs tried; the report of issue 11 quotes it. */
const RUNS = 400;

const hostile = fc.constantFrom(
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1',
  '0',
  '1.5',
  '-0',
  '0x10',
  '1e-400',
  'null',
  'true',
  '[]',
  '[1,2',
  '{}',
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '\u0000',
  '\u001b]0;title\u0007',
  'a\nb',
  '\u202e',
  'é',
  'x'.repeat(5000),
  '--',
  '-',
  '--help',
  '=',
  ':',
  ',',
  'a:b=c',
  'adam:lr=',
  'adam:=1',
  'adam:lr=1,lr=2',
  'sgd:lr=[1,[2]]',
);
const count = fc.constantFrom('1', '2', '3', '0', '-1', '1.5', 'NaN', '1e400', 'x', '');
const point = fc.oneof(
  fc.constantFrom('1,1', '-1.5,2', '0,0', '1', '1,2,3', 'NaN,1', '1e400,0', ',', 'x,y'),
  fc.tuple(fc.double(), fc.double()).map(([x, y]) => `${x},${y}`),
);
const fn = fc.constantFrom(
  'rosenbrock',
  'beale',
  'quadratic:a=1,b=10',
  'himmelblau',
  'x^2 + y^2',
  'x^4 + y^4',
  'exp(x)',
  'x/0',
  'sin(',
  'y^',
  'x^2 + 10*y^2',
  'rosenbrock:b=NaN',
  'rastrigin:a=1e400',
  'constructor',
);
const optimizer = fc.constantFrom(
  'adam',
  'sgd:lr=0.1',
  'sgd',
  'newton',
  'lbfgs',
  'adam:lr=NaN',
  'adam:betas=[0.9,1]',
  'adam:betas=[1]',
  'rmsprop:alpha=2',
  'sgd:lr=0.1,momentum=0.9,nesterov=true',
  'adagrad:lrDecay=-1',
  'toString',
  'adam:__proto__=1',
  'lbfgs:lineSearchFn=strong_wolfe',
  'yogi',
  'radam:lr=Infinity',
  'fast=adam:lr=0.05',
  'adamw:weight_decay=0.1,weightDecay=0.2',
);
const schedule = fc.constantFrom(
  'step:stepSize=2',
  'cosine:tMax=3',
  'onecycle:maxLr=0.1,totalSteps=5',
  'exponential:gamma=NaN',
  'plateau',
  'reduceOnPlateau:mode=min',
  'cyclic:baseLr=1,maxLr=0.1',
  'sequential',
  'step',
  'valueOf',
);
const model = fc.constantFrom(
  'mlp:4',
  'mlp:2,2',
  'linear',
  'logistic',
  'mlp:1e9',
  'mlp:0',
  'mlp:',
  'mlp:4:4',
  'cnn',
  'mlp:1.5',
  'mlp:-1',
);
const dataset = fc.constantFrom(
  'spiral',
  'moons',
  'xor',
  'circle',
  `csv:${HOUSES}`,
  'csv:/nonexistent.csv',
  'csv:',
  'mnist',
  'gabor',
  'noisyLine',
);
const outDir = fc.constantFrom('runs/a', 'runs/b', A_FILE, '/proc/nope/run', '', 'runs/a/../b');
const figureOut = fc.constantFrom('o.svg', 'o.png', 'o.txt', 'o', '/nonexistent/o.svg', A_FILE, '.svg');

/** Each command's flags, each with the values it is tried with (hostile ones mixed in). */
const FLAGS: Record<string, Record<string, fc.Arbitrary<string>>> = {
  trace: {
    '--fn': fn,
    '--start': point,
    '--steps': count,
    '--optimizer': optimizer,
    '--lr': fc.oneof(count, hostile),
    '--schedule': schedule,
  },
  race: {
    '--fn': fn,
    '--start': point,
    '--steps': count,
    '--optimizer': optimizer,
    '--schedule': schedule,
    '--window': fc.constantFrom('-2,2,-1,3', '1,1,1,1', '2,-2,0,1', 'NaN,1,2,3', '1,2'),
    '--title': hostile,
    '--out': figureOut,
  },
  figures: {
    '--out': fc.constantFrom(A_FILE, '/proc/nope/figures'),
    '--only': fc.oneof(hostile, fc.constantFrom('gabor', 'nope', 'gabor,nope', ',')),
  },
  train: {
    '--dataset': dataset,
    '--target': fc.constantFrom('price_high', 'area', 'nope', '', 'constructor'),
    '--task': fc.constantFrom('classification', 'regression', 'x'),
    '--limit': count,
    '--validation': fc.constantFrom('0', '0.2', '1', '-0.1', 'NaN'),
    '--model': model,
    '--activation': fc.constantFrom('relu', 'tanh', 'gelu', '\u001b[31m'),
    '--dropout': fc.constantFrom('0', '0.5', '1', 'NaN'),
    '--batch-norm': fc.constant(''),
    '--loss': fc.constantFrom('mse', 'bce', 'crossEntropy', 'hinge'),
    '--l1': fc.constantFrom('0', '1e-3', '-1', 'Infinity'),
    '--l2': fc.constantFrom('0', '1e-3', '1e400'),
    '--optimizer': optimizer,
    '--lr': fc.oneof(count, hostile),
    '--schedule': schedule,
    '--schedule-interval': fc.constantFrom('step', 'epoch', 'batch'),
    '--batch-size': count,
    '--epochs': count,
    '--seed': fc.constantFrom('0', '7', '-1', '4294967296'),
    '--patience': count,
    '--min-delta': fc.constantFrom('0', '-1'),
    '--checkpoint-every': count,
    '--out': outDir,
    '--resume': fc.constant(''),
    '--force': fc.constant(''),
    '--threads': fc.constantFrom('1', '0', '1000', 'x'),
    '--no-shuffle': fc.constant(''),
  },
  'plot-metrics': { '--out': figureOut, '--title': hostile },
};
const POSITIONALS: Record<string, fc.Arbitrary<string[]>> = {
  'plot-metrics': fc.oneof(
    { arbitrary: fc.constant<string[]>([METRICS]), weight: 6 },
    fc.constantFrom([], [A_FILE], ['/nonexistent.jsonl'], [METRICS, 'extra']).map((list) => [...list]),
  ),
};
/** The flags a command needs to get past its first check; each is given most of the time. */
const REQUIRED: Record<string, string[]> = {
  trace: ['--fn', '--start', '--optimizer'],
  race: ['--fn', '--start', '--optimizer', '--out'],
  figures: ['--out'],
  train: ['--dataset', '--out', '--epochs'],
  'plot-metrics': ['--out'],
};
/** The config keys of the commands that read a --config file. */
const CONFIG_KEYS: Record<string, string[]> = {
  trace: ['fn', 'start', 'steps', 'optimizer', 'schedule'],
  race: ['fn', 'start', 'steps', 'optimizers', 'schedule', 'window', 'title', 'out'],
  train: [
    'dataset',
    'target',
    'limit',
    'validation',
    'model',
    'activation',
    'dropout',
    'batchNorm',
    'optimizer',
    'lr',
    'schedule',
    'batchSize',
    'epochs',
    'seed',
    'patience',
    'out',
    'checkpointEvery',
  ],
};

/** JSON of any shape, with the prototype's names and the commands' own keys among the keys. */
const jsonKey = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom(
    'constructor',
    '__proto__',
    'toString',
    'valueOf',
    'dataset',
    'out',
    'fn',
    'start',
    'optimizer',
    'optimizers',
    'steps',
    'epochs',
    'lr',
    'schedule',
    'name',
    'model',
  ),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(
      null,
      true,
      0,
      -1,
      1.5,
      3,
      1e308,
      'adam',
      'spiral',
      'rosenbrock',
      'runs/c',
      [1, 1],
      'mlp:4',
      '',
      '\u0000',
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(jsonKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** A config for `command`: mostly its own keys, with values as typed on the command line, as numbers, or any JSON. */
function configFor(command: string): fc.Arbitrary<unknown> {
  const keys = CONFIG_KEYS[command];
  if (keys === undefined) return json;
  const flagValue = (key: string) =>
    FLAGS[command][`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`] ?? hostile;
  const value = (key: string) =>
    fc.oneof(
      { arbitrary: flagValue(key), weight: 4 },
      {
        arbitrary: flagValue(key).map((text) =>
          text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : text,
        ),
        weight: 2,
      },
      { arbitrary: flagValue(key).map((text) => [text]), weight: 1 },
      { arbitrary: json, weight: 1 },
    );
  const known = fc
    .subarray(keys, { maxLength: 3 })
    .chain((chosen) => fc.record(Object.fromEntries(chosen.map((key) => [key, value(key)]))));
  return fc.oneof(
    { arbitrary: known, weight: 5 },
    {
      arbitrary: fc.tuple(known, fc.dictionary(jsonKey, json, { maxKeys: 2 })).map(([a, b]) => ({ ...a, ...b })),
      weight: 1,
    },
    { arbitrary: json, weight: 1 },
  );
}

const argv = fc
  .oneof({ arbitrary: fc.constantFrom(...Object.keys(FLAGS)), weight: 20 }, fc.constantFrom('nope', ''))
  .chain((command) => {
    const flags = FLAGS[command] ?? {};
    const names = Object.keys(flags);
    const flag =
      names.length === 0
        ? fc.tuple(hostile, hostile)
        : fc.constantFrom(...names).chain((name) => flags[name].map((value) => [name, value] as [string, string]));
    const required = (REQUIRED[command] ?? []).map((name) =>
      fc.option(
        flags[name].map((value) => [name, value] as [string, string]),
        { freq: 6 },
      ),
    );
    return fc.record({
      command: fc.constant(command),
      flags: fc
        .tuple(fc.tuple(...required), fc.array(flag, { maxLength: 3 }))
        .map(([given, more]) => [...given.filter((f) => f !== null), ...more]),
      positionals: POSITIONALS[command] ?? fc.oneof({ arbitrary: fc.constant([]), weight: 8 }, fc.constant(['extra'])),
      config: CONFIG_KEYS[command] === undefined ? fc.constant(null) : fc.option(configFor(command), { freq: 3 }),
      quiet: fc.boolean(),
    });
  });

/** Runs `args` in this process; returns the exit code and what it printed. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string; thrown?: unknown }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  process.exitCode = 0;
  let thrown: unknown;
  try {
    await runCli(program('0.0.0'), ['node', 'downhill', ...args]);
  } catch (error) {
    thrown = error;
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, stdout: out.join(''), stderr: err.join(''), ...(thrown === undefined ? {} : { thrown }) };
}

test(`${RUNS} fuzzed command lines and configs end in a result or one clean line (exit 2, or 4 for numbers), never a stack trace`, async () => {
  const cwd = process.cwd();
  const work = join(dir, 'work');
  mkdirSync(work);
  process.chdir(work); // relative --out paths land here
  let k = 0;
  try {
    await fc.assert(
      fc.asyncProperty(argv, async ({ command, flags, positionals, config, quiet }) => {
        const args = [command, ...positionals].filter((a) => a !== '');
        for (const [name, value] of flags)
          args.push(
            ...(value === '' && !name.startsWith('--')
              ? []
              : value === '' && ['--batch-norm', '--resume', '--force', '--no-shuffle'].includes(name)
                ? [name]
                : [name, value]),
          );
        if (config !== null) {
          const path = join(dir, `config-${k++}.json`);
          writeFileSync(path, JSON.stringify(config));
          args.push('--config', path);
        }
        if (quiet && command === 'train') args.push('--quiet');
        const result = await run(args);
        const what = `downhill ${JSON.stringify(args).slice(0, 400)}`;
        assert.equal(result.thrown, undefined, `${what} threw ${String(result.thrown)}`);
        assert.ok([0, 2, 3, 4].includes(result.code), `${what}: exit ${result.code}: ${result.stderr.slice(0, 600)}`);
        if (result.code === 2 || result.code === 4) {
          assert.match(
            result.stderr,
            /^downhill: [^\n]+\n$/,
            `${what}: ${JSON.stringify(result.stderr.slice(0, 600))}`,
          );
          // eslint-disable-next-line no-control-regex
          assert.doesNotMatch(result.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/, what);
          assert.ok(result.stderr.length <= 700, `${what}: a ${result.stderr.length}-character line`);
        }
        assert.doesNotMatch(result.stderr, /internal error| {4}at /, what);
      }),
      { numRuns: RUNS, seed: 11, endOnFailure: true },
    );
  } finally {
    process.chdir(cwd);
  }
});
