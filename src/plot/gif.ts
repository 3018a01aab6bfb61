/**
 * An animation as an animated GIF (gifenc: LZW encoding and PnnQuant colour quantization). One palette for
 * the whole animation, quantized once from the first and last frames together (the last has every path, the
 * first the most surface), then each frame mapped to it: the colours do not flicker from frame to frame, the
 * file carries one global colour table, and only palette mapping and LZW run per frame.
 *
 * Mapping a colour to the palette is a pure function of its RGB565 bucket (the nearest palette entry to the
 * bucket's centre, cached for the whole animation), so a pixel that keeps its colour keeps its index in every
 * frame — gifenc's applyPalette caches per call by the first pixel seen in a bucket, which is not.
 *
 * Frames after the first are written as differences (GIF89a's own mechanism): only the smallest rectangle
 * holding the pixels that changed since the frame before, with disposal 1 ("leave in place") so the earlier
 * frames stay under it, and the pixels inside it that did not change set to the transparent index. A path
 * growing by a few steps changes a few hundred pixels, so a frame costs little to encode or to store.
 * Deterministic: the same animation gives the same bytes.
 */
import * as gifencModule from 'gifenc';
import type { GifEncoderStream, GifencApi } from 'gifenc';
import type { Animation } from './animation.js';
import { FrameRasterizer, type RasterContext } from './raster.js';
import type { Rect } from './scene.js';

/** gifenc is CommonJS in Node (its exports under `default`) and ESM in bundlers (named exports): take either. */
const gifenc: GifencApi =
  typeof (gifencModule as unknown as GifencApi).quantize === 'function'
    ? (gifencModule as unknown as GifencApi)
    : (gifencModule.default as GifencApi);

export function encodeGif<I>(animation: Animation, ctx: RasterContext<I>): Uint8Array {
  const { width, height, frames } = animation;
  const rasterizer = new FrameRasterizer(animation, ctx);
  const first = rasterizer.fullFrame(0);
  const colors = sharedPalette(first, rasterizer.fullFrame(frames.length - 1));
  // One more entry, which the mapper never picks (it maps to `colors` only): the transparent index.
  const transparentIndex = colors.length;
  const toIndex = paletteMapper(colors);
  const gif = gifenc.GIFEncoder({ initialCapacity: 1 << 20 });
  gif.writeFrame(toIndex(first), width, height, {
    palette: [...colors, [0, 0, 0]],
    delay: frames[0].delayMs,
    repeat: 0,
    dispose: 1,
  });
  const region = rasterizer.region;
  let shown = new Uint32Array(rasterizer.regionFrame(0).slice().buffer);
  for (let k = 1; k < frames.length; k++) {
    const current = new Uint32Array(rasterizer.regionFrame(k).slice().buffer);
    const changed = changedBox(current, shown, region.width) ?? { x: 0, y: 0, width: 1, height: 1 };
    const index = changedIndices(current, shown, region.width, changed, toIndex, transparentIndex);
    writeSubFrame(
      gif,
      index,
      { ...changed, x: region.x + changed.x, y: region.y + changed.y },
      frames[k].delayMs,
      transparentIndex,
    );
    shown = current;
  }
  gif.finish();
  return gif.bytes();
}

function sharedPalette(first: Uint8ClampedArray, last: Uint8ClampedArray): number[][] {
  const both = new Uint8ClampedArray(first.length + last.length);
  both.set(first);
  both.set(last, first.length);
  return gifenc.quantize(both, 255);
}

export type PaletteMapper = (rgba: Uint8Array | Uint8ClampedArray) => Uint8Array;

/** RGBA pixels → indices of the nearest palette colours, by RGB565 bucket (see the top of this file). */
export function paletteMapper(colors: readonly (readonly number[])[]): PaletteMapper {
  const cache = new Int16Array(1 << 16).fill(-1);
  const nearest = (key: number): number => {
    const r = ((key >> 11) << 3) | 4;
    const g = (((key >> 5) & 0x3f) << 2) | 2;
    const b = ((key & 0x1f) << 3) | 4;
    let best = 0;
    let bestDistance = Infinity;
    colors.forEach(([pr, pg, pb], i) => {
      const distance = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    });
    return best;
  };
  return (rgba) => {
    const index = new Uint8Array(rgba.length / 4);
    for (let p = 0; p < index.length; p++) {
      const key = ((rgba[4 * p] >> 3) << 11) | ((rgba[4 * p + 1] >> 2) << 5) | (rgba[4 * p + 2] >> 3);
      let found = cache[key];
      if (found < 0) found = cache[key] = nearest(key);
      index[p] = found;
    }
    return index;
  };
}

/** The bounding box of the pixels that differ, or undefined when none does. */
function changedBox(current: Uint32Array, shown: Uint32Array, width: number): Rect | undefined {
  let left = width;
  let right = -1;
  let top = -1;
  let bottom = -1;
  const rows = current.length / width;
  for (let row = 0; row < rows; row++) {
    const offset = row * width;
    for (let col = 0; col < width; col++) {
      if (current[offset + col] === shown[offset + col]) continue;
      if (top < 0) top = row;
      bottom = row;
      if (col < left) left = col;
      if (col > right) right = col;
    }
  }
  return top < 0 ? undefined : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** Palette indices of the box's pixels, transparent where the pixel did not change. */
function changedIndices(
  current: Uint32Array,
  shown: Uint32Array,
  width: number,
  box: Rect,
  toIndex: PaletteMapper,
  transparentIndex: number,
): Uint8Array {
  const rgba = new Uint32Array(box.width * box.height);
  for (let row = 0; row < box.height; row++) {
    const from = (box.y + row) * width + box.x;
    rgba.set(current.subarray(from, from + box.width), row * box.width);
  }
  const index = toIndex(new Uint8Array(rgba.buffer));
  for (let row = 0; row < box.height; row++) {
    const from = (box.y + row) * width + box.x;
    for (let col = 0; col < box.width; col++) {
      if (current[from + col] === shown[from + col]) index[row * box.width + col] = transparentIndex;
    }
  }
  return index;
}

/**
 * Writes a frame covering only `box`. gifenc places every frame at (0, 0); the image descriptor that it
 * writes right after the 8-byte graphic control extension gets the box's left and top patched in.
 */
function writeSubFrame(
  gif: GifEncoderStream,
  index: Uint8Array,
  box: Rect,
  delayMs: number,
  transparentIndex: number,
): void {
  const at = gif.bytesView().length;
  gif.writeFrame(index, box.width, box.height, { delay: delayMs, transparent: true, transparentIndex, dispose: 1 });
  const bytes = gif.bytesView();
  const descriptor = at + 8;
  if (bytes[at] !== 0x21 || bytes[at + 1] !== 0xf9 || bytes[descriptor] !== 0x2c) {
    throw new Error('gifenc wrote an unexpected frame layout; cannot place the frame');
  }
  bytes[descriptor + 1] = box.x & 0xff;
  bytes[descriptor + 2] = box.x >> 8;
  bytes[descriptor + 3] = box.y & 0xff;
  bytes[descriptor + 4] = box.y >> 8;
}
