/**
 * Legends and colour bars, laid out in a column beside the plots (never over them, so no path is hidden):
 * each legend entry is a swatch (a line in the path's colour or a marker) with a label and, below it, smaller
 * grey detail lines (hyperparameters, the final loss, "diverged at step k") wrapped to the column width.
 */
import { INK, MUTED_INK } from './colors.js';
import { formatSignificant } from './format.js';
import type { Levels } from './contours.js';
import { marker, type MarkerStyle } from './marks.js';
import type { Mark, Rect } from './scene.js';
import { wrapText } from './text.js';

export type Swatch = { kind: 'line'; color: string; dash?: readonly number[] } | { kind: 'marker'; style: MarkerStyle };

export interface LegendEntry {
  label: string;
  details?: readonly string[];
  swatch: Swatch;
}

const SWATCH_WIDTH = 28;
const LABEL_SIZE = 13;
const DETAIL_SIZE = 11.5;

/** The entries top-down from (x, y) within `width`; returns the marks and the height used. */
export function legendMarks(
  entries: readonly LegendEntry[],
  x: number,
  y: number,
  width: number,
): { marks: Mark[]; height: number } {
  const marks: Mark[] = [];
  const textX = x + SWATCH_WIDTH + 8;
  const textWidth = width - SWATCH_WIDTH - 8;
  let cursor = y;
  for (const entry of entries) {
    const labelLines = wrapText(entry.label, LABEL_SIZE, textWidth);
    const middle = cursor + LABEL_SIZE * 0.6;
    marks.push(...swatchMarks(entry.swatch, x, middle));
    for (const line of labelLines) {
      cursor += LABEL_SIZE + 3;
      marks.push({ kind: 'text', x: textX, y: cursor - 3, text: line, size: LABEL_SIZE, fill: INK, role: 'legend' });
    }
    for (const detail of entry.details ?? []) {
      for (const line of wrapText(detail, DETAIL_SIZE, textWidth)) {
        cursor += DETAIL_SIZE + 3;
        marks.push({ kind: 'text', x: textX, y: cursor - 3, text: line, size: DETAIL_SIZE, fill: MUTED_INK });
      }
    }
    cursor += 10;
  }
  return { marks, height: cursor - y };
}

function swatchMarks(swatch: Swatch, x: number, y: number): Mark[] {
  if (swatch.kind === 'marker') return [marker(x + SWATCH_WIDTH / 2, y, swatch.style)];
  return [
    {
      kind: 'path',
      subpaths: [{ points: [x, y, x + SWATCH_WIDTH, y], closed: false }],
      stroke: swatch.color,
      strokeWidth: 3,
      dash: swatch.dash,
      lineCap: 'round',
    },
  ];
}

/**
 * A vertical colour bar for contour levels: one equal block per band (low loss at the bottom), labelled at
 * the band edges with the loss there, every other edge when the blocks are too short for every label.
 */
export function colorBarMarks(levels: Levels, area: Rect, title: string): Mark[] {
  const bands = levels.colors.length;
  const block = area.height / bands;
  const marks: Mark[] = [{ kind: 'text', x: area.x, y: area.y - 8, text: title, size: 12, fill: INK }];
  levels.colors.forEach((color, k) => {
    marks.push({
      kind: 'rect',
      x: area.x,
      y: area.y + area.height - (k + 1) * block,
      width: area.width,
      height: block + 0.5,
      fill: color,
    });
  });
  marks.push({ kind: 'rect', ...area, stroke: '#444444', strokeWidth: 1 });
  const every = Math.max(1, Math.ceil(16 / block));
  levels.thresholds.forEach((threshold, k) => {
    if ((levels.thresholds.length - 1 - k) % every !== 0) return;
    const edge = area.y + area.height - (k + 1) * block;
    marks.push({
      kind: 'path',
      subpaths: [{ points: [area.x + area.width, edge, area.x + area.width + 4, edge], closed: false }],
      stroke: '#444444',
      strokeWidth: 1,
    });
    marks.push({
      kind: 'text',
      x: area.x + area.width + 7,
      y: edge + 4,
      text: formatSignificant(threshold, 2),
      size: 11,
      fill: MUTED_INK,
    });
  });
  return marks;
}
