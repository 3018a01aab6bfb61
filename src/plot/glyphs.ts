/**
 * Glyphs at an optimizer's current point on a race map: −∇L as a dark arrow, the momentum as an arrow in the
 * racer's colour pointing where it pushes (−m), and the per-axis step scale (Adam's α/(√v̂ + ε)) as an ellipse
 * with those half-axes. The lab's map and the race figure's exports draw them with these marks.
 *
 * Each kind is drawn relative to the longest of its kind along the path (GLYPH_PX long), since the data
 * units of a gradient and of a step differ by orders of magnitude between surfaces.
 */
import { INK } from './colors.js';
import { arrow } from './marks.js';
import type { Mark } from './scene.js';

export type GlyphName = 'gradient' | 'momentum' | 'scale';
export const GLYPH_NAMES: readonly GlyphName[] = ['gradient', 'momentum', 'scale'];

/** Per-point glyph vectors, flat x0, y0, x1, y1, … in data units; NaN where a point has none (the start). */
export type GlyphArrays = Partial<Record<GlyphName, Float32Array>>;

/** The longest glyph of a path, in pixels: every glyph of that kind on the path is drawn relative to it. */
const GLYPH_PX = 56;
/** Shorter arrows are drawn this long, so that their direction still shows. */
const MIN_ARROW_PX = 8;

/** One racer's glyph vectors and, per kind, the factor from data units to pixels (×GLYPH_PX / the path's largest). */
export interface GlyphPixels {
  arrays: GlyphArrays;
  factor: Partial<Record<GlyphName, number>>;
}

/** A panel's scales from data to pixels (src/plot/panel.ts's, structurally). */
interface Scales {
  x(value: number): number;
  y(value: number): number;
}

/** Pixels per data unit along x and along y (upwards). */
function pixelsPerUnit(panel: Scales): [number, number] {
  return [panel.x(1) - panel.x(0), panel.y(0) - panel.y(1)];
}

/** A racer's glyphs with the factors that make the longest of each kind GLYPH_PX long on the panel. */
export function glyphsInPixels(glyphs: GlyphArrays, panel: Scales): GlyphPixels {
  const [sx, sy] = pixelsPerUnit(panel);
  const factor: GlyphPixels['factor'] = {};
  for (const [name, v] of Object.entries(glyphs) as [GlyphName, Float32Array][]) {
    let largest = 0;
    for (let k = 0; k < v.length; k += 2) {
      const length = Math.hypot(v[k] * sx, v[k + 1] * sy);
      if (Number.isFinite(length)) largest = Math.max(largest, length);
    }
    if (largest > 0) factor[name] = GLYPH_PX / largest;
  }
  return { arrays: glyphs, factor };
}

/** The glyphs of point `at` of a path, drawn at its pixel position (hx, hy) in the racer's `color`. */
export function glyphMarks(
  glyphs: GlyphPixels,
  at: number,
  hx: number,
  hy: number,
  color: string,
  panel: Scales,
): Mark[] {
  const [sx, sy] = pixelsPerUnit(panel);
  const marks: Mark[] = [];
  const vectorAt = (name: GlyphName): [number, number] | undefined => {
    const v = glyphs.arrays[name];
    const c = glyphs.factor[name];
    if (v === undefined || c === undefined || !(Number.isFinite(v[2 * at]) && Number.isFinite(v[2 * at + 1])))
      return undefined;
    return [c * v[2 * at] * sx, -c * v[2 * at + 1] * sy];
  };
  const pushArrow = (name: GlyphName, ink: string, width: number) => {
    const d = vectorAt(name);
    if (d === undefined) return;
    const length = Math.hypot(d[0], d[1]);
    if (length === 0) return;
    const stretch = Math.max(1, MIN_ARROW_PX / length);
    marks.push(...arrow(hx, hy, hx - stretch * d[0], hy - stretch * d[1], { color: ink, width }));
  };
  const scale = vectorAt('scale');
  if (scale !== undefined) {
    const [a, b] = [Math.max(2, Math.abs(scale[0])), Math.max(2, Math.abs(scale[1]))];
    const ring: number[] = [];
    for (let k = 0; k < 36; k++)
      ring.push(hx + a * Math.cos((k * Math.PI) / 18), hy + b * Math.sin((k * Math.PI) / 18));
    marks.push({
      kind: 'path',
      subpaths: [{ points: ring, closed: true }],
      stroke: color,
      strokeWidth: 1.5,
      dash: [4, 3],
      role: 'scale',
    });
  }
  pushArrow('gradient', INK, 1.5);
  pushArrow('momentum', color, 2.5);
  return marks;
}
