/**
 * `downhill race` as a user meets it: the figures issue's command writes a GIF of the expected frames and
 * size, an SVG with one path per optimizer of steps + 1 vertices and a legend naming each, a PNG of the
 * expected size, an MP4 where ffmpeg is installed; the same command writes the same bytes; every kind of bad
 * input gets one line on stderr, exit code 2, and leaves no file (nor a temporary one) behind.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ffmpegAvailable } from '../../src/cli/media.js';
import { readGif } from '../plot/gifReader.js';
import { runCommand } from '../plot/runCommand.js';
import { runDownhillAsync } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'downhill-race-'));

/** Runs the real `downhill` (from source) in its own process, asynchronously, beside the in-process runs. */
const downhill = (args: string[]) => runDownhillAsync(args);

const ISSUE = [
  'race',
  '--fn',
  'rosenbrock',
  '--start',
  '-1.5,2',
  '--steps',
  '300',
  '--optimizer',
  'sgd:lr=1e-3',
  '--optimizer',
  'momentum=sgd:lr=1e-3,momentum=0.9',
  '--optimizer',
  'adam:lr=0.05',
];

test("the issue's command: GIF with 101 frames of 960×640; SVG with 3 paths of 301 vertices, the same bytes from every process; PNG of 960×640", async () => {
  const spawned = downhill([...ISSUE, '--out', join(dir, 'issue.svg')]);
  const runs = [];
  for (const ext of ['gif', 'svg', 'png']) runs.push(await runCommand([...ISSUE, '--out', join(dir, `here.${ext}`)]));
  runs.push(await spawned);
  for (const run of runs) assert.deepEqual([run.status, run.stderr], [0, '']);
  assert.equal((await spawned).stdout, '');
  assert.ok(
    readFileSync(join(dir, 'issue.svg')).equals(readFileSync(join(dir, 'here.svg'))),
    'byte-identical SVG from the spawned downhill and from this process',
  );
  const gif = readFileSync(join(dir, 'here.gif'));
  const decoded = readGif(gif);
  assert.deepEqual([decoded.width, decoded.height, decoded.frames.length], [960, 640, 101]);
  const text = readFileSync(join(dir, 'here.svg'), 'utf8');
  const traces = [...text.matchAll(/<path class="trace" data-label="([^"]*)" d="([^"]*)"/g)];
  assert.deepEqual(
    traces.map((m) => m[1]),
    ['sgd lr=0.001', 'momentum', 'adam lr=0.05'],
  );
  assert.deepEqual(
    traces.map((m) => (m[2].match(/[ML]/g) ?? []).length),
    [301, 301, 301],
  );
  const legend = [...text.matchAll(/<text class="legend"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(legend, ['sgd lr=0.001', 'momentum', 'adam lr=0.05', 'start', 'minimum']);
  assert.match(text, />sgd lr=0.001 momentum=0.9<\/text>/, 'a labelled optimizer still shows its hyperparameters');
  assert.match(text, /class="title"[^>]*>Rosenbrock a=1, b=100<\/text>/);
  const bytes = readFileSync(join(dir, 'here.png'));
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [960, 640]);
});

test('the same command writes byte-identical SVG and GIF, and a config file gives the same figure as flags', async () => {
  const flags = [
    'race',
    '--fn',
    'himmelblau',
    '--start',
    '0,0',
    '--steps',
    '40',
    '--optimizer',
    'adam:lr=0.1',
    '--optimizer',
    'slow=sgd:lr=0.002',
    '--schedule',
    'step:stepSize=10,gamma=0.5',
  ];
  const config = join(dir, 'race.json');
  writeFileSync(
    config,
    JSON.stringify({
      fn: 'himmelblau',
      start: [0, 0],
      steps: 40,
      optimizers: ['adam:lr=0.1', { name: 'sgd', lr: 0.002, label: 'slow' }],
      schedule: 'step:stepSize=10,gamma=0.5',
      out: join(dir, 'c.svg'),
    }),
  );
  const runs = [];
  for (const args of [
    [...flags, '--out', join(dir, 'a.svg')],
    [...flags, '--out', join(dir, 'b.svg')],
    ['race', '--config', config],
    [...flags, '--out', join(dir, 'a.gif')],
    [...flags, '--out', join(dir, 'b.gif')],
  ]) {
    runs.push(await runCommand(args));
  }
  for (const run of runs) assert.deepEqual([run.status, run.stderr], [0, '']);
  const read = (name: string): Buffer => readFileSync(join(dir, name));
  assert.ok(read('a.svg').equals(read('b.svg')));
  assert.ok(read('a.svg').equals(read('c.svg')));
  assert.ok(read('a.gif').equals(read('b.gif')));
  assert.equal(readGif(read('a.gif')).frames.length, 41);
  assert.match(read('a.svg').toString(), /40 steps from \(0, 0\) · schedule step stepSize=10 gamma=0.5/);
});

test(
  '.mp4 through ffmpeg: an MP4 file; without ffmpeg, one line naming the Debian package and no file',
  { skip: !ffmpegAvailable() && 'ffmpeg is not installed' },
  async () => {
    const args = ['race', '--fn', 'quadratic', '--start', '-1,1', '--steps', '4', '--optimizer', 'sgd:lr=0.05'];
    const withFfmpeg = await runCommand([...args, '--out', join(dir, 'run.mp4')]);
    const without = await runCommand([...args, '--out', join(dir, 'none.mp4')], { PATH: join(dir, 'no-bin') });
    assert.deepEqual([withFfmpeg.status, withFfmpeg.stderr], [0, '']);
    assert.equal(readFileSync(join(dir, 'run.mp4')).subarray(4, 8).toString('latin1'), 'ftyp');
    assert.equal(without.status, 2);
    assert.equal(
      without.stderr,
      `downhill: cannot write ${join(dir, 'none.mp4')}: ffmpeg is not installed (Debian: apt-get install ffmpeg); .gif needs no ffmpeg\n`,
    );
    assert.ok(!readdirSync(dir).some((name) => name.includes('none.mp4')));
  },
);

test('bad input: one line on stderr, exit code 2, no file and no temporary file left', async () => {
  const bad = join(dir, 'bad');
  mkdirSync(bad);
  writeFileSync(join(bad, 'a-file'), '');
  const base = ['race', '--start', '-1.5,2', '--steps', '5', '--optimizer', 'adam'];
  const cases: [string, string[], RegExp][] = [
    [
      'unknown function',
      [...base, '--fn', 'banana', '--out', join(bad, 'x.gif')],
      /^downhill: unknown function 'banana'; valid: quadratic, rosenbrock/,
    ],
    [
      'start outside the window',
      ['race', '--fn', 'rosenbrock', '--start', '5,5', '--optimizer', 'adam', '--out', join(bad, 'x.gif')],
      /^downhill: start \(5, 5\) is outside the plotting window x in \[-2, 2\], y in \[-1, 3\]/,
    ],
    [
      'start outside a given window',
      [...base, '--fn', 'rosenbrock', '--window', '0,1,0,1', '--out', join(bad, 'x.svg')],
      /outside the plotting window x in \[0, 1\], y in \[0, 1\]/,
    ],
    [
      'unknown extension',
      [...base, '--fn', 'rosenbrock', '--out', join(bad, 'x.bmp')],
      /the extension must be one of \.svg, \.png, \.gif, \.mp4$/m,
    ],
    [
      'missing directory',
      [...base, '--fn', 'rosenbrock', '--out', join(bad, 'missing', 'x.gif')],
      /^downhill: cannot write .*x\.gif: no such directory/,
    ],
    [
      'a file as directory',
      [...base, '--fn', 'rosenbrock', '--out', join(bad, 'a-file', 'x.png')],
      /^downhill: cannot write .*x\.png: /,
    ],
    ['no --out', [...base, '--fn', 'rosenbrock'], /^downhill: race needs an output file: --out race\.gif/],
    [
      'no optimizer',
      ['race', '--fn', 'rosenbrock', '--start', '0,0', '--out', join(bad, 'x.gif')],
      /^downhill: race: 'optimizers' is required \(--optimizer <spec>: an optimizer; /,
    ],
    [
      'bad optimizer option',
      [...base, '--fn', 'rosenbrock', '--optimizer', 'adam:momentum=0.9', '--out', join(bad, 'x.gif')],
      /^downhill: adam: unknown option 'momentum'/,
    ],
  ];
  const spawned = downhill(cases[0][1]);
  const results = [];
  for (const [, args] of cases) results.push(await runCommand(args));
  results.push(await spawned);
  cases.push(cases[0]);
  assert.equal((await spawned).stdout, '');
  results.forEach(({ status, stderr }, k) => {
    const [what, , message] = cases[k];
    assert.equal(status, 2, what);
    assert.match(stderr, message, what);
    assert.equal(stderr.trim().split('\n').length, 1, `${what}: ${stderr}`);
  });
  assert.deepEqual(readdirSync(bad), ['a-file']);
});
