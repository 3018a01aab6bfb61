/**
 * A scene: a figure described as plain data — pixel-space marks (rectangles, paths, circles, text and
 * clipped groups) on a canvas of a given size — so that one drawing code path serves every output: the SVG
 * writer, the Canvas 2D renderer behind PNG, GIF and MP4 in Node, and the browser's canvas in the web lab.
 *
 * Builders (axes, contours, legends, figures) turn data into marks; renderers only draw marks. Coordinates
 * are pixels, y pointing down, as in SVG and Canvas.
 */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface RectMark {
  readonly kind: 'rect';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly fill?: string;
  readonly stroke?: string;
  readonly strokeWidth?: number;
  /** Corner radius. */
  readonly radius?: number;
}

/** A polyline or polygon, flat as x0, y0, x1, y1, …; `closed` joins the last vertex to the first. */
export interface SubPath {
  readonly points: ArrayLike<number>;
  readonly closed: boolean;
}

export interface PathMark {
  readonly kind: 'path';
  readonly subpaths: readonly SubPath[];
  readonly fill?: string;
  /** 'evenodd' lets a contour band's holes show through. */
  readonly fillRule?: 'nonzero' | 'evenodd';
  readonly stroke?: string;
  readonly strokeWidth?: number;
  readonly dash?: readonly number[];
  readonly lineJoin?: 'round' | 'miter' | 'bevel';
  readonly lineCap?: 'round' | 'butt' | 'square';
  readonly opacity?: number;
  /** What the path shows, written into the SVG as its class (e.g. 'trace'), so a reader or a test can find it. */
  readonly role?: string;
  /** For a trace: the optimizer's legend label, written as data-label. */
  readonly label?: string;
}

export interface CircleMark {
  readonly kind: 'circle';
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
  readonly fill?: string;
  readonly stroke?: string;
  readonly strokeWidth?: number;
  readonly role?: string;
}

export interface TextMark {
  readonly kind: 'text';
  /** The anchor point; y is the alphabetic baseline. */
  readonly x: number;
  readonly y: number;
  readonly text: string;
  /** Font size in pixels. */
  readonly size: number;
  readonly weight?: 'normal' | 'bold';
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly fill?: string;
  /** Rotation in degrees about (x, y), clockwise; -90 reads bottom to top (a y-axis label). */
  readonly rotate?: number;
  readonly role?: string;
}

export interface GroupMark {
  readonly kind: 'group';
  /** Marks outside this rectangle are not drawn (a plot area). */
  readonly clip?: Rect;
  readonly marks: readonly Mark[];
}

export type Mark = RectMark | PathMark | CircleMark | TextMark | GroupMark;

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly background: string;
  readonly marks: readonly Mark[];
}

/** The one font of every figure, named explicitly so that SVG, PNG and GIF set text alike (Debian: fonts-dejavu-core). */
export const FONT_FAMILY = 'DejaVu Sans';

/** The rectangle grown (or shrunk, with a negative amount) by `amount` on every side. */
export function inset(rect: Rect, amount: number): Rect {
  return { x: rect.x + amount, y: rect.y + amount, width: rect.width - 2 * amount, height: rect.height - 2 * amount };
}
