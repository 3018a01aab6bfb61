/**
 * Writes a scene as an SVG document. Deterministic: coordinates rounded to hundredths of a pixel, clip paths
 * numbered in document order (clip1, clip2, …), attributes in a fixed order, so the same scene always gives
 * the same bytes. A trace path carries class="trace" and data-label with its optimizer's label.
 */
import { coord } from './format.js';
import { FONT_FAMILY, type Mark, type PathMark, type Rect, type Scene, type SubPath, type TextMark } from './scene.js';
import { printable } from './text.js';

export function renderSvg(scene: Scene): string {
  const writer = { clips: 0, lines: [] as string[] };
  const { width, height } = scene;
  writer.lines.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}, sans-serif">`,
    `<rect width="${width}" height="${height}" fill="${scene.background}"/>`,
  );
  for (const mark of scene.marks) writeMark(writer, mark);
  writer.lines.push('</svg>');
  return `${writer.lines.join('\n')}\n`;
}

interface Writer {
  clips: number;
  lines: string[];
}

function writeMark(writer: Writer, mark: Mark): void {
  switch (mark.kind) {
    case 'rect':
      writer.lines.push(
        `<rect x="${coord(mark.x)}" y="${coord(mark.y)}" width="${coord(mark.width)}" height="${coord(mark.height)}"${attr('rx', mark.radius)}${paint(mark.fill, mark.stroke, mark.strokeWidth)}/>`,
      );
      return;
    case 'circle':
      writer.lines.push(
        `<circle${attr('class', mark.role)} cx="${coord(mark.cx)}" cy="${coord(mark.cy)}" r="${coord(mark.r)}"${paint(mark.fill, mark.stroke, mark.strokeWidth)}/>`,
      );
      return;
    case 'path':
      writer.lines.push(pathElement(mark));
      return;
    case 'text':
      writer.lines.push(textElement(mark));
      return;
    case 'group':
      writeGroup(writer, mark.marks, mark.clip);
      return;
  }
}

function writeGroup(writer: Writer, marks: readonly Mark[], clip: Rect | undefined): void {
  if (clip === undefined) {
    writer.lines.push('<g>');
  } else {
    const id = `clip${++writer.clips}`;
    writer.lines.push(
      `<clipPath id="${id}"><rect x="${coord(clip.x)}" y="${coord(clip.y)}" width="${coord(clip.width)}" height="${coord(clip.height)}"/></clipPath>`,
      `<g clip-path="url(#${id})">`,
    );
  }
  for (const mark of marks) writeMark(writer, mark);
  writer.lines.push('</g>');
}

function pathElement(mark: PathMark): string {
  const fill = mark.fill ?? 'none';
  return (
    `<path${attr('class', mark.role)}${attr('data-label', mark.label)} d="${pathData(mark.subpaths)}"` +
    `${paint(fill, mark.stroke, mark.strokeWidth)}${attr('fill-rule', mark.fillRule)}` +
    `${attr('stroke-dasharray', mark.dash?.map(coord).join(' '))}${attr('stroke-linejoin', mark.lineJoin)}` +
    `${attr('stroke-linecap', mark.lineCap)}${attr('opacity', mark.opacity)}/>`
  );
}

/** "M x0 y0 L x1 y1 …", with Z for closed subpaths; every vertex is its own M or L command. */
export function pathData(subpaths: readonly SubPath[]): string {
  const parts: string[] = [];
  for (const { points, closed } of subpaths) {
    for (let i = 0; i + 1 < points.length; i += 2)
      parts.push(`${i === 0 ? 'M' : 'L'}${coord(points[i])} ${coord(points[i + 1])}`);
    if (closed && points.length > 0) parts.push('Z');
  }
  return parts.join('');
}

function textElement(mark: TextMark): string {
  const x = coord(mark.x);
  const y = coord(mark.y);
  const anchor = mark.anchor === undefined || mark.anchor === 'start' ? '' : attr('text-anchor', mark.anchor);
  const rotate = mark.rotate ? ` transform="rotate(${coord(mark.rotate)} ${x} ${y})"` : '';
  return (
    `<text${attr('class', mark.role)} x="${x}" y="${y}" font-size="${coord(mark.size)}"${mark.weight === 'bold' ? ' font-weight="bold"' : ''}` +
    `${anchor}${attr('fill', mark.fill ?? '#000')}${rotate}>${escapeXml(mark.text)}</text>`
  );
}

function paint(fill: string | undefined, stroke: string | undefined, strokeWidth: number | undefined): string {
  return `${attr('fill', fill ?? (stroke === undefined ? undefined : 'none'))}${attr('stroke', stroke)}${stroke === undefined ? '' : attr('stroke-width', strokeWidth ?? 1)}`;
}

function attr(name: string, value: string | number | undefined): string {
  if (value === undefined) return '';
  return ` ${name}="${typeof value === 'number' ? coord(value) : escapeXml(value)}"`;
}

function escapeXml(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
