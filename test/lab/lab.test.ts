/**
 * The lab end to end in Debian's Chromium: every page loads cleanly; the race runs from a click; the
 * playground trains; state round-trips through the URL; exports decode; bad input shows its message; the
 * pages fit a 375 px screen and every control has a label; your points, features, classes, sweeps and
 * offline use. Screenshots go to lab/shots/ (gitignored).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { trainCommand } from '../../src/cli/train.js';
import { parseRunConfig } from '../../src/train/runConfig.js';
import { decodeSafetensors } from '../../src/util/safetensors.js';
import { loadWeights } from '../../src/nn/weights.js';
import { mlp } from '../../src/nn/models.js';
import { openLab, watchedPage, type Lab } from './browser.js';
import { gifFrameCount, pngSize } from './decode.js';

const SHOTS = 'lab/shots';
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const run = promisify(execFile);
const PAGES = ['index.html', 'race.html', 'playground.html', 'nonconvex.html', 'curves.html'];

let lab: Lab;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  lab = await openLab();
});
after(async () => lab?.close());

async function downloaded(page: Page, button: string): Promise<Uint8Array> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return new Uint8Array(readFileSync(await download.path()));
}

async function racerLoss(page: Page, racer: number): Promise<number> {
  return Number(await page.getAttribute(`#race-readouts li[data-racer="${racer}"]`, 'data-loss'));
}

/** Steps the playground `epochs` epochs from epoch 0; the test loss it then shows. */
async function stepEpochs(page: Page, epochs: number): Promise<number> {
  for (let k = 1; k <= epochs; k++) {
    await page.click('#c-step');
    await page.waitForFunction((epoch) => document.querySelector('#epoch')?.textContent === `Epoch ${epoch}`, k);
  }
  return Number(await page.getAttribute('#test-loss', 'data-value'));
}

/** Runs an exported train config with `downhill train`, `files` (a CSV it reads) beside it; its metrics. */
async function trainExported(
  config: Record<string, unknown>,
  files: Record<string, Uint8Array> = {},
): Promise<{ epoch: number; validationLoss: number }[]> {
  const out = mkdtempSync(join(tmpdir(), 'lab-repro-'));
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(out, name), bytes);
  // A CSV named as the page exports it sits beside the config.
  const dataset = String(config.dataset).replace(/^csv:/, `csv:${out}/`);
  writeFileSync(join(out, 'config.json'), JSON.stringify({ ...config, dataset, out }));
  await trainCommand().parseAsync(['--config', join(out, 'config.json'), '--quiet'], { from: 'user' });
  assert.equal(process.exitCode ?? 0, 0);
  const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { epoch: number; validationLoss: number });
  rmSync(out, { recursive: true });
  return metrics;
}

/**
 * The CLI's last validation loss is the page's test loss: the same data, split, initial weights, shuffles and
 * steps, equal to float32 rounding (the CLI's kernels may sum in another order than the browser's).
 */
function assertReproduced(metrics: { epoch: number; validationLoss: number }[], testLoss: number): void {
  const last = metrics[metrics.length - 1].validationLoss;
  assert.ok(Math.abs(last - testLoss) <= 1e-5 * testLoss, `CLI ${last}, page ${testLoss}`);
}

describe('lab pages', () => {
  it('each page loads with no console errors or failed requests, and fits 375 px with every control labelled', async () => {
    for (const path of PAGES) {
      for (const width of [1280, 375]) {
        const { page, problems } = await watchedPage(lab, { width });
        await page.goto(lab.url(path));
        await page.waitForSelector('main > *');
        await page.waitForTimeout(200);
        const layout = await page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          unlabelled: Array.from(document.querySelectorAll('input, select, button'))
            .filter(
              (el) =>
                (el as HTMLInputElement).labels?.length === 0 &&
                !el.getAttribute('aria-label') &&
                (el.textContent ?? '').trim() === '',
            )
            .map((el) => el.outerHTML.slice(0, 80)),
        }));
        await page.screenshot({ path: `${SHOTS}/${path.replace('.html', '')}-${width}.png`, fullPage: width > 375 });
        assert.deepEqual(problems, [], `${path} at ${width}px`);
        assert.ok(layout.overflow <= 0, `${path} at ${width}px is ${layout.overflow}px wider than the screen`);
        assert.deepEqual(layout.unlabelled, [], `${path}: controls without a label`);
        await page.close();
      }
    }
  });
});

describe('race page', () => {
  it('a click on the map starts a race whose loss readout decreases', async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('race.html?speed=2'));
    await page.waitForSelector('#race-readouts li');
    const box = (await page.locator('#race-map').boundingBox())!;
    // Near the top-left of Rosenbrock's window (x ≈ −1.2, y ≈ 2.3): far from the minimum at (1, 1).
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.18);
    // Wait for the paths from the clicked start (the URL's x, y), then read adam's loss twice, 40 steps apart.
    await page.waitForFunction(() => {
      const params = new URLSearchParams(location.search);
      const start = document.querySelector('#race-readouts')?.getAttribute('data-start');
      return params.has('x') && start === `${params.get('x')},${params.get('y')}`;
    });
    const stepNow = async () => Number(/step (\d+)/.exec((await page.textContent('#step-counter')) ?? '')?.[1]);
    const first = await stepNow();
    const early = await racerLoss(page, 2);
    await page.waitForFunction(
      (s) => Number(/step (\d+)/.exec(document.querySelector('#step-counter')?.textContent ?? '')?.[1]) >= s + 40,
      first,
    );
    const later = await racerLoss(page, 2);
    assert.ok(Number.isFinite(early) && later < early, `adam's loss went from ${early} to ${later}`);
    assert.match((await page.textContent('#step-counter')) ?? '', /step [1-9]\d* of 1000/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a control change updates the URL and a reload restores it', async () => {
    const { page } = await watchedPage(lab);
    await page.goto(lab.url('race.html'));
    await page.fill('#c-steps', '300');
    await page.press('#c-steps', 'Enter');
    await page.selectOption('#c-schedule', 'cosine');
    await page.waitForFunction(
      () => location.search.includes('steps=300') && location.search.includes('schedule=cosine'),
    );
    await page.reload();
    assert.equal(await page.inputValue('#c-steps'), '300');
    assert.equal(await page.inputValue('#c-schedule'), 'cosine');
    await page.close();
  });

  it("a choice option's menu lists its row's values, and a choice goes into the racer's spec in the URL", async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url(`race.html?steps=200&r=${encodeURIComponent('nadam:lr=0.05;lbfgs:lr=0.5')}`));
    await page.waitForSelector('#race-readouts li');
    const choices = (id: string) =>
      page.$$eval(`#${id} option`, (options) => options.map((o) => (o as HTMLOptionElement).value));
    // nadam's PyTorch release (2.x by default), lbfgs's line search (null shown as 'none').
    assert.deepEqual(await choices('c-pytorch-0'), ['1.13', '2']);
    assert.equal(await page.inputValue('#c-pytorch-0'), '2');
    assert.deepEqual(await choices('c-lineSearchFn-1'), ['none', 'strong_wolfe']);
    assert.equal(await page.inputValue('#c-lineSearchFn-1'), 'none');
    await page.selectOption('#c-pytorch-0', '1.13');
    await page.selectOption('#c-lineSearchFn-1', 'strong_wolfe');
    await page.waitForFunction(() => {
      const racers = new URLSearchParams(location.search).get('r') ?? '';
      return racers.includes('pytorch=1.13') && racers.includes('lineSearchFn=strong_wolfe');
    });
    await page.reload();
    assert.equal(await page.inputValue('#c-pytorch-0'), '1.13');
    assert.equal(await page.inputValue('#c-lineSearchFn-1'), 'strong_wolfe');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("glyph toggles go into the URL, make the worker post each racer's glyphs and change the map", async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('race.html?steps=60'));
    await page.waitForSelector('#race-readouts li');
    const mapPixels = () => page.evaluate(() => (document.querySelector('#race-map') as HTMLCanvasElement).toDataURL());
    const glyphs = () =>
      page.evaluate(() =>
        (
          window as unknown as { raceTiming: { paths: { value: { glyphs: Record<string, Float32Array> }[] } } }
        ).raceTiming.paths.value.map((p) => ({
          names: Object.keys(p.glyphs).sort(),
          length: p.glyphs.gradient?.length,
          start: p.glyphs.gradient ? [p.glyphs.gradient[0], p.glyphs.gradient[1]] : [],
        })),
      );
    assert.deepEqual(
      (await glyphs()).map((g) => g.names),
      [[], [], []],
    );
    const before = await mapPixels();
    await page.check('#c-showGradient');
    await page.check('#c-showMomentum');
    await page.waitForFunction(() => location.search.includes('showGradient=true&showMomentum=true'));
    await page.waitForFunction(() =>
      (window as unknown as { raceTiming: { paths: { value: { glyphs: object }[] } } }).raceTiming.paths.value.every(
        (p) => 'gradient' in p.glyphs,
      ),
    );
    // sgd without momentum keeps no buffer; sgd with momentum and adam do. ∇ of Rosenbrock at the start
    // (−1.5, 2): (−2(1 − x) − 400x(y − x²), 200(y − x²)) = (−5 − 150, −50) = (−155, −50); 61 points × 2.
    assert.deepEqual(await glyphs(), [
      { names: ['gradient'], length: 122, start: [-155, -50] },
      { names: ['gradient', 'momentum'], length: 122, start: [-155, -50] },
      { names: ['gradient', 'momentum'], length: 122, start: [-155, -50] },
    ]);
    await page.waitForFunction(
      (old) => (document.querySelector('#race-map') as HTMLCanvasElement).toDataURL() !== old,
      before,
    );
    await page.reload();
    assert.equal(await page.isChecked('#c-showGradient'), true);
    assert.equal(await page.isChecked('#c-showMomentum'), true);
    assert.equal(await page.isChecked('#c-showScale'), false);
    // A lesson can hide a glyph's toggle and the momentum map.
    await page.goto(lab.url('race.html?hide=showScale,momentum-map'));
    await page.waitForSelector('#c-showGradient');
    assert.equal(await page.locator('#c-showScale, #momentum-map').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a click on the momentum map adds an SGD racer with the clicked α and β; dragging its dot sets them', async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('race.html?steps=100'));
    await page.waitForSelector('#momentum-map');
    const map = page.locator('#momentum-map');
    const plot = JSON.parse((await map.getAttribute('data-plot'))!) as Record<string, number>;
    const alphaMax = Number(await map.getAttribute('data-alpha-max'));
    /** Where (α, β) = (fa·αmax, fb) is on the screen now (a new racer's readout moves the map down). */
    const at = async (fa: number, fb: number) => {
      await map.scrollIntoViewIfNeeded();
      const box = (await map.boundingBox())!;
      const scale = box.width / plot.canvasWidth;
      return {
        x: box.x + (plot.x + fa * plot.width) * scale,
        y: box.y + (plot.y + (1 - fb) * plot.height) * scale,
        alpha: fa * alphaMax,
        beta: fb,
      };
    };
    const lastRacer = async () => {
      const r = new URLSearchParams(new URL(page.url()).search).get('r') ?? '';
      const last = r.split(';').at(-1)!;
      const [, lr, momentum] = /^sgd:lr=([^,]+),momentum=(.+)$/.exec(last) ?? [];
      return { count: r.split(';').length, lr: Number(lr), momentum: Number(momentum) };
    };
    const near = (got: { lr: number; momentum: number }, want: { alpha: number; beta: number }) =>
      Math.abs(got.lr - want.alpha) <= 0.01 * want.alpha && Math.abs(got.momentum - want.beta) <= 0.005;
    const click = await at(0.5, 0.8);
    await page.mouse.click(click.x, click.y);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('r')?.split(';').length === 4);
    const added = await lastRacer();
    assert.ok(added.count === 4 && near(added, click), `${JSON.stringify(added)} for ${JSON.stringify(click)}`);
    await page.waitForSelector('#race-readouts li:nth-child(4)');

    const [from, target] = [await at(0.5, 0.8), await at(0.3, 0.5)];
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(target.x, target.y, { steps: 4 });
    await page.mouse.up();
    // The URL follows the drag (written at most every 150 ms): wait for the spot where it ended.
    await page.waitForFunction(
      (beta) => new URLSearchParams(location.search).get('r')?.split(';')[3]?.endsWith(`momentum=${beta}`),
      target.beta,
    );
    const moved = await lastRacer();
    assert.ok(moved.count === 4 && near(moved, target), `${JSON.stringify(moved)} for ${JSON.stringify(target)}`);
    await page.reload();
    await page.waitForSelector('#race-readouts li:nth-child(4)');
    assert.equal(await page.inputValue('#c-momentum-3'), String(moved.momentum));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a malformed URL falls back to defaults with a notice; a bad formula is an inline message and the map stays', async () => {
    const { page } = await watchedPage(lab);
    await page.goto(lab.url('race.html?x=abc&steps=0&colour=red'));
    const notice = (await page.textContent('#url-notice')) ?? '';
    assert.match(notice, /x must be a finite number \(got "abc"\)/);
    assert.match(notice, /steps must be an integer in \[1, 20000\] \(got 0\)/);
    assert.match(notice, /unknown setting 'colour'/);
    assert.equal(await page.inputValue('#c-x'), '-1.5');
    await page.fill('#c-fn', 'x^2 + (y');
    await page.press('#c-fn', 'Enter');
    assert.match((await page.textContent('#e-fn')) ?? '', /x\^2 \+ \(y/);
    assert.equal(await page.inputValue('#c-surface'), 'rosenbrock');
    // The race runs in a worker: its three readouts arrive after the page settles.
    await page.waitForFunction(() => document.querySelectorAll('#race-readouts li').length === 3);
    await page.close();
  });

  it('exports a PNG of the race figure size, an SVG with one trace per racer and a GIF of every frame', async () => {
    const { page } = await watchedPage(lab);
    await page.goto(lab.url('race.html?steps=40'));
    await page.waitForSelector('#race-readouts li');
    // src/plot/race.ts draws the race at RACE_WIDTH × RACE_HEIGHT = 960 × 640.
    assert.deepEqual(pngSize(await downloaded(page, '#c-export-png')), { width: 960, height: 640 });
    const svg = new TextDecoder().decode(await downloaded(page, '#c-export-svg'));
    assert.equal(svg.match(/class="trace"/g)?.length, 3);
    // 40 steps: stride ⌈40/149⌉ = 1, so frames at steps 0…39 and one at 40 (frameSchedule): 41 frames.
    assert.equal(gifFrameCount(await downloaded(page, '#c-export-gif')), 41);
    await page.close();
  });
});

describe('playground page', () => {
  it('play lowers the test loss; weights load into downhill; the train config parses', async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('playground.html?dataset=xor'));
    await page.waitForSelector('#epoch');
    await page.click('#c-step');
    await page.waitForSelector('#test-loss');
    const first = Number(await page.getAttribute('#test-loss', 'data-value'));
    await page.click('#c-play');
    await page.waitForTimeout(1500);
    await page.click('#c-play');
    await page.waitForTimeout(100);
    const later = Number(await page.getAttribute('#test-loss', 'data-value'));
    assert.ok(later < first * 0.5, `test loss ${first} → ${later}`);
    const epoch = Number(((await page.textContent('#epoch')) ?? '').replace(/\D/g, ''));
    assert.ok(epoch > 10, `only ${epoch} epochs`);

    const file = decodeSafetensors(await downloaded(page, '#c-export-weights'));
    const model = mlp({ inputs: 2, hidden: [8, 8], outputs: 1 });
    loadWeights(model, file);
    assert.equal(file.metadata.epoch, String(epoch));

    const config = parseRunConfig(JSON.parse(new TextDecoder().decode(await downloaded(page, '#c-export-config'))));
    assert.equal(config.dataset, 'xor:n=500,noise=0');
    assert.equal(config.features, 'x1,x2');
    assert.equal(config.model, 'mlp:8,8');
    assert.equal(config.epochs, epoch);
    assert.equal(config.batchSize, 10);
    assert.equal(config.validation, 0.5);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the exported train config reproduces the run from the CLI', async () => {
    const { page } = await watchedPage(lab);
    // The config names the data set with its size and noise (circle:n=200,noise=0), so the CLI makes the same points.
    await page.goto(lab.url('playground.html?points=200'));
    await page.waitForSelector('#epoch');
    const testLoss = await stepEpochs(page, 3);
    const config = JSON.parse(new TextDecoder().decode(await downloaded(page, '#c-export-config')));
    await page.close();
    assertReproduced(await trainExported(config), testLoss);
  });

  it('play stops at the stop epoch', async () => {
    const { page } = await watchedPage(lab);
    await page.goto(lab.url('playground.html?stopEpoch=7'));
    await page.waitForSelector('#epoch');
    await page.click('#c-play');
    await page.waitForFunction(
      () =>
        document.querySelector('#c-play')?.textContent === 'Play' &&
        document.querySelector('#epoch')?.textContent === 'Epoch 7',
    );
    await page.waitForTimeout(300);
    assert.equal(await page.textContent('#epoch'), 'Epoch 7');
    await page.close();
  });

  it('a diverging run says at which step, and the rewind starts again from epoch 0', async () => {
    const { page } = await watchedPage(lab);
    await page.goto(lab.url('playground.html?optimizer=sgd:lr=1000000,momentum=0.9&activation=relu'));
    await page.waitForSelector('#epoch');
    await page.click('#c-play');
    // PlaygroundRun in Node with these settings diverges at step 4 (seed 1); the page runs the same code.
    assert.equal(await page.textContent('#diverged', { timeout: 5000 }), 'diverged at step 4');
    await page.click('#c-rewind');
    await page.waitForFunction(
      () => document.querySelector('#epoch')?.textContent === 'Epoch 0' && !document.querySelector('#diverged'),
    );
    await page.close();
  });
});

describe('playground: your points, input features, classes', () => {
  /** Where a click at (fx, fy) of the blank map lands: the map spans [−6, 6] in both directions. */
  const at = (fx: number, fy: number) => [fx * 12 - 6, 6 - fy * 12];
  const clicks: [number, number, boolean][] = [
    [0.2, 0.2, false],
    [0.3, 0.25, false],
    [0.25, 0.35, false],
    [0.7, 0.7, true],
    [0.8, 0.75, true],
    [0.75, 0.6, true],
  ];

  it('clicks add points of the chosen class (shift: the next) to the URL; they train, and the exported config and CSV reproduce the run', async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('playground.html?dataset=custom'));
    const box = (await page.locator('#boundary').boundingBox())!;
    for (const [fx, fy, shift] of clicks) {
      if (shift) await page.keyboard.down('Shift');
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
      if (shift) await page.keyboard.up('Shift');
    }
    await page.waitForFunction(() => new URL(location.href).searchParams.get('custom')?.split(';').length === 6);
    const triples = new URL(page.url()).searchParams
      .get('custom')!
      .split(';')
      .map((t) => t.split(',').map(Number));
    triples.forEach(([x, y, label], k) => {
      const [fx, fy, shift] = clicks[k];
      const [ex, ey] = at(fx, fy);
      assert.ok(
        Math.abs(x - ex) < 0.05 && Math.abs(y - ey) < 0.05,
        `point ${k}: (${x}, ${y}), expected (${ex}, ${ey})`,
      );
      assert.equal(label, shift ? 1 : 0);
    });
    const testLoss = await stepEpochs(page, 3);
    const config = JSON.parse(new TextDecoder().decode(await downloaded(page, '#c-export-config')));
    assert.equal(config.dataset, 'csv:playground-points.csv');
    const csv = await downloaded(page, '#c-export-points');
    assert.deepEqual(problems, []);
    await page.close();
    assertReproduced(await trainExported(config, { 'playground-points.csv': csv }), testLoss);
  });

  it('a CSV with a bad row names it and keeps the points; a good one replaces them', async () => {
    const { page } = await watchedPage(lab);
    await page.goto(lab.url('playground.html?dataset=custom&custom=-3,3,0;3,-3,1'));
    await page.waitForSelector('#epoch');
    const rows = ['x,y,label', '1,1,0', '2,2,0', '-1,1,1', '-2,2,1', '0,3,2', '0,4,2'];
    const file = (name: string, lines: string[]) => ({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(`${lines.join('\n')}\n`),
    });
    await page.setInputFiles('#c-points-file', file('bad.csv', [...rows, '5,5,x']));
    assert.equal(
      await page.textContent('#points-error'),
      "bad.csv: row 7 (line 8): label must be an integer 0..5 (got 'x')",
    );
    assert.match(page.url(), /custom=-3%2C3%2C0%3B3%2C-3%2C1(&|$)/);
    await page.setInputFiles('#c-points-file', file('good.csv', rows));
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get('custom') === '1,1,0;2,2,0;-1,1,1;-2,2,1;0,3,2;0,4,2',
    );
    assert.equal(await page.locator('#points-error').count(), 0);
    await page.close();
  });

  it('feature toggles change the URL, the network and the exported config, which reproduces the run', async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('playground.html?points=200'));
    await page.click('#c-feature-x1Squared');
    await page.click('#c-feature-x2Squared');
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get('features') === 'x1,x2,x1Squared,x2Squared',
    );
    const testLoss = await stepEpochs(page, 2);
    const config = JSON.parse(new TextDecoder().decode(await downloaded(page, '#c-export-config')));
    assert.equal(config.features, 'x1,x2,x1Squared,x2Squared');
    const weights = decodeSafetensors(await downloaded(page, '#c-export-weights'));
    assert.deepEqual(weights.tensors.get('0.weight')?.shape, [8, 4]);
    assert.deepEqual(problems, []);
    await page.close();
    assertReproduced(await trainExported(config), testLoss);
  });

  it('three gaussian classes train under the squared loss and the map shows three colours', async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('playground.html?dataset=gaussians&classes=3&loss=mse&points=300'));
    const testLoss = await stepEpochs(page, 2);
    const config = JSON.parse(new TextDecoder().decode(await downloaded(page, '#c-export-config')));
    assert.equal(config.dataset, 'gaussians:n=300,noise=0,classes=3');
    await page.click('#c-play');
    await page.waitForTimeout(1000);
    await page.click('#c-play');
    await page.waitForTimeout(100);
    // Each pixel's nearest class colour (lab/src/playground/colors.ts), among pixels within 60 of one.
    const counts = await page.evaluate(() => {
      const rgb = [
        [245, 147, 34],
        [8, 119, 189],
        [44, 160, 44],
        [148, 103, 189],
        [227, 119, 194],
        [140, 86, 75],
      ];
      const canvas = document.querySelector<HTMLCanvasElement>('#boundary')!;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const counts = rgb.map(() => 0);
      for (let p = 0; p < data.length; p += 4) {
        const d = rgb.map((c) => Math.hypot(c[0] - data[p], c[1] - data[p + 1], c[2] - data[p + 2]));
        const best = d.indexOf(Math.min(...d));
        if (d[best] < 60) counts[best]++;
      }
      return counts.map((n) => n / (canvas.width * canvas.height));
    });
    await page.screenshot({ path: `${SHOTS}/playground-3-classes.png`, fullPage: true });
    // The SVG export draws the same map: cells in each of the three class colours, none in the others.
    const svg = new TextDecoder().decode(await downloaded(page, '#c-export-svg'));
    const cells = (color: string) => svg.split(`fill="${color}"`).length - 1;
    assert.ok(
      ['#f59322', '#0877bd', '#2ca02c'].every((color) => cells(color) > 50),
      'three colours in the SVG',
    );
    assert.equal(cells('#9467bd') + cells('#e377c2') + cells('#8c564b'), 0);
    assert.ok(
      counts.slice(0, 3).every((share) => share > 0.05),
      `class shares ${counts}`,
    );
    assert.ok(
      counts.slice(3).every((share) => share < 0.005),
      `class shares ${counts}`,
    );
    assert.deepEqual(problems, []);
    await page.close();
    assertReproduced(await trainExported(config), testLoss);
  });
});

describe('curves page', () => {
  it('draws the example run with its early-stopping epoch, and names the malformed line of a bad file', async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('curves.html'));
    await page.click('#c-example');
    // lab/public/example-metrics.jsonl: its lowest validation loss is at epoch 86 (of 150).
    assert.match((await page.textContent('#metrics-summary')) ?? '', /150 epochs · early-stopping point: epoch 86/);
    await page.waitForFunction(() => location.search.includes('source=example'));
    await page.setInputFiles('#c-file', {
      name: 'broken.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from('{"epoch": 1, "trainLoss": 0.5}\n{"epoch": 2, "trainLoss": \n'),
    });
    assert.match((await page.textContent('#metrics-error')) ?? '', /^broken\.jsonl: line 2 is not valid JSON/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a sweep directory from downhill tune shows one curve per trial, the pruned ones marked and the best named', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-sweep-'));
    // 5 trials of 3 epochs; ASHA with η = 3 keeps the best third at each rung, so most trials are pruned.
    const sweep = {
      base: { dataset: 'spiral', model: 'mlp:4', limit: 60, validation: 0.3, batchSize: 16, epochs: 3, seed: 1 },
      space: { lr: { range: [0.001, 0.3] } },
      sampler: 'sobol',
      scheduler: 'asha:minEpochs=1,eta=3',
      metric: 'validationLoss',
      trials: 5,
      seed: 3,
    };
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify(sweep));
    const out = join(dir, 'sweep');
    await run(process.execPath, ['--import', 'tsx', MAIN, 'tune', '--config', join(dir, 'sweep.json'), '--out', out]);
    const journal = readFileSync(join(out, 'journal.jsonl'), 'utf8');
    const pruned = journal.match(/"event":"pruned"/g)?.length ?? 0;
    const [best] = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { trial: number; value: number }[];
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('curves.html'));
    await page.setInputFiles('#c-sweep', out);
    const summary = (await page.textContent('#sweep-summary')) ?? '';
    assert.match(
      summary,
      new RegExp(`5 trials · ${5 - pruned} completed · ${pruned} pruned · best: trial ${best.trial} `),
    );
    // uPlot's legend: the x series and one per trial (the chart draws after the summary: wait for the sixth).
    await page.locator('#sweep-chart .u-series').nth(5).waitFor();
    assert.equal(await page.locator('#sweep-chart .u-series').count(), 6);
    assert.equal(await page.locator('#sweep-chart .u-series', { hasText: '(pruned)' }).count(), pruned);
    assert.equal(await page.locator('#sweep-chart .u-series', { hasText: `trial ${best.trial} (best)` }).count(), 1);
    await page.screenshot({ path: `${SHOTS}/curves-sweep.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
    rmSync(dir, { recursive: true });
  });
});

describe('offline', () => {
  it('a page once loaded reloads and trains with the network off, and the curves example opens', async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('playground.html?dataset=xor'));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.context().setOffline(true);
    await page.reload();
    await stepEpochs(page, 1);
    await page.goto(lab.url('curves.html'));
    await page.click('#c-example');
    assert.match((await page.textContent('#metrics-summary')) ?? '', /150 epochs/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe('non-convex page', () => {
  it('the batch-size slider reruns SGD and goes into the URL; Newton from a start classifies where it stops', async () => {
    const { page, problems } = await watchedPage(lab);
    await page.goto(lab.url('nonconvex.html'));
    const sgd = () => page.getAttribute('#gabor-ends li:nth-child(2)', 'data-loss');
    const before = await sgd();
    await page.fill('#c-batch', '28');
    await page.press('#c-batch', 'Enter');
    await page.waitForFunction(() => location.search.includes('batch=28'));
    assert.notEqual(await sgd(), before);
    // Himmelblau's local maximum is at (−0.2708, −0.9230) (Himmelblau 1972); undamped Newton from
    // (−0.5, 0.6) is drawn to it (its Hessian there has eigenvalues −45.6 and −16.1).
    assert.match((await page.textContent('#newton-result')) ?? '', /^maximum \(−0\.2708, −0\.923\)/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
