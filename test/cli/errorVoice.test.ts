/**
 * Everything the CLI says when it cannot do what it was asked, as a user meets it: one line on stderr
 * (`downhill: …`, control characters escaped, long lines shortened), exit code 2 for bad input and 4 for a
 * numerical failure, never a stack trace, and no existing file changed. Each case is one of issue 11's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { mp4Problem } from '../../src/cli/media.js';
import { bundledCliForTests } from '../helpers/bundledCli.js';
import { runDownhillAsync, type CliResult } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'downhill-voice-'));
const bundle = bundledCliForTests(dir);

const downhill = (args: string[]) => runDownhillAsync(args, [bundle()]);

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Exit `code`, nothing on stdout, and `message` as the one line on stderr: no raw control character, no stack. */
function assertOneLine(result: CliResult, code: number, message: RegExp): void {
  assert.equal(result.status, code, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^downhill: [^\n]*\n$/);
  // eslint-disable-next-line no-control-regex
  assert.doesNotMatch(result.stderr, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]|\n.|internal error| {4}at /);
  assert.match(result.stderr, message);
}

const TRACE = ['trace', '--fn', 'x^2 + y^2', '--start', '1,1', '--optimizer', 'sgd', '--lr', '0.1'];

test('numerical failures are one line with exit code 4: a singular Hessian, a model too large for memory, a function infinite at the start', async () => {
  const singular = ['--fn', 'x^4 + y^4', '--start', '0,0', '--optimizer', 'newton'];
  assertOneLine(
    await downhill(['trace', ...singular]),
    4,
    /^downhill: (step 1: )?newton: the damped Hessian H \+ λI is singular \(λ = 0\); set damping > 0 or adaptiveDamping\n$/,
  );
  assertOneLine(await downhill(['race', ...singular, '--out', join(dir, 'singular.svg')]), 4, /singular/);
  assert.equal(existsSync(join(dir, 'singular.svg')), false);
  // mlp:1e9 on spiral (2 inputs, 2 classes): 3·10⁹ + 10⁹ + 2·10⁹ + 2 = 5.00e9 parameters, × 4 bytes × 7 copies = 140 GB.
  const big = join(dir, 'big');
  assertOneLine(
    await downhill(['train', '--dataset', 'spiral', '--model', 'mlp:1e9', '--out', big]),
    4,
    /^downhill: --model mlp:1e9 has 5\.00e\+9 parameters and would need about 140 GB of memory; this machine has [\d.]+ GB\n$/,
  );
  assert.equal(existsSync(big), false, 'nothing was created');
  assertOneLine(
    await downhill(['trace', '--fn', 'exp(exp(exp(x))) + y', '--start', '10,1', '--optimizer', 'sgd', '--lr', '0.1']),
    4,
    /^downhill: the function is \+infinity at the start \(10, 1\), so there is nothing to descend; choose another --start\n$/,
  );
});

test('input nested or chained past the stack is one line: a formula of 2,000 terms, configs of 100,000 nested arrays', async () => {
  const terms = Array.from({ length: 2000 }, (_, i) => `${i % 7}*x^2`).join(' + ');
  assertOneLine(
    await downhill(['trace', '--fn', terms, '--start', '1,1', '--optimizer', 'sgd', '--lr', '0.1']),
    2,
    /nested too deeply|too long/,
  );
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const deepConfig = file('deep.json', deep);
  assertOneLine(await downhill(['train', '--config', deepConfig]), 2, /deep\.json must hold a JSON object of settings/);
  assertOneLine(
    await downhill(['race', '--config', deepConfig, '--out', join(dir, 'deep.svg')]),
    2,
    /deep\.json must hold a JSON object of settings/,
  );
  assertOneLine(await downhill(['trace', '--config', deepConfig]), 2, /^downhill: /);
  const deepValue = file(
    'deep-value.json',
    `{"dataset": "spiral", "out": "${join(dir, 'deep-value')}", "optimizer": ${deep}}`,
  );
  assertOneLine(
    await downhill(['train', '--config', deepValue]),
    2,
    /optimizer must be a spec .*\(got an array of 1\)/,
  );
});

test('config JSON is data: constructor, __proto__, toString, hasOwnProperty and valueOf are unknown keys', async () => {
  for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
    const train = file(`${key}-train.json`, `{"dataset": "spiral", "out": "${join(dir, 'proto')}", "${key}": 1}`);
    assertOneLine(
      await downhill(['train', '--config', train]),
      2,
      new RegExp(`^downhill: train: unknown setting '${key}'; valid: dataset, `),
    );
    const trace = file(`${key}-trace.json`, `{"fn": "rosenbrock", "start": [1, 1], "optimizer": "adam", "${key}": 1}`);
    assertOneLine(
      await downhill(['trace', '--config', trace]),
      2,
      new RegExp(`^downhill: (trace: )?unknown (config key|setting) '${key}'`),
    );
    const race = file(`${key}-race.json`, `{"fn": "rosenbrock", "start": [1, 1], "optimizers": ["adam"], "${key}": 1}`);
    assertOneLine(
      await downhill(['race', '--config', race, '--out', join(dir, 'proto.svg')]),
      2,
      new RegExp(`unknown (race config key|setting) '${key}'`),
    );
  }
  assertOneLine(
    await downhill([...TRACE.slice(0, 5), '--optimizer', 'adam:constructor=1']),
    2,
    /^downhill: adam: unknown option 'constructor'; valid options: lr, /,
  );
  assertOneLine(
    await downhill([...TRACE.slice(0, 5), '--optimizer', 'toString']),
    2,
    /^downhill: unknown optimizer 'toString'; valid: sgd, /,
  );
  assert.equal(existsSync(join(dir, 'proto')), false);
});

test('bad values name the valid range: extra arguments, --lr NaN and Infinity, one class, --out a file, 1e400', async () => {
  assertOneLine(
    await downhill(['train', '--dataset', 'spiral', '--epochs', '1', '10', '--out', join(dir, 'extra')]),
    2,
    /^downhill: too many arguments for 'train'\. Expected 0 arguments but got 1\.\n$/,
  );
  assertOneLine(
    await downhill(['train', '--dataset', 'spiral', '--lr', 'NaN', '--out', join(dir, 'nan')]),
    2,
    /^downhill: --lr must be >= 0 \(got "NaN"\)\n$/,
  );
  assertOneLine(
    await downhill([...TRACE.slice(0, -1), 'Infinity']),
    2,
    /^downhill: --lr must be >= 0 \(got "Infinity"\)\n$/,
  );
  const oneClass = file('one-class.csv', 'a,b,label\n1,2,yes\n3,4,yes\n5,6,yes\n');
  assertOneLine(
    await downhill(['train', '--dataset', `csv:${oneClass}`, '--target', 'label', '--out', join(dir, 'one-class')]),
    2,
    /the target 'label' has one class \('yes'\) in all 3 rows; classification needs at least 2\n$/,
  );
  const notDirectory = file('not-a-directory', 'kept\n');
  assertOneLine(
    await downhill(['train', '--dataset', 'spiral', '--out', notDirectory]),
    2,
    /^downhill: --out .*not-a-directory is not a directory\n$/,
  );
  assert.equal(readFileSync(notDirectory, 'utf8'), 'kept\n');
  const huge = file('huge.jsonl', '{"epoch": 1, "trainLoss": 1e400}\n');
  assertOneLine(
    await downhill(['plot-metrics', huge, '--out', join(dir, 'huge.svg')]),
    2,
    /needs "trainLoss" as a finite number \(got 1e400, beyond a double's range of ±1\.8e308\)\n$/,
  );
  for (const name of ['extra', 'nan', 'one-class', 'huge.svg']) assert.equal(existsSync(join(dir, name)), false, name);
});

test('control characters are shown escaped, newlines do not split the line, and a 10,000-column header is shortened', async () => {
  const escape = await downhill([
    'train',
    '--dataset',
    'spiral',
    '--activation',
    '\u001b]0;pwned\u0007\nnext',
    '--out',
    join(dir, 'escape'),
  ]);
  assertOneLine(escape, 2, /--activation must be one of 'relu', .*\(got "\\u001b\]0;pwned\\u0007\\nnext"\)\n$/);
  const columns = Array.from({ length: 10_000 }, (_, i) => `column${i}`);
  const row = `${columns.map((_, i) => i).join(',')}\n`;
  const wide = file('wide.csv', `${columns.join(',')}\n${row.repeat(4)}`);
  const missing = await downhill([
    'train',
    '--dataset',
    `csv:${wide}`,
    '--target',
    'nothere',
    '--out',
    join(dir, 'wide'),
  ]);
  assertOneLine(missing, 2, /nothere.* … \(\d+ characters left out\) … /);
  assert.ok(missing.stderr.length < 700, `${missing.stderr.length} characters`);
});

test('output: EPIPE ends quietly, a full /dev/full is one line, plot-metrics takes 100,000 epochs, a NUL in a title draws', async () => {
  const many = [
    'trace',
    '--fn',
    'x^2 + y^2',
    '--start',
    '1,1',
    '--optimizer',
    'sgd',
    '--lr',
    '0.001',
    '--steps',
    '100000',
  ];
  const piped = spawnSync(
    'bash',
    [
      '-c',
      `"${process.execPath}" "${bundle()}" ${many.map((a) => `'${a}'`).join(' ')} 2>"${join(dir, 'epipe.err')}" | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(piped.stdout.trim(), '0', 'the writer of a closed pipe exits 0');
  assert.equal(readFileSync(join(dir, 'epipe.err'), 'utf8'), '');
  const full = spawnSync(
    'bash',
    ['-c', `"${process.execPath}" "${bundle()}" ${TRACE.map((a) => `'${a}'`).join(' ')} >/dev/full`],
    { encoding: 'utf8' },
  );
  assertOneLine(
    { status: full.status, stdout: full.stdout, stderr: full.stderr },
    2,
    /^downhill: cannot write the output: no space left on the device\n$/,
  );
  const lines = Array.from(
    { length: 100_000 },
    (_, i) => `{"epoch": ${i + 1}, "trainLoss": ${1 / (i + 1)}, "validationLoss": ${1.5 / (i + 1)}}\n`,
  );
  const metrics = file('many.jsonl', lines.join(''));
  const plotted = await downhill(['plot-metrics', metrics, '--out', join(dir, 'many.svg')]);
  assert.equal(plotted.status, 0, plotted.stderr);
  assert.match(readFileSync(join(dir, 'many.svg'), 'utf8'), /100000 epochs/);
  const titled = file(
    'nul-title.json',
    JSON.stringify({
      fn: 'rosenbrock',
      start: [-1, 1],
      steps: 5,
      optimizers: ['adam:lr=0.1'],
      title: 'a\u0000b\u001b[31mc',
    }),
  );
  for (const extension of ['png', 'svg']) {
    const result = await downhill(['race', '--config', titled, '--out', join(dir, `nul.${extension}`)]);
    assert.equal(result.status, 0, result.stderr);
  }
  const svg = readFileSync(join(dir, 'nul.svg'), 'utf8');
  // XML 1.0 allows no C0 control but tab and newlines.
  // eslint-disable-next-line no-control-regex
  const c0 = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;
  assert.doesNotMatch(svg, c0, 'XML 1.0 allows no C0 control but tab and newlines');
  assert.match(svg, /a\ufffdb\ufffd\[31mc/);
});

test(
  'an MP4 cut short (what ffmpeg leaves on a full disk while exiting 0) is recognised as incomplete',
  { skip: spawnSync('ffmpeg', ['-version']).status !== 0 && 'needs ffmpeg' },
  async () => {
    const config = file(
      'race.json',
      JSON.stringify({ fn: 'rosenbrock', start: [-1, 1], steps: 20, optimizers: ['adam:lr=0.1'] }),
    );
    const result = await downhill(['race', '--config', config, '--out', join(dir, 'race.mp4')]);
    assert.equal(result.status, 0, result.stderr);
    const bytes = readFileSync(join(dir, 'race.mp4'));
    assert.equal(mp4Problem(bytes), null);
    assert.match(
      mp4Problem(bytes.subarray(0, bytes.length - 100)) ?? '',
      /^box 'mdat' at byte \d+ claims \d+ bytes; \d+ are there$|^box '\w+' at byte/,
    );
    assert.match(mp4Problem(bytes.subarray(0, 4096)) ?? '', /claims|no 'moov'/);
    assert.equal(mp4Problem(new Uint8Array(0)), "it has no 'moov' box");
  },
);

test('a run directory belongs to one run: a live lock is refused naming its pid, a stale one taken over, another run refused without --force', async () => {
  const RUN = ['train', '--dataset', 'spiral', '--model', 'mlp:4', '--epochs', '2', '--limit', '60', '--quiet'];
  const out = join(dir, 'owned');
  mkdirSync(out);
  // A live holder: this test's own parent (the test runner), which outlives the run.
  writeFileSync(join(out, '.lock'), `${process.ppid}\n`);
  assertOneLine(
    await downhill([...RUN, '--out', out]),
    2,
    new RegExp(
      `^downhill: .*owned is in use by another train \\(pid ${process.ppid}\\); wait for it to finish or stop it, or choose another --out\\n$`,
    ),
  );
  // A dead holder: a process that has exited.
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout;
  writeFileSync(join(out, '.lock'), `${gone}\n`);
  writeFileSync(join(out, '.last.safetensors.12345.tmp'), 'left by a kill');
  const first = await downhill([...RUN, '--out', out]);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(existsSync(join(out, '.lock')), false, 'released');
  assert.equal(existsSync(join(out, '.last.safetensors.12345.tmp')), false, 'stale temporary files removed');
  const weights = readFileSync(join(out, 'last.safetensors'));
  assertOneLine(
    await downhill([...RUN, '--seed', '1', '--out', out]),
    2,
    /owned holds another run \(run\.json\); continue it with --resume, replace it with --force, or choose another --out\n$/,
  );
  assert.deepEqual(readFileSync(join(out, 'last.safetensors')), weights, 'the run is untouched');
  const forced = await downhill([...RUN, '--seed', '1', '--out', out, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.notDeepEqual(readFileSync(join(out, 'last.safetensors')), weights, 'replaced by the new run');
  // A train that fails after creating its --out (an optimizer option out of range) removes it.
  const failed = join(dir, 'failed', 'run');
  assertOneLine(await downhill([...RUN, '--optimizer', 'adam:eps=-1', '--out', failed]), 2, /adam: eps must be > 0/);
  assert.equal(existsSync(failed), false);
});

test('what a run trained on and saved is checked by content: an edited state file, an edited CSV of the same size', async () => {
  const csv = file('houses.csv', readFileSync(new URL('../../examples/houses.csv', import.meta.url), 'utf8'));
  const RUN = [
    'train',
    '--dataset',
    `csv:${csv}`,
    '--target',
    'price_high',
    '--model',
    'mlp:4',
    '--epochs',
    '2',
    '--quiet',
  ];
  const out = join(dir, 'fingerprint');
  assert.equal((await downhill([...RUN, '--out', out])).status, 0);
  const manifest = JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8'));
  const state = join(out, 'checkpoints', String(manifest.generation), 'state.safetensors');
  const original = readFileSync(state);
  const edited = Buffer.from(original);
  edited[edited.length - 1] ^= 1; // the last byte of an Adam moment
  writeFileSync(state, edited);
  assertOneLine(
    await downhill(['train', '--resume', '--out', out, '--epochs', '3']),
    2,
    /state\.safetensors does not match its checksum in .*checkpoint\.json \(edited or corrupted\)\n$/,
  );
  writeFileSync(state, original);
  // The same rows, one cell changed: 84 → 85 square metres.
  writeFileSync(csv, readFileSync(csv, 'utf8').replace('84,2,38,suburbs,no', '85,2,38,suburbs,no'));
  assertOneLine(
    await downhill(['train', '--resume', '--out', out, '--epochs', '3']),
    2,
    /^downhill: --resume: the data of "csv:.*houses\.csv" have changed since the run in .* began \(content sha256:[0-9a-f]{12}…, recorded sha256:[0-9a-f]{12}…\)\n$/,
  );
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'checkpoint.json'), 'utf8')), manifest, 'the run is untouched');
});
