/**
 * TensorFlow Playground's colours: orange for class 0 (or −1), blue for class 1 (or +1), through white, so
 * the boundary reads as it does there; more classes get green, purple, pink and brown (d3's category10).
 * Filled into RGBA pixels for a canvas.
 */
const ORANGE = [245, 147, 34];
const BLUE = [8, 119, 189];
const WHITE = [232, 234, 235];
const CLASS_RGB = [ORANGE, BLUE, [44, 160, 44], [148, 103, 189], [227, 119, 194], [140, 86, 75]];

export const CLASS_COLORS = CLASS_RGB.map((rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`);

/** t ∈ [0, 1]: 0 orange, 0.5 white, 1 blue. */
function twoColor(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0.5));
  const [from, to, s] = u < 0.5 ? [ORANGE, WHITE, u * 2] : [WHITE, BLUE, (u - 0.5) * 2];
  return [0, 1, 2].map((i) => from[i] + (to[i] - from[i]) * s) as [number, number, number];
}

/** twoColor at 256 steps, RGBA: a map of thousands of values is filled by lookups, not by interpolation. */
const TABLE = (() => {
  const table = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) table.set([...twoColor(i / 255), 255], 4 * i);
  return table;
})();

/** Fills RGBA pixels with the colour of each value, `scale` and `offset` taking it to [0, 1] (NaN: white). */
export function fillPixels(values: ArrayLike<number>, scale: number, offset: number, pixels: Uint8ClampedArray): void {
  for (let k = 0; k < values.length; k++) {
    const u = values[k] * scale + offset;
    const i = u >= 0 ? (u <= 1 ? Math.round(u * 255) : 255) : u < 0 ? 0 : 128;
    pixels[4 * k] = TABLE[4 * i];
    pixels[4 * k + 1] = TABLE[4 * i + 1];
    pixels[4 * k + 2] = TABLE[4 * i + 2];
    pixels[4 * k + 3] = 255;
  }
}

/**
 * The colour of one grid point from its classes' scores (row `k` of `scores`, `classes` wide): the leading
 * class's colour mixed with white by its lead, (s_max − 1/k) / (1 − 1/k) clamped to [0, 1]. For two classes
 * this is twoColor(s_1): white at 0.5, full colour at 0 or 1.
 */
export function classColor(
  scores: ArrayLike<number>,
  k: number,
  classColors: readonly number[],
  out: Uint8ClampedArray,
  at: number,
): void {
  const classes = classColors.length;
  let best = 0;
  for (let c = 1; c < classes; c++) if (scores[k * classes + c] > scores[k * classes + best]) best = c;
  const lead = (scores[k * classes + best] - 1 / classes) / (1 - 1 / classes);
  const s = Number.isFinite(lead) ? Math.min(1, Math.max(0, lead)) : 0;
  const rgb = CLASS_RGB[classColors[best]] ?? WHITE;
  for (let i = 0; i < 3; i++) out[at + i] = WHITE[i] + (rgb[i] - WHITE[i]) * s;
  out[at + 3] = 255;
}

/** classColor at every grid point, into RGBA pixels. */
export function fillClassPixels(scores: Float32Array, classColors: readonly number[], pixels: Uint8ClampedArray): void {
  const n = scores.length / classColors.length;
  for (let k = 0; k < n; k++) classColor(scores, k, classColors, pixels, 4 * k);
}
