/**
 * `npm run bench:lab`: the lab in Debian's headless Chromium, measured as issue 14 asks, beside
 * TensorFlow Playground's figures on this 2-core machine (issue 14: 2-8-8-1 at about 49 epochs/s, six hidden
 * layers of 8 at about 26, one epoch per animation frame on its main thread).
 *
 *   playground  epochs per second, boundary redraws per second, main-thread frames per second and long
 *               tasks (> 50 ms) while training for SECONDS: 2-8-8-1 on 500 points (250 train, batch 10),
 *               and the largest network the page offers (6 hidden layers of 8)
 *   race        after each move of a drag of the start: 8 optimizers × 1,000 steps recomputed in the worker
 *               (ms), and from the request to the new paths drawn on the map (ms); again with every glyph
 *               on the map (the worker then also records each racer's gradient, momentum and step scale)
 */
import type { Page } from 'playwright-core';
import { openLab, watchedPage, type Lab } from '../test/lab/browser.js';

const SECONDS = Number(process.env.LAB_BENCH_SECONDS ?? 5);
const TF_PLAYGROUND = { small: 49, large: 26 };

/** Counts animation frames and long tasks from page load on (an init script, before the page's own). */
const PROBES = `
  window.labProbe = { frames: 0, longTasks: [] };
  const count = () => { window.labProbe.frames++; requestAnimationFrame(count); };
  requestAnimationFrame(count);
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.labProbe.longTasks.push(e.duration); }).observe({ entryTypes: ['longtask'] });
`;

interface Probe {
  frames: number;
  longTasks: number[];
  redraws: number;
  epoch: number;
  now: number;
}

async function probe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const w = window as unknown as {
      labProbe: { frames: number; longTasks: number[] };
      playgroundStats: { redraws: number };
    };
    const epoch = Number((document.querySelector('#epoch')?.textContent ?? '').replace(/\D/g, ''));
    return {
      frames: w.labProbe.frames,
      longTasks: [...w.labProbe.longTasks],
      redraws: w.playgroundStats.redraws,
      epoch,
      now: performance.now(),
    };
  });
}

async function playground(lab: Lab, query: string) {
  const { page } = await watchedPage(lab);
  await page.addInitScript(PROBES);
  await page.goto(lab.url(`playground.html${query}`));
  await page.waitForSelector('#epoch');
  await page.click('#c-play');
  await page.waitForTimeout(1000); // warm-up: the JIT and the slice size settle
  const a = await probe(page);
  await page.waitForTimeout(SECONDS * 1000);
  const b = await probe(page);
  await page.close();
  const seconds = (b.now - a.now) / 1000;
  const longTasks = b.longTasks.slice(a.longTasks.length);
  return {
    epochsPerSecond: (b.epoch - a.epoch) / seconds,
    redrawsPerSecond: (b.redraws - a.redraws) / seconds,
    framesPerSecond: (b.frames - a.frames) / seconds,
    longTasks: longTasks.length,
    longestTaskMs: Math.max(0, ...longTasks),
  };
}

interface Timing {
  computeMs: number;
  roundTripMs: number;
  drawnMs: number;
}

async function race(lab: Lab, extra = '') {
  const { page } = await watchedPage(lab);
  const racers = [
    'sgd:lr=0.001',
    'sgd:lr=0.001,momentum=0.9',
    'adam:lr=0.05',
    'rmsprop:lr=0.01',
    'adagrad:lr=0.5',
    'nadam:lr=0.05',
    'nesterov:lr=0.001',
    'adamw:lr=0.05',
  ];
  await page.goto(lab.url(`race.html?steps=1000&r=${encodeURIComponent(racers.join(';'))}${extra}`));
  await page.waitForSelector('#race-readouts li:nth-child(8)');
  const box = (await page.locator('#race-map').boundingBox())!;
  const timings: Timing[] = [];
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
  await page.mouse.down();
  for (let k = 0; k < 30; k++) {
    await page.mouse.move(box.x + box.width * (0.3 + 0.01 * k), box.y + box.height * (0.2 + 0.005 * k));
    await page.waitForTimeout(60);
    timings.push(
      await page.evaluate(() => ({
        ...(window as unknown as { raceTiming: { timing: { value: Timing } } }).raceTiming.timing.value,
      })),
    );
  }
  await page.mouse.up();
  await page.close();
  const sorted = (key: keyof Timing) =>
    timings
      .map((t) => t[key])
      .filter(Number.isFinite)
      .sort((x, y) => x - y);
  const summary = (key: keyof Timing) => ({
    median: sorted(key)[Math.floor(sorted(key).length / 2)],
    max: Math.max(...sorted(key)),
  });
  return { compute: summary('computeMs'), drawn: summary('drawnMs') };
}

const lab = await openLab();
try {
  const small = await playground(lab, '');
  const large = await playground(lab, '?hidden=8,8,8,8,8,8');
  const drag = await race(lab);
  const glyphDrag = await race(lab, '&showGradient=true&showMomentum=true&showScale=true');
  const f = (v: number) => v.toFixed(1);
  console.log(`downhill lab in headless Chromium (${SECONDS} s of training each)\n`);
  console.log(
    '| playground network | epochs/s | TF Playground epochs/s | boundary redraws/s | main-thread fps | long tasks > 50 ms (longest) |',
  );
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| 2-8-8-1, 500 points, batch 10 | ${f(small.epochsPerSecond)} | ~${TF_PLAYGROUND.small} | ${f(small.redrawsPerSecond)} | ${f(small.framesPerSecond)} | ${small.longTasks} (${f(small.longestTaskMs)} ms) |`,
  );
  console.log(
    `| 2-8-8-8-8-8-8-1 (largest offered) | ${f(large.epochsPerSecond)} | ~${TF_PLAYGROUND.large} | ${f(large.redrawsPerSecond)} | ${f(large.framesPerSecond)} | ${large.longTasks} (${f(large.longestTaskMs)} ms) |`,
  );
  console.log(
    `\nrace drag, 8 optimizers × 1,000 steps on Rosenbrock: worker recompute median ${f(drag.compute.median)} ms (max ${f(drag.compute.max)}); ` +
      `from the request to the paths drawn on the map median ${f(drag.drawn.median)} ms (max ${f(drag.drawn.max)})`,
  );
  console.log(
    `the same with every glyph shown (−∇L, momentum, step scale): worker median ${f(glyphDrag.compute.median)} ms (max ${f(glyphDrag.compute.max)}); ` +
      `drawn median ${f(glyphDrag.drawn.median)} ms (max ${f(glyphDrag.drawn.max)})`,
  );
} finally {
  await lab.close();
}
