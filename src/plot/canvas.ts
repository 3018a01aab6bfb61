/**
 * Draws a scene on a Canvas 2D context: the browser's CanvasRenderingContext2D or @napi-rs/canvas's
 * (Skia, in Node) alike. `Canvas2D` is the part of the Canvas 2D API that the renderer uses, as a
 * structural type, so either context fits without this module importing either.
 */
import { FONT_FAMILY, type Mark, type PathMark, type Rect, type Scene, type TextMark } from './scene.js';
import { printable } from './text.js';

export interface Canvas2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineJoin: unknown;
  lineCap: unknown;
  globalAlpha: number;
  font: string;
  textAlign: unknown;
  textBaseline: unknown;
  save(): void;
  restore(): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, width: number, height: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  fill(fillRule?: 'nonzero' | 'evenodd'): void;
  stroke(): void;
  clip(): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  fillText(text: string, x: number, y: number): void;
  translate(x: number, y: number): void;
  rotate(angle: number): void;
  setLineDash(segments: number[]): void;
}

export function renderCanvas(scene: Scene, ctx: Canvas2D): void {
  ctx.save();
  ctx.fillStyle = scene.background;
  ctx.fillRect(0, 0, scene.width, scene.height);
  ctx.restore();
  drawMarks(scene.marks, ctx);
}

export function drawMarks(marks: readonly Mark[], ctx: Canvas2D): void {
  for (const mark of marks) drawMark(mark, ctx);
}

function drawMark(mark: Mark, ctx: Canvas2D): void {
  switch (mark.kind) {
    case 'rect':
      ctx.beginPath();
      if (mark.radius) roundedRect(ctx, mark, mark.radius);
      else ctx.rect(mark.x, mark.y, mark.width, mark.height);
      paint(ctx, mark.fill, mark.stroke, mark.strokeWidth);
      return;
    case 'circle':
      ctx.beginPath();
      ctx.arc(mark.cx, mark.cy, mark.r, 0, 2 * Math.PI);
      paint(ctx, mark.fill, mark.stroke, mark.strokeWidth);
      return;
    case 'path':
      drawPath(mark, ctx);
      return;
    case 'text':
      drawText(mark, ctx);
      return;
    case 'group':
      ctx.save();
      if (mark.clip) clipTo(ctx, mark.clip);
      drawMarks(mark.marks, ctx);
      ctx.restore();
      return;
  }
}

function drawPath(mark: PathMark, ctx: Canvas2D): void {
  ctx.save();
  ctx.beginPath();
  for (const { points, closed } of mark.subpaths) {
    if (points.length < 2) continue;
    ctx.moveTo(points[0], points[1]);
    for (let i = 2; i + 1 < points.length; i += 2) ctx.lineTo(points[i], points[i + 1]);
    if (closed) ctx.closePath();
  }
  if (mark.opacity !== undefined) ctx.globalAlpha = mark.opacity;
  ctx.lineJoin = mark.lineJoin ?? 'miter';
  ctx.lineCap = mark.lineCap ?? 'butt';
  ctx.setLineDash(mark.dash ? [...mark.dash] : []);
  if (mark.fill) {
    ctx.fillStyle = mark.fill;
    ctx.fill(mark.fillRule ?? 'nonzero');
  }
  if (mark.stroke) {
    ctx.strokeStyle = mark.stroke;
    ctx.lineWidth = mark.strokeWidth ?? 1;
    ctx.stroke();
  }
  ctx.restore();
}

function drawText(mark: TextMark, ctx: Canvas2D): void {
  ctx.save();
  ctx.font = `${mark.weight === 'bold' ? 'bold ' : ''}${mark.size}px "${FONT_FAMILY}"`;
  ctx.fillStyle = mark.fill ?? '#000';
  // SVG's text-anchor 'middle' is Canvas's textAlign 'center' (browsers ignore an unknown value silently).
  ctx.textAlign = mark.anchor === 'middle' ? 'center' : (mark.anchor ?? 'start');
  ctx.textBaseline = 'alphabetic';
  ctx.translate(mark.x, mark.y);
  if (mark.rotate) ctx.rotate((mark.rotate * Math.PI) / 180);
  ctx.fillText(printable(mark.text), 0, 0);
  ctx.restore();
}

function paint(
  ctx: Canvas2D,
  fill: string | undefined,
  stroke: string | undefined,
  strokeWidth: number | undefined,
): void {
  if (fill) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  if (stroke) {
    ctx.setLineDash([]);
    ctx.strokeStyle = stroke;
    ctx.lineWidth = strokeWidth ?? 1;
    ctx.stroke();
  }
}

function clipTo(ctx: Canvas2D, rect: Rect): void {
  ctx.beginPath();
  ctx.rect(rect.x, rect.y, rect.width, rect.height);
  ctx.clip();
}

/** A rectangle with round corners (arcs joined by lines), for legend boxes and labels. */
function roundedRect(ctx: Canvas2D, { x, y, width, height }: Rect, radius: number): void {
  const r = Math.min(radius, width / 2, height / 2);
  ctx.moveTo(x + r, y);
  ctx.lineTo(x + width - r, y);
  ctx.arc(x + width - r, y + r, r, -Math.PI / 2, 0);
  ctx.lineTo(x + width, y + height - r);
  ctx.arc(x + width - r, y + height - r, r, 0, Math.PI / 2);
  ctx.lineTo(x + r, y + height);
  ctx.arc(x + r, y + height - r, r, Math.PI / 2, Math.PI);
  ctx.lineTo(x, y + r);
  ctx.arc(x + r, y + r, r, Math.PI, (3 * Math.PI) / 2);
  ctx.closePath();
}
