/**
 * Tabular data from CSV text, in three steps so that nothing learnt from validation rows leaks into
 * training:
 *
 *   parseCsvTable(text)                 → CsvTable: header + string cells, each row with its line number
 *   fitPreprocessor(table, trainRows)   → CsvPreprocessor: column kinds, statistics of the TRAINING rows
 *   transform(preprocessor, table, rows) → Dataset
 *
 * `parseCsvDataset` runs the three with a shuffled train/validation split in between;
 * `transformCsv` applies a fitted preprocessor to another file (a test set).
 *
 * Columns:
 * - numeric (most non-empty cells are numbers; any other non-empty cell is then an error): standardised,
 *   z = (v − μ) / σ with μ and σ (population std, as scikit-learn's StandardScaler; σ = 0 is taken as 1)
 *   from the training rows; an empty cell is imputed with μ, so it becomes 0.
 * - categorical (otherwise): one-hot over the categories seen in the training rows, sorted; a category
 *   not seen there (or an empty cell) becomes all zeros.
 * - the target: classification when it is non-numeric or holds at most 20 distinct integers, else
 *   regression (override with `task`); class names are its distinct values, sorted (numerically when
 *   numeric), taken from every row, since the set of labels is part of the task, not a statistic to learn.
 *   Regression targets are kept as they are (not standardised).
 *
 * Column kinds are decided from all rows (a kind is not a statistic, and this way an error points at the
 * same line whatever the split). Line numbers are those a user sees in an editor: the header is line 1.
 */
import Papa from 'papaparse';
import { InputError } from '../errors.js';
import type { Random } from '../tensor/random.js';
import { splitIndices, type Dataset, type Task } from './dataset.js';

export interface CsvTable {
  /** Header names, trimmed. */
  columns: string[];
  /** Data rows of trimmed cells; blank lines are skipped. */
  rows: string[][];
  /** The line (1-based; the header is line 1) on which each row starts. */
  lines: number[];
  /** Prefix for error messages, e.g. the file name; empty for none. */
  source: string;
}

export type ColumnStats =
  | { name: string; kind: 'numeric'; mean: number; std: number }
  | { name: string; kind: 'categorical'; categories: string[] };

/** Everything needed to turn rows into a Dataset the same way again; JSON-safe, so it can be saved. */
export interface CsvPreprocessor {
  target: string;
  task: Task;
  /** The input columns in file order, with their training statistics. */
  columns: ColumnStats[];
  /** Classification: the class names, index = label. */
  classNames?: string[];
  featureNames: string[];
}

export interface CsvTableOptions {
  /** Field separator; default ','. */
  delimiter?: string;
  /** Names the input in error messages (e.g. a file path). */
  source?: string;
}

export interface CsvFitOptions {
  /** The column to predict. */
  target: string;
  /** Overrides the guess from the target's values. */
  task?: Task;
  /** Columns to leave out (an id, say). */
  ignore?: string[];
}

export interface CsvDatasetOptions extends CsvTableOptions, CsvFitOptions {
  /** The share of rows held out for validation, in (0, 1); default: no validation split. */
  validationFraction?: number;
  /** Needed with validationFraction: the shuffle behind the split. */
  random?: Random;
}

/** At most this many distinct integer values make a numeric target a classification target. */
export const MAX_INTEGER_CLASSES = 20;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(cell: string): number | null {
  if (!NUMBER.test(cell)) return null;
  const value = Number(cell);
  return Number.isFinite(value) ? value : null;
}

function fail(table: { source: string }, message: string): never {
  throw new InputError(table.source === '' ? message : `${table.source}: ${message}`);
}

export function parseCsvTable(text: string, options: CsvTableOptions = {}): CsvTable {
  const source = options.source ?? '';
  const delimiter = options.delimiter ?? ',';
  if (typeof delimiter !== 'string' || delimiter.length === 0 || /["\r\n]/.test(delimiter)) {
    fail(
      { source },
      `delimiter must be a non-empty string without quotes or line breaks (got ${JSON.stringify(delimiter)})`,
    );
  }
  // One line-break convention, so that counting '\n' counts the lines an editor shows.
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (normalized.trim() === '') fail({ source }, 'the CSV is empty: a header line naming the columns is required');
  const records = readRecords(normalized, delimiter, source);
  const [header, ...body] = records;
  const columns = checkHeader(header.cells, source);
  const table: CsvTable = { columns, rows: [], lines: [], source };
  for (const { cells, line } of body) {
    if (cells.length !== columns.length)
      fail(
        table,
        `line ${line} has ${cells.length} field${cells.length === 1 ? '' : 's'}; the header has ${columns.length}`,
      );
    table.rows.push(cells);
    table.lines.push(line);
  }
  if (table.rows.length === 0) fail(table, 'the CSV has a header but no data rows');
  return table;
}

/** The non-blank records of `text`, each with the line it starts on. */
function readRecords(text: string, delimiter: string, source: string): { cells: string[]; line: number }[] {
  const records: { cells: string[]; line: number }[] = [];
  let start = 0; // where the current record begins
  let line = 1; // the line on which it begins
  Papa.parse<string[]>(text, {
    delimiter,
    step: (result) => {
      const cells = result.data.map((cell) => cell.trim());
      if (result.errors.length > 0) {
        const reason =
          result.errors[0].code === 'MissingQuotes' ? 'a quoted field is not closed' : result.errors[0].message;
        fail({ source }, `line ${line}: ${reason}`);
      }
      if (!(cells.length === 1 && cells[0] === '')) records.push({ cells, line });
      const end = result.meta.cursor;
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      start = end;
    },
  });
  return records;
}

function checkHeader(header: string[], source: string): string[] {
  const seen = new Set<string>();
  header.forEach((name, i) => {
    if (name === '') fail({ source }, `line 1: column ${i + 1} has no name`);
    if (seen.has(name)) fail({ source }, `line 1: column '${name}' appears twice`);
    seen.add(name);
  });
  return header;
}

function columnIndex(table: CsvTable, name: string): number {
  const index = table.columns.indexOf(name);
  if (index < 0) fail(table, `no column '${name}'; columns: ${table.columns.join(', ')}`);
  return index;
}

/** A column is numeric when most of its non-empty cells (and at least one) are numbers. */
function isNumericColumn(table: CsvTable, col: number): boolean {
  let numbers = 0;
  let others = 0;
  for (const row of table.rows) {
    if (row[col] === '') continue;
    if (parseNumber(row[col]) === null) others++;
    else numbers++;
  }
  return numbers > 0 && numbers >= others;
}

/** The number in a numeric cell; null for an empty one; any other text is an error naming its line. */
function numericCell(table: CsvTable, row: number, col: number): number | null {
  const cell = table.rows[row][col];
  if (cell === '') return null;
  const value = parseNumber(cell);
  if (value === null)
    fail(table, `line ${table.lines[row]}, column '${table.columns[col]}': '${cell}' is not a number`);
  return value;
}

/** Fits the preprocessing on `trainRows` (indices into table.rows; default all rows). */
export function fitPreprocessor(
  table: CsvTable,
  trainRows: ArrayLike<number> | undefined,
  options: CsvFitOptions,
): CsvPreprocessor {
  const rows = trainRows === undefined ? table.rows.map((_, i) => i) : Array.from(trainRows);
  if (rows.length === 0) fail(table, 'no training rows to fit the preprocessing on');
  const targetCol = columnIndex(table, options.target);
  const ignored = new Set((options.ignore ?? []).map((name) => columnIndex(table, name)));
  const columns: ColumnStats[] = [];
  table.columns.forEach((name, col) => {
    if (col === targetCol || ignored.has(col)) return;
    columns.push(isNumericColumn(table, col) ? numericStats(table, rows, col) : categoricalStats(table, rows, col));
  });
  const featureNames = columns.flatMap((c) =>
    c.kind === 'numeric' ? [c.name] : c.categories.map((k) => `${c.name}=${k}`),
  );
  if (featureNames.length === 0) fail(table, `no input columns are left besides the target '${options.target}'`);
  const target = fitTarget(table, targetCol, options.task);
  return {
    target: options.target,
    task: target.task,
    columns,
    ...(target.classNames ? { classNames: target.classNames } : {}),
    featureNames,
  };
}

function numericStats(table: CsvTable, rows: number[], col: number): ColumnStats {
  // Every row is checked, so a bad cell is reported even when it falls in the validation part.
  for (let r = 0; r < table.rows.length; r++) numericCell(table, r, col);
  let count = 0;
  let sum = 0;
  for (const r of rows) {
    const v = numericCell(table, r, col);
    if (v !== null) {
      count++;
      sum += v;
    }
  }
  const mean = count === 0 ? 0 : sum / count;
  let squares = 0;
  for (const r of rows) {
    const v = numericCell(table, r, col);
    if (v !== null) squares += (v - mean) * (v - mean);
  }
  const std = count === 0 ? 0 : Math.sqrt(squares / count);
  return { name: table.columns[col], kind: 'numeric', mean, std };
}

function categoricalStats(table: CsvTable, rows: number[], col: number): ColumnStats {
  const categories = new Set<string>();
  for (const r of rows) if (table.rows[r][col] !== '') categories.add(table.rows[r][col]);
  return { name: table.columns[col], kind: 'categorical', categories: [...categories].sort() };
}

function fitTarget(table: CsvTable, col: number, task: Task | undefined): { task: Task; classNames?: string[] } {
  if (task !== undefined && task !== 'classification' && task !== 'regression') {
    fail(table, `task must be 'classification' or 'regression' (got ${JSON.stringify(task)})`);
  }
  const name = table.columns[col];
  const values: string[] = [];
  let numeric = true;
  table.rows.forEach((row, r) => {
    if (row[col] === '') fail(table, `line ${table.lines[r]}: the target '${name}' is empty`);
    if (parseNumber(row[col]) === null) {
      if (task === 'regression')
        fail(
          table,
          `line ${table.lines[r]}, column '${name}': '${row[col]}' is not a number (the target of a regression)`,
        );
      numeric = false;
    }
    values.push(row[col]);
  });
  const target = numeric
    ? fitNumericTarget(values.map(Number), task)
    : { task: 'classification' as const, classNames: [...new Set(values)].sort() };
  // One class leaves nothing to learn: every model scores accuracy 1.
  if (target.classNames?.length === 1)
    fail(
      table,
      `the target '${name}' has one class ('${target.classNames[0]}') in all ${values.length} rows; classification needs at least 2`,
    );
  return target;
}

function fitNumericTarget(values: number[], task: Task | undefined): { task: Task; classNames?: string[] } {
  const distinct = [...new Set(values)].sort((a, b) => a - b);
  const fewIntegers = distinct.length <= MAX_INTEGER_CLASSES && distinct.every(Number.isInteger);
  if (task === 'regression' || (task === undefined && !fewIntegers)) return { task: 'regression' };
  return { task: 'classification', classNames: distinct.map(String) };
}

/** The rows `rows` (default all) of `table` as a Dataset, preprocessed by `preprocessor`. */
export function transform(preprocessor: CsvPreprocessor, table: CsvTable, rows?: ArrayLike<number>): Dataset {
  const indices = rows === undefined ? table.rows.map((_, i) => i) : Array.from(rows);
  const n = indices.length;
  const features = preprocessor.featureNames.length;
  const x = new Float32Array(n * features);
  let offset = 0;
  for (const column of preprocessor.columns) {
    const col = columnIndex(table, column.name);
    if (column.kind === 'numeric') {
      const scale = column.std > 0 ? column.std : 1;
      indices.forEach((r, i) => {
        const v = numericCell(table, r, col);
        x[i * features + offset] = v === null ? 0 : (v - column.mean) / scale;
      });
      offset += 1;
    } else {
      indices.forEach((r, i) => {
        const k = column.categories.indexOf(table.rows[r][col]);
        if (k >= 0) x[i * features + offset + k] = 1;
      });
      offset += column.categories.length;
    }
  }
  const base = { x, n, features, featureNames: [...preprocessor.featureNames] };
  const targetCol = columnIndex(table, preprocessor.target);
  if (preprocessor.task === 'regression') {
    const y = Float32Array.from(indices, (r) => targetValue(table, r, targetCol));
    return { ...base, y, task: 'regression', targets: 1 };
  }
  const classNames = preprocessor.classNames ?? [];
  const y = Int32Array.from(indices, (r) => classIndex(table, r, targetCol, classNames));
  return { ...base, y, task: 'classification', classes: classNames.length, classNames: [...classNames] };
}

function targetValue(table: CsvTable, row: number, col: number): number {
  const v = numericCell(table, row, col);
  if (v === null) fail(table, `line ${table.lines[row]}: the target '${table.columns[col]}' is empty`);
  return v;
}

function classIndex(table: CsvTable, row: number, col: number, classNames: string[]): number {
  const cell = table.rows[row][col];
  if (cell === '') fail(table, `line ${table.lines[row]}: the target '${table.columns[col]}' is empty`);
  // Numeric class names were written with String(number): '1.0' and '1' name the same class.
  const value = parseNumber(cell);
  let k = classNames.indexOf(cell);
  if (k < 0 && value !== null) k = classNames.indexOf(String(value));
  if (k < 0)
    fail(
      table,
      `line ${table.lines[row]}, column '${table.columns[col]}': class '${cell}' is not one of ${classNames.join(', ')}`,
    );
  return k;
}

/**
 * Parses CSV text into a training set and, with `validationFraction`, a shuffled validation set. The
 * preprocessing is fitted on the training rows only; apply the returned preprocessor to test data with
 * `transformCsv`.
 */
export function parseCsvDataset(
  text: string,
  options: CsvDatasetOptions,
): { train: Dataset; validation?: Dataset; preprocessor: CsvPreprocessor } {
  checkDatasetOptions(options);
  const table = parseCsvTable(text, options);
  if (options.validationFraction === undefined) {
    const preprocessor = fitPreprocessor(table, undefined, options);
    return { train: transform(preprocessor, table), preprocessor };
  }
  if (options.random === undefined)
    fail(table, 'validationFraction needs a random (a seeded Random) to shuffle the rows');
  const split = splitIndices(table.rows.length, options.validationFraction, options.random);
  const preprocessor = fitPreprocessor(table, split.train, options);
  return {
    train: transform(preprocessor, table, split.train),
    validation: transform(preprocessor, table, split.validation),
    preprocessor,
  };
}

const DATASET_OPTIONS = ['target', 'task', 'ignore', 'validationFraction', 'random', 'delimiter', 'source'];

function checkDatasetOptions(options: CsvDatasetOptions): void {
  for (const key of Object.keys(options)) {
    if (!DATASET_OPTIONS.includes(key))
      throw new InputError(`csv: unknown option '${key}'; valid options: ${DATASET_OPTIONS.join(', ')}`);
  }
  if (typeof options.target !== 'string' || options.target === '') {
    throw new InputError(`csv: target must be the name of a column (got ${JSON.stringify(options.target)})`);
  }
}

/** CSV text (a test set, say) preprocessed exactly as the data `preprocessor` was fitted on. */
export function transformCsv(text: string, preprocessor: CsvPreprocessor, options: CsvTableOptions = {}): Dataset {
  return transform(preprocessor, parseCsvTable(text, options));
}
