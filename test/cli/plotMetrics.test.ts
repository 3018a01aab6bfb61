/**
 * `downhill plot-metrics`: a run's metrics.jsonl becomes a loss-curve figure in the format of --out's
 * extension (one curve vertex per epoch, the early-stopping epoch marked); a malformed or missing metrics
 * file, an unknown extension or an unwritable directory is one line on stderr, exit code 2, and no file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { readGif } from '../plot/gifReader.js';
import { runCommand } from '../plot/runCommand.js';
import { pathsOfClass, textsOfClass } from '../plot/svgQuery.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'downhill-plot-metrics-'));

/** What `downhill train` writes: one object per epoch; the validation loss lowest at epoch 4 of 7. */
const EPOCHS = [0.9, 0.7, 0.55, 0.5, 0.52, 0.56, 0.61].map((validationLoss, k) => ({
  epoch: k + 1,
  step: 10 * (k + 1),
  trainLoss: 0.8 / (k + 1),
  validationLoss,
  lr: 0.001,
  seconds: 0.5,
}));
const metricsPath = join(dir, 'metrics.jsonl');
writeFileSync(metricsPath, EPOCHS.map((m) => `${JSON.stringify(m)}\n`).join(''));

test('the real command: an SVG with both curves, a vertex per epoch, and the early-stopping epoch', () => {
  const out = join(dir, 'curve.svg');
  const run = spawnSync(process.execPath, ['--import', 'tsx', MAIN, 'plot-metrics', metricsPath, '--out', out], {
    encoding: 'utf8',
  });
  assert.deepEqual([run.status, run.stderr, run.stdout], [0, '', '']);
  const svg = readFileSync(out, 'utf8');
  assert.deepEqual(
    pathsOfClass(svg, 'curve').map((c) => [c.label, c.vertices]),
    [
      ['training loss', 7],
      ['validation loss', 7],
    ],
  );
  assert.deepEqual(textsOfClass(svg, 'early-stopping-label'), ['best epoch 4']);
  assert.match(svg, /<text class="title"[^>]*>Training and validation loss<\/text>/);
  assert.ok(svg.includes(`>${metricsPath}: 7 epochs</text>`));
});

test('other formats and a title: PNG and a one-frame GIF of the same size', async () => {
  const png = join(dir, 'curve.png');
  const gif = join(dir, 'curve.gif');
  assert.deepEqual(await runCommand(['plot-metrics', metricsPath, '--out', png, '--title', 'Run 7']), {
    status: 0,
    stderr: '',
    lines: [],
  });
  assert.deepEqual(await runCommand(['plot-metrics', metricsPath, '--out', gif]), { status: 0, stderr: '', lines: [] });
  const bytes = readFileSync(png);
  const decoded = readGif(readFileSync(gif));
  assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [decoded.width, decoded.height]);
  assert.equal(decoded.frames.length, 1);
});

test('bad input: one line on stderr, exit code 2, no file written', async () => {
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"epoch": 1, "trainLoss": 0.5}\n{"epoch": 2, "trainLoss": }\n');
  const noTrain = join(dir, 'no-train.jsonl');
  writeFileSync(noTrain, '{"epoch": 1, "validationLoss": 0.5}\n');
  const before = readdirSync(dir).sort();
  const cases: [string[], RegExp][] = [
    [
      ['plot-metrics', bad, '--out', join(dir, 'x.svg')],
      new RegExp(`^downhill: ${bad}: line 2 is not valid JSON: [^\\n]+\\n$`),
    ],
    [
      ['plot-metrics', noTrain, '--out', join(dir, 'x.svg')],
      /^downhill: .*no-train\.jsonl: line 1 needs "trainLoss" as a finite number \(got nothing\)\n$/,
    ],
    [
      ['plot-metrics', join(dir, 'missing.jsonl'), '--out', join(dir, 'x.svg')],
      /^downhill: cannot read .*missing\.jsonl: no such file\n$/,
    ],
    [
      ['plot-metrics', metricsPath, '--out', join(dir, 'x.jpg')],
      /^downhill: cannot write '.*x\.jpg': the extension must be one of \.svg, \.png, \.gif, \.mp4\n$/,
    ],
    [
      ['plot-metrics', metricsPath, '--out', join(dir, 'nowhere', 'x.svg')],
      /^downhill: cannot write .*nowhere\/x\.svg: no such directory/,
    ],
    [
      ['plot-metrics', metricsPath],
      /^downhill: plot-metrics: 'out' is required \(--out <file>: the output: \.svg, \.png, \.gif or \.mp4\)\n$/,
    ],
  ];
  for (const [args, message] of cases) {
    const run = await runCommand(args);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, message);
  }
  assert.deepEqual(readdirSync(dir).sort(), before);
});
