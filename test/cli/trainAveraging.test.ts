/**
 * `downhill train --swa-start` / `--ema-decay` / `--svrg`: the final model is the average, written as
 * averaged.safetensors and evaluated in summary.json; a run resumed from its checkpoint ends with the same
 * averaged bytes as the run never interrupted; mistaken flags are one line on stderr with exit code 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeSafetensors } from '../../src/util/safetensors.js';
import { runDownhill } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'downhill-averaging-'));
const COMMON = ['--dataset', 'moons', '--model', 'mlp:8', '--batch-norm', '--optimizer', 'sgd:momentum=0.9'];
const RUN = [...COMMON, '--lr', '0.05', '--batch-size', '32', '--seed', '4', '--quiet'];

test('--swa-start: averaged.safetensors is the final model; a resumed run ends with the same bytes', () => {
  const whole = join(dir, 'whole');
  const done = runDownhill([
    'train',
    ...RUN,
    '--epochs',
    '4',
    '--swa-start',
    '2',
    '--swa-lr',
    '0.01',
    '--json',
    '--out',
    whole,
  ]);
  assert.equal(done.status, 0, done.stderr);
  const summary = JSON.parse(done.stdout);
  assert.deepEqual(summary.averaged, { mode: 'swa', count: 3 });
  const averaged = readFileSync(join(whole, 'averaged.safetensors'));
  const last = decodeSafetensors(readFileSync(join(whole, 'last.safetensors')), 'last');
  const mean = decodeSafetensors(averaged, 'averaged');
  assert.deepEqual([...mean.tensors.keys()], [...last.tensors.keys()]);
  assert.notDeepEqual(
    Array.from(mean.tensors.get('0.weight')?.data ?? []),
    Array.from(last.tensors.get('0.weight')?.data ?? []),
  );

  const resumed = join(dir, 'resumed');
  const first = runDownhill([
    'train',
    ...RUN,
    '--epochs',
    '2',
    '--swa-start',
    '2',
    '--swa-lr',
    '0.01',
    '--out',
    resumed,
  ]);
  assert.equal(first.status, 0, first.stderr);
  const rest = runDownhill(['train', '--resume', '--epochs', '4', '--quiet', '--out', resumed]);
  assert.equal(rest.status, 0, rest.stderr);
  assert.ok(readFileSync(join(resumed, 'averaged.safetensors')).equals(averaged));

  // evaluate --weights averaged rebuilds that final model; a run without averaging has none to offer.
  const evaluation = (which: string) => runDownhill(['evaluate', '--run', whole, '--weights', which]);
  const [onAverage, onLast] = [evaluation('averaged'), evaluation('last')];
  assert.equal(onAverage.status, 0, onAverage.stderr);
  assert.notEqual(JSON.parse(onAverage.stdout).loss, JSON.parse(onLast.stdout).loss);
  const plain = join(dir, 'plain');
  assert.equal(runDownhill(['train', ...RUN, '--epochs', '1', '--out', plain]).status, 0);
  const missing = runDownhill(['evaluate', '--run', plain, '--weights', 'averaged']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^downhill: [^\n]*averaged\.safetensors[^\n]*\n$/);
});

test('--ema-decay and --svrg train; the output names the average', () => {
  const ema = runDownhill(['train', ...RUN, '--epochs', '2', '--ema-decay', '0.9', '--out', join(dir, 'ema')]);
  assert.equal(ema.status, 0, ema.stderr);
  assert.match(ema.stdout, /final model: the EMA average of \d+ weights \(averaged\.safetensors\)/);
  const svrg = runDownhill([
    'train',
    '--dataset',
    'moons',
    '--model',
    'mlp:8',
    '--optimizer',
    'sgd',
    '--lr',
    '0.1',
    '--svrg',
    '5',
    '--epochs',
    '2',
    '--quiet',
    '--out',
    join(dir, 'svrg'),
  ]);
  assert.equal(svrg.status, 0, svrg.stderr);
});

test('mistaken averaging flags: one line, exit code 2', () => {
  const cases: [string[], RegExp][] = [
    [['--swa-lr', '0.1'], /swaLr needs swaStart/],
    [['--ema-decay', '1'], /ema-decay|emaDecay/],
    [['--swa-start', '5', '--epochs', '3'], /swaStart must be an integer in \[1, epochs = 3\] \(got 5\)/],
    [['--swa-start', '2', '--ema-decay', '0.9'], /give one/],
    [['--svrg', '3'], /svrg needs a model without BatchNorm or Dropout/],
  ];
  for (const [flags, message] of cases) {
    const result = runDownhill(['train', ...RUN, ...flags, '--out', join(dir, 'bad')]);
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /^downhill: [^\n]+\n$/);
    assert.match(result.stderr, message);
  }
});
