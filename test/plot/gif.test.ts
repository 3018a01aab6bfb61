/**
 * The GIF encoder: frame count, size and delays as scheduled; every frame, composited as a viewer shows it
 * (sub-rectangles, transparency, "leave in place"), equal pixel for pixel to the full frame mapped to the
 * GIF's palette; the same bytes every time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCanvas } from '@napi-rs/canvas';
import { changingRegion } from '../../src/plot/animation.js';
import { encodeGif, paletteMapper } from '../../src/plot/gif.js';
import { raceAnimation } from '../../src/plot/race.js';
import { parseRaceConfig, runRace } from '../../src/plot/raceConfig.js';
import { FrameRasterizer } from '../../src/plot/raster.js';
import { composite, readGif } from './gifReader.js';

const animation = raceAnimation(
  runRace(
    parseRaceConfig({
      fn: 'quadratic',
      start: [-1.5, 1.5],
      steps: 12,
      optimizers: ['sgd:lr=0.04', 'fast=adam:lr=0.2', 'sgd:lr=0.2'],
    }),
  ),
);
const context = () => createCanvas(animation.width, animation.height).getContext('2d');
const bytes = encodeGif(animation, context());
const gif = readGif(bytes);

test('the GIF has one image per scheduled frame, the canvas size, and the scheduled delays', () => {
  assert.equal(gif.width, animation.width);
  assert.equal(gif.height, animation.height);
  assert.equal(gif.frames.length, animation.frames.length);
  assert.equal(gif.frames.length, 13);
  assert.deepEqual(
    gif.frames.map((f) => f.delayMs),
    animation.frames.map((f) => Math.round(f.delayMs / 10) * 10),
  );
  assert.deepEqual([gif.frames[0].width, gif.frames[0].height], [animation.width, animation.height]);
  // Later frames cover only what changed: within the plot and the counter.
  const region = changingRegion(animation);
  for (const f of gif.frames.slice(1)) {
    assert.ok(
      f.left >= region.x &&
        f.top >= region.y &&
        f.left + f.width <= region.x + region.width &&
        f.top + f.height <= region.y + region.height,
    );
  }
  assert.ok(gif.frames.slice(1).every((f) => f.disposal === 1 && f.transparentIndex !== undefined));
});

test('every frame as a viewer composites it equals the full frame mapped to the palette', () => {
  const shown = composite(gif);
  const palette = Array.from({ length: gif.palette.length / 3 }, (_, i) => [...gif.palette.subarray(3 * i, 3 * i + 3)]);
  const toIndex = paletteMapper(palette.slice(0, gif.frames[1].transparentIndex));
  const rasterizer = new FrameRasterizer(animation, context());
  for (const k of [0, 1, 5, 9, animation.frames.length - 1]) {
    const index = toIndex(rasterizer.fullFrame(k));
    let differing = 0;
    for (let p = 0; p < index.length; p++) {
      const c = palette[index[p]];
      if (shown[k][3 * p] !== c[0] || shown[k][3 * p + 1] !== c[1] || shown[k][3 * p + 2] !== c[2]) differing++;
    }
    assert.equal(differing, 0, `frame ${k}: ${differing} pixels differ`);
  }
});

test('the same animation encodes to the same bytes', () => {
  const again = encodeGif(
    raceAnimation(
      runRace(
        parseRaceConfig({
          fn: 'quadratic',
          start: [-1.5, 1.5],
          steps: 12,
          optimizers: ['sgd:lr=0.04', 'fast=adam:lr=0.2', 'sgd:lr=0.2'],
        }),
      ),
    ),
    context(),
  );
  assert.deepEqual(again, bytes);
});
