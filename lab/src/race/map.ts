/**
 * The race map: filled contours drawn once per surface by src/plot (the CLI figures' own code) into a
 * cached bottom canvas, and on a canvas above it the paths up to the current step, the start, and the
 * critical points, redrawn each frame. Both canvases share the panel's scales.
 */
import { drawMarks, renderCanvas } from '../../../src/plot/canvas';
import { PATH_COLORS } from '../../../src/plot/colors';
import { glyphMarks, glyphsInPixels, type GlyphPixels } from '../../../src/plot/glyphs';
import { marker, pathPixels, traceMarks, type MarkerStyle } from '../../../src/plot/marks';
import { headMarker, MINIMUM_MARKER, START_MARKER, surfacePanel, type SurfacePanel } from '../../../src/plot/panel';
import type { Mark, Rect } from '../../../src/plot/scene';
import type { CriticalKind } from '../../../src/problems/classify';
import type { Surface } from '../../../src/problems/surface';
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

/** Each racer's glyphs with the factors that size them on the map. */
export function racersGlyphs(paths: readonly RacePath[], panel: SurfacePanel): GlyphPixels[] {
  return paths.map(({ glyphs }) => glyphsInPixels(glyphs, panel));
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
