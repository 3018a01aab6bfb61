/**
 * A page's whole state as one typed object that round-trips through the URL. Each page declares a table
 * of fields (kind, default, range, scale); from it come the state's type, the parser of `location.search`
 * (a bad value falls back to its default and is named in a notice) and the query string that a link
 * reproduces the view from (defaults are left out, so links stay short).
 *
 * `hide` (controls a teacher hides) and `lang` are shared by every page and read by the shell.
 */
export type Field =
  | { kind: 'number'; default: number; min: number; max: number; scale?: 'log' | 'linear'; step?: number }
  | { kind: 'integer'; default: number; min: number; max: number }
  | { kind: 'boolean'; default: boolean }
  | { kind: 'choice'; default: string; choices: readonly string[] }
  | { kind: 'string'; default: string }
  /** A repeated key (?r=a&r=b), each entry checked by the page. */
  | { kind: 'list'; default: readonly string[]; max: number };

export type Table = Readonly<Record<string, Field>>;

type ValueOf<F extends Field> = F extends { kind: 'number' | 'integer' }
  ? number
  : F extends { kind: 'boolean' }
    ? boolean
    : F extends { kind: 'list' }
      ? readonly string[]
      : string;

export type StateOf<T extends Table> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** Keys every page reads besides its own table. */
export const SHARED_KEYS = ['hide', 'lang'] as const;

export function defaults<T extends Table>(table: T): StateOf<T> {
  return Object.fromEntries(Object.entries(table).map(([key, field]) => [key, field.default])) as StateOf<T>;
}

export interface ParsedQuery<T extends Table> {
  state: StateOf<T>;
  /** One line per key that was not understood; the view uses defaults there. */
  problems: string[];
}

export function readQuery<T extends Table>(table: T, search: string): ParsedQuery<T> {
  const params = new URLSearchParams(search);
  const state = defaults(table);
  const problems: string[] = [];
  for (const key of new Set(params.keys())) {
    if ((SHARED_KEYS as readonly string[]).includes(key)) continue;
    const field = table[key];
    if (field === undefined) {
      problems.push(`unknown key '${key}'; valid: ${Object.keys(table).join(', ')}`);
      continue;
    }
    const raw: string | string[] = field.kind === 'list' ? params.getAll(key) : (params.get(key) ?? '');
    const parsed = parseField(key, field, raw);
    if (parsed instanceof Problem) problems.push(parsed.problem);
    else (state as Record<string, unknown>)[key] = parsed;
  }
  return { state, problems };
}

class Problem {
  constructor(readonly problem: string) {}
}

function parseField(key: string, field: Field, raw: string | string[]): unknown {
  const text = Array.isArray(raw) ? '' : raw.trim();
  switch (field.kind) {
    case 'number':
    case 'integer': {
      const value = Number(text);
      const integer = field.kind === 'integer';
      const ok = text !== '' && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= field.min && value <= field.max;
      return ok ? value : new Problem(`${key}: ${show(text)} is not ${integer ? 'an integer' : 'a number'} in [${field.min}, ${field.max}]`);
    }
    case 'boolean':
      if (text === '1' || text === 'true') return true;
      if (text === '0' || text === 'false') return false;
      return new Problem(`${key}: ${show(text)} is not 1 or 0`);
    case 'choice':
      return field.choices.includes(text) ? text : new Problem(`${key}: ${show(text)} is not one of ${field.choices.join(', ')}`);
    case 'string':
      return text;
    case 'list': {
      const items = (raw as string[]).filter((item) => item.trim() !== '');
      return items.length <= field.max ? items : new Problem(`${key}: at most ${field.max} entries (got ${items.length})`);
    }
  }
}

function show(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** The query string of `state` (leading '?', or '' when everything is default), keeping hide and lang. */
export function writeQuery<T extends Table>(table: T, state: StateOf<T>, current: string): string {
  const old = new URLSearchParams(current);
  const params = new URLSearchParams();
  for (const [key, field] of Object.entries(table)) {
    const value = (state as Record<string, unknown>)[key];
    if (field.kind === 'list') {
      const list = value as readonly string[];
      if (list.join('\n') !== field.default.join('\n')) {
        list.forEach((item) => params.append(key, item));
        if (list.length === 0) params.append(key, '');
      }
    } else if (value !== field.default) {
      params.set(key, field.kind === 'boolean' ? (value ? '1' : '0') : String(value));
    }
  }
  for (const key of SHARED_KEYS) if (old.has(key)) params.set(key, old.get(key) ?? '');
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** The controls named in ?hide=lr,momentum (comma separated). */
export function hiddenControls(search: string): ReadonlySet<string> {
  const hide = new URLSearchParams(search).get('hide') ?? '';
  return new Set(hide.split(',').map((name) => name.trim()).filter((name) => name !== ''));
}
