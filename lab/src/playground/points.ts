/**
 * Your own points in the playground: added by clicks, loaded from a CSV file (x,y,label) or kept in the
 * link. They train through the library's CSV reader (src/data/csv.ts), the one `downhill train --dataset
 * csv:FILE` uses, on the text `pointsCsv` writes, so the exported file and config give the CLI the same run.
 */
import Papa from 'papaparse';
import { MAX_TOY_CLASSES } from '../../../src/data/toy';
import { InputError } from '../../../src/errors';

/** x, y and the class of each point, one after the other. */
export type Points = number[];

/** The file the exported config names, and the columns it holds. */
export const POINTS_FILE = 'playground-points.csv';
export const POINTS_COLUMNS = ['x1', 'x2', 'label'] as const;
/** A link holds at most this many points (about 20 characters each); more are shared as a CSV file. */
export const LINK_POINTS = 200;

/** Two decimals: a click is a few pixels wide, and the link stays short. */
export function roundCoordinate(v: number): number {
  return Math.round(v * 100) / 100;
}

/** The points as the link holds them: "x,y,label;x,y,label". */
export function encodePoints(points: Points): string {
  const triples: string[] = [];
  for (let k = 0; k < points.length; k += 3) triples.push(`${points[k]},${points[k + 1]},${points[k + 2]}`);
  return triples.join(';');
}

export function decodePoints(text: string): Points {
  if (text.trim() === '') return [];
  return text.split(';').flatMap((triple, row) => {
    const cells = triple.split(',');
    if (cells.length !== 3) throw new InputError(`point ${row + 1}: '${triple}' is not x,y,label`);
    return checkedPoint(cells, `point ${row + 1}`);
  });
}

/** The points as CSV text with a header: what the CLI reads and the page trains on. */
export function pointsCsv(points: Points): string {
  const lines = [POINTS_COLUMNS.join(',')];
  for (let k = 0; k < points.length; k += 3) lines.push(`${points[k]},${points[k + 1]},${points[k + 2]}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A CSV file of points: a header naming x1 (or x), x2 (or y) and label, in any order, then one point a
 * row. The first bad row is named: "row 7 (line 8): label must be an integer 0..5 (got 'x')".
 */
export function parsePointsCsv(text: string, source: string): Points {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, '').trim(), { skipEmptyLines: true });
  const [header, ...rows] = parsed.data;
  const names = (header ?? []).map((name) => name.trim().toLowerCase());
  const find = (...spellings: string[]) => names.findIndex((name) => spellings.includes(name));
  const columns = [find('x1', 'x'), find('x2', 'y'), find('label', 'class')];
  if (columns.includes(-1))
    throw new InputError(`${source}: the header must name the columns x1 (or x), x2 (or y) and label`);
  if (rows.length === 0) throw new InputError(`${source}: the file has a header but no points`);
  return rows.flatMap((cells, k) =>
    checkedPoint(
      columns.map((c) => cells[c] ?? ''),
      `${source}: row ${k + 1} (line ${k + 2})`,
    ),
  );
}

function checkedPoint([x, y, label]: string[], where: string): Points {
  const number = (text: string, name: string) => {
    const v = text.trim() === '' ? NaN : Number(text);
    if (!Number.isFinite(v)) throw new InputError(`${where}: ${name} must be a finite number (got '${text}')`);
    return v;
  };
  const c = Number(label.trim() === '' ? NaN : label);
  if (!(Number.isInteger(c) && c >= 0 && c < MAX_TOY_CLASSES))
    throw new InputError(`${where}: label must be an integer 0..${MAX_TOY_CLASSES - 1} (got '${label}')`);
  return [number(x, 'x1'), number(y, 'x2'), c];
}
