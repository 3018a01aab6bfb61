/**
 * `downhill predict` and `downhill evaluate` on saved models: one trained by downhill (its metrics must
 * equal those `train` reported), and one trained by PyTorch 1.13 loaded with --init (its probabilities,
 * loss and accuracy must equal PyTorch's: test/fixtures/predict/generate.py). Also `train --json`,
 * `--config -` and a progress display without cursor escapes where TERM=dumb.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliResult } from '../helpers/cli.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/predict/${name}`, import.meta.url));
const ROWS = fixture('rows.csv');
const expected = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as {
  probabilities: number[][];
  predicted: string[];
  loss: number;
  accuracy: number;
};
const dir = mkdtempSync(join(tmpdir(), 'downhill-predict-'));

function downhill(args: string[], input?: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      { encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      },
    );
    child.stdin?.end(input ?? '');
  });
}

/** A run on rows.csv with the settings PyTorch's model has (mlp:8, ReLU) and no validation split, so the preprocessing is fitted on every row. */
const RUN = {
  dataset: `csv:${ROWS}`,
  target: 'label',
  model: 'mlp:8',
  validation: 0,
  epochs: 5,
  batchSize: 16,
  seed: 4,
  lr: 0.02,
  quiet: true,
};
const run = join(dir, 'run');
const trained = downhill(['train', '--config', '-', '--out', run, '--json'], JSON.stringify(RUN));

test('train --config - reads the settings from stdin; --json prints the summary as JSON on stdout', async () => {
  const result = await trained;
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as { model: string; epochs: number; train: { loss: number } };
  assert.equal(summary.model, 'mlp:8');
  assert.equal(summary.epochs, 5);
  assert.deepEqual(summary, JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8')));
});

test("evaluate on the run's own data gives the loss and accuracy train reported; predict agrees", async () => {
  const summary = JSON.parse((await trained).stdout) as { train: { loss: number; accuracy: number } };
  const evaluated = await downhill(['evaluate', '--run', run, '--dataset', `csv:${ROWS}`]);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const metrics = JSON.parse(evaluated.stdout) as { examples: number; loss: number; accuracy: number };
  assert.equal(metrics.examples, 90);
  assert.equal(metrics.loss, summary.train.loss);
  assert.equal(metrics.accuracy, summary.train.accuracy);
  const predicted = await downhill(['predict', '--run', run, '--dataset', `csv:${ROWS}`]);
  assert.equal(predicted.status, 0, predicted.stderr);
  const [header, ...lines] = predicted.stdout.trim().split('\n');
  assert.equal(header, 'row,prediction,p_a,p_b,p_c');
  const labels = readFileSync(ROWS, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[3]);
  const right = lines.filter((line, i) => line.split(',')[1] === labels[i]).length;
  assert.equal(right / 90, summary.train.accuracy);
  for (const line of lines) {
    const p = line.split(',').slice(2).map(Number);
    assert.ok(Math.abs(p[0] + p[1] + p[2] - 1) < 1e-12);
  }
});

test('a model trained by PyTorch, loaded with --init, predicts and scores as PyTorch does', async () => {
  await trained;
  const init = fixture('torch-mlp.safetensors');
  const out = join(dir, 'torch.json');
  const [predicted, evaluated] = await Promise.all([
    downhill(['predict', '--run', run, '--init', init, '--dataset', `csv:${ROWS}`, '--out', out]),
    downhill(['evaluate', '--run', run, '--init', init, '--dataset', `csv:${ROWS}`]),
  ]);
  assert.equal(predicted.status, 0, predicted.stderr);
  const rows = JSON.parse(readFileSync(out, 'utf8')) as {
    row: number;
    prediction: string;
    probabilities: Record<string, number>;
  }[];
  assert.deepEqual(
    rows.map((r) => r.prediction),
    expected.predicted,
  );
  // float32 forward passes in two summation orders: probabilities agree to a few float32 ulps.
  rows.forEach((r, i) =>
    ['a', 'b', 'c'].forEach((c, k) =>
      assert.ok(Math.abs(r.probabilities[c] - expected.probabilities[i][k]) < 1e-5, `row ${i + 1} p_${c}`),
    ),
  );
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const metrics = JSON.parse(evaluated.stdout) as { loss: number; accuracy: number };
  assert.ok(
    Math.abs(metrics.loss - expected.loss) < 1e-5 * Math.max(1, expected.loss) + 1e-6,
    `loss ${metrics.loss} vs PyTorch ${expected.loss}`,
  );
  assert.equal(metrics.accuracy, expected.accuracy);
});

test('data whose columns differ from the model’s is refused in one line naming the first difference', async () => {
  await trained;
  const swapped = join(dir, 'swapped.csv');
  writeFileSync(swapped, readFileSync(ROWS, 'utf8').replace('x1,x2,x3,label', 'x1,x3,x2,label'));
  const missing = join(dir, 'missing.csv');
  writeFileSync(
    missing,
    readFileSync(ROWS, 'utf8')
      .split('\n')
      .map((line) => line.split(',').slice(0, 2).join(','))
      .join('\n'),
  );
  const [a, b, c] = await Promise.all([
    downhill(['predict', '--run', run, '--dataset', `csv:${swapped}`]),
    downhill(['evaluate', '--run', run, '--dataset', `csv:${missing}`]),
    downhill(['evaluate', '--run', run, '--dataset', 'moons']),
  ]);
  assert.equal(a.status, 2);
  assert.equal(
    a.stderr,
    `downhill: ${swapped}: input column 2 is 'x3' but the model was trained on 'x2' (its inputs: x1, x2, x3)\n`,
  );
  assert.equal(b.status, 2);
  assert.equal(
    b.stderr,
    `downhill: ${missing}: input column 3 is nothing but the model was trained on 'x3' (its inputs: x1, x2, x3)\n`,
  );
  assert.equal(c.status, 2);
  assert.equal(c.stderr, 'downhill: moons has 2 input features; the model takes 3\n');
});

test('on a terminal the progress bar redraws with escapes; with TERM=dumb there are none', () => {
  const args = [
    'train',
    '--dataset',
    'moons',
    '--model',
    'mlp:4',
    '--epochs',
    '1',
    '--out',
    join(dir, 'tty'),
    '--force',
  ];
  const command = [process.execPath, '--import', 'tsx', MAIN, ...args].map((a) => `'${a}'`).join(' ');
  // script(1) runs the command on a pseudo-terminal, so stderr is a TTY as in an interactive shell.
  const onTerminal = (term: string) =>
    spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: term } })
      .stdout;
  const ESC = '\u001b';
  assert.ok(onTerminal('xterm').includes(`${ESC}[`));
  const dumb = onTerminal('dumb');
  assert.match(dumb, /epoch 1\/1/);
  assert.ok(!dumb.includes(ESC));
});
