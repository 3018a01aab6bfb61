/**
 * TensorFlow Playground's colours: orange for class 0 (or −1), blue for class 1 (or +1), through white, so
 * the boundary reads as it does there. Filled into RGBA pixels for a canvas.
 */
const ORANGE = [245, 147, 34];
const BLUE = [8, 119, 189];
const WHITE = [232, 234, 235];

/** t ∈ [0, 1]: 0 orange, 0.5 white, 1 blue. */
export function twoColor(t: number): [number, number, number] {
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

export const CLASS_COLORS = ['#f59322', '#0877bd'];
