/**
 * The race map: filled contours drawn once per surface by src/plot (the CLI figures' own code) into a
 * cached bottom canvas, and on a canvas above it the paths up to the current step, the start, and the
 * critical points, redrawn each frame. Both canvases share the panel's scales.
 */
import { drawMarks, renderCanvas } from '../../../src/plot/canvas';
import { INK, PATH_COLORS } from '../../../src/plot/colors';
import { arrow, marker, pathPixels, traceMarks, type MarkerStyle } from '../../../src/plot/marks';
import { headMarker, MINIMUM_MARKER, START_MARKER, surfacePanel, type SurfacePanel } from '../../../src/plot/panel';
import type { Mark, Rect } from '../../../src/plot/scene';
import type { CriticalKind } from '../../../src/problems/classify';
import type { Surface } from '../../../src/problems/surface';
import type { GlyphArrays, GlyphName } from './glyphs';
import type { FoundPoint, RacePath } from './protocol';

export const MAP_SIZE = 600;
export const MAP_PLOT: Rect = { x: 58, y: 14, width: 528, height: 528 };

export const CRITICAL_MARKERS: Record<CriticalKind, MarkerStyle> = {
  minimum: MINIMUM_MARKER,
  maximum: { shape: 'triangle', size: 8, fill: '#ffffff', stroke: '#222222', strokeWidth: 1.5 },
  saddle: { shape: 'cross', size: 7, fill: '#ffffff', stroke: '#222222', strokeWidth: 2 },
  degenerate: { shape: 'diamond', size: 7, fill: '#ffffff', stroke: '#222222', strokeWidth: 1.5 },
};

/** Sizes a canvas for the device's pixel ratio and returns its context, drawing in MAP_SIZE units. */
export function prepareCanvas(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ratio = Math.min(2, window.devicePixelRatio || 1);
  canvas.width = MAP_SIZE * ratio;
  canvas.height = MAP_SIZE * ratio;
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('this browser has no 2D canvas');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

/** Contours and axes of the surface on the bottom canvas; returns the panel whose scales the paths use. */
export function drawSurface(ctx: CanvasRenderingContext2D, surface: Surface): SurfacePanel {
  const panel = surfacePanel((x, y) => surface.value(x, y), surface.window, MAP_PLOT, { cell: 4 });
  renderCanvas({ width: MAP_SIZE, height: MAP_SIZE, background: '#ffffff', marks: panel.marks }, ctx);
  return panel;
}

/** Each racer's whole path in pixels (computed once per result; frames draw a prefix). */
export function pathsInPixels(paths: readonly RacePath[], panel: SurfacePanel): Float64Array[] {
  return paths.map(({ points }) => {
    const tuples: [number, number][] = [];
    for (let k = 0; k < points.length; k += 2) tuples.push([points[k], points[k + 1]]);
    return pathPixels(tuples, panel.x, panel.y, MAP_PLOT);
  });
}

/** The longest glyph of a path, in pixels: every glyph of that kind on the path is drawn relative to it. */
const GLYPH_PX = 56;
/** Shorter arrows are drawn this long, so that their direction still shows. */
const MIN_ARROW_PX = 8;

/** One racer's glyph vectors and, per kind, the factor from data units to pixels (×GLYPH_PX / the path's largest). */
export interface GlyphPixels {
  arrays: GlyphArrays;
  factor: Partial<Record<GlyphName, number>>;
}

/** Pixels per data unit along x and along y (upwards). */
function pixelsPerUnit(panel: SurfacePanel): [number, number] {
  return [panel.x(1) - panel.x(0), panel.y(0) - panel.y(1)];
}

/** Each racer's glyphs with the factors that make the longest of each kind GLYPH_PX long on the map. */
export function glyphsInPixels(paths: readonly RacePath[], panel: SurfacePanel): GlyphPixels[] {
  const [sx, sy] = pixelsPerUnit(panel);
  return paths.map(({ glyphs }) => {
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
  });
}

/**
 * The glyphs at a path's head (point `at`, pixel position hx, hy): −∇L as a dark arrow, the momentum as an
 * arrow in the racer's colour pointing where it pushes (−m), and the per-axis step scale as an ellipse
 * with those half-axes.
 */
function glyphMarks(
  glyphs: GlyphPixels,
  at: number,
  hx: number,
  hy: number,
  color: string,
  panel: SurfacePanel,
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

export interface Overlay {
  panel: SurfacePanel;
  pixels: readonly Float64Array[];
  glyphs: readonly GlyphPixels[];
  step: number;
  start: readonly [number, number];
  critical: readonly FoundPoint[];
}

export function overlayMarks({ panel, pixels, glyphs, step, start, critical }: Overlay): Mark[] {
  const marks: Mark[] = critical.map((p) => marker(panel.x(p.x), panel.y(p.y), CRITICAL_MARKERS[p.kind], p.kind));
  pixels.forEach((all, k) => {
    const count = Math.min(all.length / 2, step + 1);
    if (count === 0) return;
    const color = PATH_COLORS[k % PATH_COLORS.length];
    const prefix = all.subarray(0, 2 * count);
    const [hx, hy] = [prefix[2 * count - 2], prefix[2 * count - 1]];
    marks.push(...traceMarks(prefix, { color, width: 2.25 }, String(k)));
    if (glyphs[k] !== undefined) marks.push(...glyphMarks(glyphs[k], count - 1, hx, hy, color, panel));
    marks.push(marker(hx, hy, headMarker(color), 'head'));
  });
  marks.push(marker(panel.x(start[0]), panel.y(start[1]), START_MARKER, 'start'));
  return [{ kind: 'group', clip: MAP_PLOT, marks }];
}

export function drawOverlay(ctx: CanvasRenderingContext2D, overlay: Overlay): void {
  ctx.clearRect(0, 0, MAP_SIZE, MAP_SIZE);
  drawMarks(overlayMarks(overlay), ctx);
}
