/**
 * Small mark builders shared by the figures: an optimizer's path (a white halo under the coloured line so it
 * reads on any part of the colour map), point markers (circle, star, square, diamond, triangle, cross) and
 * arrows.
 *
 * Paths are mapped to pixels with far points pulled in: a vertex more than FAR plot-diagonals from the plot's
 * centre (a diverging run reaches 1e150) is moved along the ray from the centre to that distance, so every
 * vertex stays (and the vertex count is still steps + 1), the visible part of the path keeps its direction,
 * and renderers never meet coordinates they cannot draw.
 */
import { HALO } from './colors.js';
import type { AxisScale } from './axes.js';
import type { Mark, PathMark, Rect } from './scene.js';

const FAR = 20;

export function pathPixels(
  points: readonly (readonly [number, number])[],
  x: AxisScale,
  y: AxisScale,
  plot: Rect,
): Float64Array {
  const cx = plot.x + plot.width / 2;
  const cy = plot.y + plot.height / 2;
  const limit = FAR * Math.hypot(plot.width, plot.height);
  const out = new Float64Array(points.length * 2);
  points.forEach(([px, py], k) => {
    let u = x(px) - cx;
    let v = y(py) - cy;
    const distance = Math.hypot(u, v);
    if (!(distance <= limit)) {
      // Divide both parts by the largest first, so u/d and v/d do not overflow for huge values.
      const scale = Math.max(Math.abs(u), Math.abs(v));
      u /= scale;
      v /= scale;
      const unit = Math.hypot(u, v);
      u = (u / unit) * limit;
      v = (v / unit) * limit;
    }
    out[2 * k] = cx + u;
    out[2 * k + 1] = cy + v;
  });
  return out;
}

export interface TraceStyle {
  color: string;
  width?: number;
  dash?: readonly number[];
}

/** The halo and the line of one optimizer's path; the line has role 'trace' and the label. */
export function traceMarks(pixels: ArrayLike<number>, style: TraceStyle, label: string): PathMark[] {
  const width = style.width ?? 2;
  const common = {
    kind: 'path',
    subpaths: [{ points: pixels, closed: false }],
    lineJoin: 'round',
    lineCap: 'round',
  } as const;
  return [
    { ...common, stroke: HALO, strokeWidth: width + 2.5, opacity: 0.75, role: 'halo' },
    { ...common, stroke: style.color, strokeWidth: width, dash: style.dash, role: 'trace', label },
  ];
}

export type MarkerShape = 'circle' | 'star' | 'square' | 'diamond' | 'triangle' | 'cross';

export interface MarkerStyle {
  shape: MarkerShape;
  /** Outer radius in pixels. */
  size: number;
  fill: string;
  stroke?: string;
  strokeWidth?: number;
}

export function marker(x: number, y: number, style: MarkerStyle, role?: string): Mark {
  const { shape, size, fill } = style;
  const stroke = style.stroke;
  const strokeWidth = style.strokeWidth ?? 1;
  if (shape === 'circle') return { kind: 'circle', cx: x, cy: y, r: size, fill, stroke, strokeWidth, role };
  if (shape === 'cross') {
    const s = size * 0.8;
    return {
      kind: 'path',
      subpaths: [line(x - s, y - s, x + s, y + s), line(x - s, y + s, x + s, y - s)],
      stroke: fill,
      strokeWidth: 2.5,
      lineCap: 'round',
      role,
    };
  }
  return {
    kind: 'path',
    subpaths: [{ points: outline(shape, x, y, size), closed: true }],
    fill,
    stroke,
    strokeWidth,
    lineJoin: 'round',
    role,
  };
}

function line(x1: number, y1: number, x2: number, y2: number): { points: number[]; closed: false } {
  return { points: [x1, y1, x2, y2], closed: false };
}

function outline(shape: Exclude<MarkerShape, 'circle' | 'cross'>, x: number, y: number, size: number): number[] {
  switch (shape) {
    case 'star':
      return polygon(x, y, 10, (k) => (k % 2 === 0 ? size : size * 0.45), -Math.PI / 2);
    case 'square':
      return polygon(x, y, 4, () => size, Math.PI / 4);
    case 'diamond':
      return polygon(x, y, 4, () => size, -Math.PI / 2);
    case 'triangle':
      return polygon(x, y, 3, () => size, -Math.PI / 2);
  }
}

function polygon(x: number, y: number, corners: number, radius: (k: number) => number, start: number): number[] {
  const points: number[] = [];
  for (let k = 0; k < corners; k++) {
    const angle = start + (2 * Math.PI * k) / corners;
    points.push(x + radius(k) * Math.cos(angle), y + radius(k) * Math.sin(angle));
  }
  return points;
}

export interface ArrowStyle {
  color: string;
  width?: number;
  /** Length of the head in pixels. */
  head?: number;
  dash?: readonly number[];
}

/** A straight arrow from (x1, y1) to (x2, y2): a shaft ending where the filled head begins. */
export function arrow(x1: number, y1: number, x2: number, y2: number, style: ArrowStyle): Mark[] {
  const width = style.width ?? 2;
  const length = Math.hypot(x2 - x1, y2 - y1);
  if (length === 0) return [];
  const head = Math.min(style.head ?? 4 * width + 4, length * 0.6);
  const ux = (x2 - x1) / length;
  const uy = (y2 - y1) / length;
  const baseX = x2 - ux * head;
  const baseY = y2 - uy * head;
  const half = head * 0.45;
  return [
    {
      kind: 'path',
      subpaths: [line(x1, y1, baseX + ux, baseY + uy)],
      stroke: style.color,
      strokeWidth: width,
      dash: style.dash,
      role: 'arrow',
    },
    {
      kind: 'path',
      subpaths: [
        { points: [x2, y2, baseX - uy * half, baseY + ux * half, baseX + uy * half, baseY - ux * half], closed: true },
      ],
      fill: style.color,
    },
  ];
}
