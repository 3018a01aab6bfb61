/**
 * `downhill figures`: the chosen figures land in the directory in every format (GIF and MP4 for the animated
 * ones), index.html shows every figure present with its caption, and bad input is one line with exit code 2.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ffmpegAvailable } from '../../src/cli/media.js';
import { FIGURES } from '../../src/plot/figures/registry.js';
import { GD1D_STEPS } from '../../src/plot/figures/gradientDescent1d.js';
import { readGif } from '../plot/gifReader.js';
import { runCommand } from '../plot/runCommand.js';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'downhill-figures-'));
const out = join(dir, 'figs');

test('figures --only gradient-descent-1d writes it in every format, and an index that shows it', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', MAIN, 'figures', '--out', out, '--only', 'gradient-descent-1d'],
    { encoding: 'utf8' },
  );
  assert.equal(
    run.stderr,
    ffmpegAvailable() ? '' : 'downhill: ffmpeg is not installed, so no .mp4 files (Debian: apt-get install ffmpeg)\n',
  );
  assert.equal(run.status, 0);
  const formats = ['svg', 'png', 'gif', ...(ffmpegAvailable() ? ['mp4'] : [])];
  assert.deepEqual(readdirSync(out).sort(), [...formats.map((f) => `gradient-descent-1d.${f}`), 'index.html'].sort());
  assert.deepEqual(run.stdout.trim().split('\n'), [
    `${join(out, 'gradient-descent-1d')}.{${formats.join(',')}}`,
    join(out, 'index.html'),
  ]);
  const gif = readGif(readFileSync(join(out, 'gradient-descent-1d.gif')));
  assert.equal(gif.frames.length, GD1D_STEPS + 1);
  const png = readFileSync(join(out, 'gradient-descent-1d.png'));
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [gif.width, gif.height]);
  const svg = readFileSync(join(out, 'gradient-descent-1d.svg'), 'utf8');
  assert.equal((svg.match(/<path class="trace"/g) ?? []).length, 2);
  assert.match(svg, />Gradient descent in one dimension<\/text>/);
  if (ffmpegAvailable())
    assert.equal(readFileSync(join(out, 'gradient-descent-1d.mp4')).subarray(4, 8).toString('latin1'), 'ftyp');
  const index = readFileSync(join(out, 'index.html'), 'utf8');
  assert.deepEqual(
    [...index.matchAll(/<figure id="([^"]+)">/g)].map((m) => m[1]),
    ['gradient-descent-1d'],
  );
  assert.match(index, /<img src="gradient-descent-1d\.gif"/);
  assert.ok(index.includes(FIGURES.find((f) => f.name === 'gradient-descent-1d')!.caption));
});

test('a later run adds to the directory, and the index shows everything present (a still shown as SVG)', async () => {
  const run = await runCommand(['figures', '--out', out, '--only', 'line-search']);
  assert.deepEqual([run.status, run.stderr.replace(/^downhill: ffmpeg is not installed.*\n/, '')], [0, '']);
  assert.deepEqual(run.lines, [`${join(out, 'line-search')}.{svg,png}`, join(out, 'index.html')]);
  const index = readFileSync(join(out, 'index.html'), 'utf8');
  assert.deepEqual(
    [...index.matchAll(/<figure id="([^"]+)">/g)].map((m) => m[1]),
    ['gradient-descent-1d', 'line-search'],
  );
  assert.match(index, /<img src="line-search\.svg"/);
  assert.match(index, /<a href="line-search\.png">PNG<\/a>/);
});

test('bad input: an unknown figure name, a directory that cannot be made', async () => {
  writeFileSync(join(dir, 'a-file'), '');
  const unknown = await runCommand(['figures', '--out', join(dir, 'other'), '--only', 'step-size,step-sise']);
  assert.equal(unknown.status, 2);
  assert.equal(
    unknown.stderr,
    `downhill: unknown figure 'step-sise'; valid: ${FIGURES.map((f) => f.name).join(', ')}\n`,
  );
  const blocked = await runCommand(['figures', '--out', join(dir, 'a-file', 'figs'), '--only', 'line-search']);
  assert.equal(blocked.status, 2);
  assert.match(
    blocked.stderr,
    /^downhill: cannot create the directory .*a-file\/figs: a part of the path is not a directory\n$/,
  );
  const missing = await runCommand(['figures', '--only', 'line-search']);
  assert.equal(missing.status, 2);
  assert.match(
    missing.stderr,
    /^downhill: figures: 'out' is required \(--out <dir>: the directory to write into \(created if missing\)\)\n$/,
  );
  assert.deepEqual(readdirSync(dir).sort(), ['a-file', 'figs']);
});
