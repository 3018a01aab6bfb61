/** The playground's canvases: the decision boundary with the points on it, and the small neuron maps. */
import { CLASS_COLORS, fillClassPixels, fillPixels } from './colors';

export const BOUNDARY_SIZE = 400;

/** One small canvas and image per grid size, reused by every paint (making contexts is what costs). */
const buffers = new Map<
  number,
  { canvas: OffscreenCanvas; ctx: OffscreenCanvasRenderingContext2D; image: ImageData }
>();

function bufferOf(size: number) {
  let buffer = buffers.get(size);
  if (buffer === undefined) {
    const canvas = new OffscreenCanvas(size, size);
    const ctx = canvas.getContext('2d');
    if (ctx === null) throw new Error('this browser has no 2D canvas');
    buffer = { canvas, ctx, image: new ImageData(size, size) };
    buffers.set(size, buffer);
  }
  return buffer;
}

/** Paints a size × size grid of values (taken to [0, 1] by value·scale + offset) onto `ctx`'s whole canvas, smoothly scaled. */
export function paintGrid(
  ctx: CanvasRenderingContext2D,
  values: Float32Array,
  size: number,
  scale = 1,
  offset = 0,
): void {
  paintPixels(ctx, size, (pixels) => fillPixels(values, scale, offset, pixels));
}

/** Paints a size × size grid of class scores (rows of classColors.length) in the classes' colours. */
export function paintClasses(
  ctx: CanvasRenderingContext2D,
  scores: Float32Array,
  classColors: readonly number[],
  size: number,
): void {
  paintPixels(ctx, size, (pixels) => fillClassPixels(scores, classColors, pixels));
}

function paintPixels(ctx: CanvasRenderingContext2D, size: number, fill: (pixels: Uint8ClampedArray) => void): void {
  const buffer = bufferOf(size);
  fill(buffer.image.data);
  buffer.ctx.putImageData(buffer.image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(buffer.canvas, 0, 0, ctx.canvas.width, ctx.canvas.height);
}

/** Points in their class colour: training points ringed in white, test points in black. */
export function drawPoints(
  ctx: CanvasRenderingContext2D,
  train: Float32Array,
  test: Float32Array,
  extent: number,
): void {
  const scale = ctx.canvas.width / (2 * extent);
  const draw = (set: Float32Array, filled: boolean) => {
    for (let k = 0; k < set.length; k += 3) {
      ctx.beginPath();
      ctx.arc((set[k] + extent) * scale, (extent - set[k + 1]) * scale, 3, 0, 2 * Math.PI);
      ctx.lineWidth = 1;
      ctx.strokeStyle = filled ? '#ffffff' : '#222222';
      ctx.fillStyle = CLASS_COLORS[set[k + 2]];
      ctx.fill();
      ctx.stroke();
    }
  };
  draw(train, true);
  draw(test, false);
}
