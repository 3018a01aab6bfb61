/**
 * `downhill tune figures DIR` redraws a sweep's figures from its directory: every figure as .svg and .png in
 * DIR/figures/, from the journal and each trial's metrics.jsonl; a directory without a journal is one line and
 * exit code 2.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sweepFigures } from '../../src/plot/sweep/registry.js';
import { runDownhill } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'downhill-tune-figures-'));

test('tune figures DIR writes each sweep figure as SVG and PNG; a directory without a journal is refused', () => {
  const sweep = {
    base: { dataset: 'spiral', epochs: 2 },
    space: { lr: { range: [0.001, 0.1] } },
    scheduler: { name: 'none' },
    trials: 2,
  };
  const lines = [
    { event: 'sweep', sweep },
    { event: 'created', trial: 0, point: [0.5], config: { lr: 0.01 } },
    { event: 'segment', trial: 0, rung: 0, epochs: 2 },
    { event: 'report', trial: 0, rung: 0, epochs: 2, value: 0.6, seconds: 1.5 },
    { event: 'completed', trial: 0, epochs: 2, value: 0.6 },
    { event: 'created', trial: 1, point: [0], config: { lr: 0.001 } },
    { event: 'segment', trial: 1, rung: 0, epochs: 2 },
  ].map((e, i) => JSON.stringify({ ...e, at: 1_800_000_000_000 + 500 * i }));
  const sweepDir = join(dir, 'sweep');
  mkdirSync(join(sweepDir, 'trials', '0000'), { recursive: true });
  writeFileSync(join(sweepDir, 'journal.jsonl'), `${lines.join('\n')}\n`);
  writeFileSync(
    join(sweepDir, 'trials', '0000', 'metrics.jsonl'),
    '{"epoch":1,"trainLoss":0.9,"validationLoss":0.8}\n{"epoch":2,"trainLoss":0.7,"validationLoss":0.6}\n',
  );
  const run = runDownhill(['tune', 'figures', sweepDir]);
  assert.equal(run.status, 0, run.stderr);
  const written = readdirSync(join(sweepDir, 'figures')).sort();
  const expected = sweepFigures.names.flatMap((name) => [`${name}.png`, `${name}.svg`]).sort();
  assert.deepEqual(written, expected);
  const png = readFileSync(join(sweepDir, 'figures', 'learning-curves.png'));
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // Trial 0's curve comes from its metrics.jsonl: two epochs, so a path of two vertices.
  assert.match(
    readFileSync(join(sweepDir, 'figures', 'learning-curves.svg'), 'utf8'),
    /class="completed" data-label="trial 0" d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+"/,
  );

  const missing = runDownhill(['tune', 'figures', join(dir, 'nothing')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^downhill: .*nothing is not a sweep directory: .*journal\.jsonl does not exist\n$/);
});
