/**
 * The frames of an animation as RGBA pixels, drawn on one Canvas 2D context. The static layer is drawn once;
 * its full image is kept, and so is its part inside the changing region (the plot areas and the counter).
 * Each frame puts that part back, draws only what moves (paths, heads, counter) and reads back only that
 * region: reading pixels is the costly step, and the region is about half the canvas. Both the GIF encoder
 * and the MP4 writer read frames from here.
 */
import { changingRegion, frameMarks, type Animation } from './animation.js';
import { drawMarks, renderCanvas, type Canvas2D } from './canvas.js';
import type { Rect } from './scene.js';

/**
 * A Canvas 2D context that can read and write its pixels (the browser's and @napi-rs/canvas's both can). The
 * image type is left open, since each declares its own ImageData; its `data` must be 8-bit RGBA.
 */
export interface RasterContext<I> extends Canvas2D {
  getImageData(x: number, y: number, width: number, height: number): I;
  putImageData(image: I, x: number, y: number): void;
}

/** The RGBA bytes of an ImageData. */
export function pixelsOf(image: unknown): Uint8ClampedArray {
  const data = (image as { data?: unknown }).data;
  if (!(data instanceof Uint8ClampedArray)) throw new Error('the canvas gave image data that is not 8-bit RGBA');
  return data;
}

export class FrameRasterizer<I> {
  /** Whole pixels, inside the canvas. */
  readonly region: Rect;
  /** The static layer, the whole canvas, RGBA row by row. */
  readonly base: Uint8ClampedArray;
  private readonly baseRegion: I;

  constructor(
    private readonly animation: Animation,
    private readonly ctx: RasterContext<I>,
  ) {
    renderCanvas(
      { width: animation.width, height: animation.height, background: animation.background, marks: animation.base },
      ctx,
    );
    this.base = pixelsOf(ctx.getImageData(0, 0, animation.width, animation.height));
    this.region = changingRegion(animation);
    const { x, y, width, height } = this.region;
    this.baseRegion = ctx.getImageData(x, y, width, height);
  }

  /** Frame `index` inside `region` only: region.width × region.height × 4 bytes, the caller's to keep. */
  regionFrame(index: number): Uint8ClampedArray {
    const { x, y, width, height } = this.region;
    this.ctx.putImageData(this.baseRegion, x, y);
    drawMarks(frameMarks(this.animation, index), this.ctx);
    return pixelsOf(this.ctx.getImageData(x, y, width, height));
  }

  /** Frame `index`, the whole canvas: the static layer with the region's pixels copied in. */
  fullFrame(index: number): Uint8ClampedArray {
    const frame = this.base.slice();
    pasteRegion(frame, this.animation.width, this.regionFrame(index), this.region);
    return frame;
  }
}

/** Copies `pixels` (region.width × region.height RGBA) into `target` (a canvas `canvasWidth` wide) at the region. */
export function pasteRegion(
  target: Uint8ClampedArray,
  canvasWidth: number,
  pixels: Uint8ClampedArray,
  region: Rect,
): void {
  const rowBytes = region.width * 4;
  for (let row = 0; row < region.height; row++) {
    target.set(pixels.subarray(row * rowBytes, (row + 1) * rowBytes), ((region.y + row) * canvasWidth + region.x) * 4);
  }
}
