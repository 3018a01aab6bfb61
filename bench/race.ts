/**
 * How long a race GIF takes: the figures issue's race on Rosenbrock (300 steps) with four optimizers, from
 * the config to the GIF bytes, against two ways of making the same animation that do not share our
 * renderer's shortcuts:
 *   - redraw: every frame drawn whole (contours, axes, legend and paths) on the canvas, read back whole,
 *     mapped with gifenc's applyPalette and written as a full frame;
 *   - svg: every frame written as SVG and rasterised by Skia's SVG renderer (@napi-rs/canvas loadImage),
 *     then read back, mapped and written whole — the route of tools that draw SVG and convert it.
 * Ours draws the static layer once, reads back only the plot region, and writes only changed pixels.
 *
 *   npx tsx bench/race.ts
 *
 * Each time is the median of 3 runs in this process; the target is under 5 s for ours.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import * as gifencModule from 'gifenc';
import type { GifencApi } from 'gifenc';
import { frameScene, type Animation } from '../src/plot/animation.js';
import { renderCanvas } from '../src/plot/canvas.js';
import { encodeGif } from '../src/plot/gif.js';
import { raceAnimation } from '../src/plot/race.js';
import { parseRaceConfig, runRace } from '../src/plot/raceConfig.js';
import { renderSvg } from '../src/plot/svg.js';

const gifenc = (
  typeof (gifencModule as unknown as GifencApi).quantize === 'function' ? gifencModule : gifencModule.default
) as GifencApi & {
  applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: number[][]): Uint8Array;
};

const RACE = {
  fn: 'rosenbrock',
  start: [-1.5, 2],
  steps: 300,
  optimizers: ['sgd:lr=1e-3', 'momentum=sgd:lr=1e-3,momentum=0.9', 'adam:lr=0.05', 'rmsprop:lr=0.01'],
};

function ours(): { bytes: number; frames: number } {
  const animation = raceAnimation(runRace(parseRaceConfig(RACE)));
  const gif = encodeGif(animation, createCanvas(animation.width, animation.height).getContext('2d'));
  return { bytes: gif.length, frames: animation.frames.length };
}

/** Full frames from any per-frame rasteriser, one palette from the first and last frames, as ours. */
async function fullFrameGif(
  animation: Animation,
  raster: (index: number) => Promise<Uint8ClampedArray>,
): Promise<number> {
  const last = animation.frames.length - 1;
  const first = await raster(0);
  const end = await raster(last);
  const both = new Uint8ClampedArray(first.length * 2);
  both.set(first);
  both.set(end, first.length);
  const palette = gifenc.quantize(both, 256);
  const gif = gifenc.GIFEncoder();
  for (let k = 0; k <= last; k++) {
    const pixels = k === 0 ? first : k === last ? end : await raster(k);
    gif.writeFrame(gifenc.applyPalette(pixels, palette), animation.width, animation.height, {
      palette: k === 0 ? palette : undefined,
      delay: animation.frames[k].delayMs,
    });
  }
  gif.finish();
  return gif.bytes().length;
}

async function redraw(): Promise<{ bytes: number; frames: number }> {
  const animation = raceAnimation(runRace(parseRaceConfig(RACE)));
  const ctx = createCanvas(animation.width, animation.height).getContext('2d');
  const bytes = await fullFrameGif(animation, async (k) => {
    renderCanvas(frameScene(animation, k), ctx);
    return ctx.getImageData(0, 0, animation.width, animation.height).data;
  });
  return { bytes, frames: animation.frames.length };
}

async function viaSvg(): Promise<{ bytes: number; frames: number }> {
  const animation = raceAnimation(runRace(parseRaceConfig(RACE)));
  const ctx = createCanvas(animation.width, animation.height).getContext('2d');
  const bytes = await fullFrameGif(animation, async (k) => {
    const image = await loadImage(Buffer.from(renderSvg(frameScene(animation, k))));
    ctx.drawImage(image, 0, 0);
    return ctx.getImageData(0, 0, animation.width, animation.height).data;
  });
  return { bytes, frames: animation.frames.length };
}

async function median(
  run: () => Promise<{ bytes: number; frames: number }> | { bytes: number; frames: number },
): Promise<{ seconds: number; bytes: number; frames: number }> {
  const times: number[] = [];
  let result = { bytes: 0, frames: 0 };
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    result = await run();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[1], ...result };
}

const rows: [string, { seconds: number; bytes: number; frames: number }][] = [
  ['ours (static layer once, changed pixels only)', await median(ours)],
  ['redraw every frame whole', await median(redraw)],
  ['SVG per frame, rasterised by Skia', await median(viaSvg)],
];
const base = rows[0][1].seconds;
console.log(
  `race GIF: Rosenbrock, ${RACE.steps} steps, ${RACE.optimizers.length} optimizers, 960×640, ${rows[0][1].frames} frames; median of 3`,
);
for (const [name, { seconds, bytes }] of rows) {
  console.log(
    `${name.padEnd(48)} ${seconds.toFixed(2).padStart(6)} s  ${(seconds / base).toFixed(1).padStart(5)}×  ${(bytes / 1024).toFixed(0).padStart(6)} KiB`,
  );
}
console.log(`target: under 5 s for ours — ${base < 5 ? 'met' : 'MISSED'}`);
