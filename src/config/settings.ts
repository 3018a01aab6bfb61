/**
 * Settings tables: each setting of a command declared once — its key, kind, default, valid range and help
 * text — and everything else derived from that one row: the command-line flag and its help (src/cli/flags.ts),
 * the config-file parser with its unknown-key and range errors, the TypeScript type of the config, the
 * lab's controls and URL state, and the dimensions a search space may range over.
 *
 *   const trainSettings = settingsTable('train', {
 *     epochs: integer({ default: 10, min: 1, help: 'epochs to train' }),
 *     lr: number({ min: 0, minOpen: true, scale: 'log', help: "the optimizer's learning rate" }),
 *   });
 *   type TrainConfig = SettingsValues<typeof trainSettings>;   // { epochs: number; lr?: number }
 *
 * A config is data: only its own keys are read (never `constructor` or `__proto__` through the prototype),
 * and every error is one InputError line naming the setting, the valid range and the value given.
 */
import { InputError } from '../errors.js';
import { camelCaseKeys, normalizeName } from './names.js';
import { parseSpec, type Spec } from './spec.js';
import { show } from './validate.js';

/** How a control shows a setting in the lab, and how a search space may range over it. */
export type SettingControl =
  'slider' | 'log-slider' | 'integer' | 'toggle' | 'choice' | 'text' | 'spec' | 'point' | 'object';

/** One row of a settings table. `T` is the value's type; `D` whether the setting always has a value. */
export interface Setting<T = unknown, D extends boolean = boolean> {
  readonly control: SettingControl;
  readonly help: string;
  /** The value when none is given; absent for optional settings (and required ones). */
  readonly default?: T;
  /** Must be given (there is no sensible default, e.g. the output directory). */
  readonly required: boolean;
  /** May differ when a run is resumed (where it reports, how long it runs); the rest define the run. */
  readonly resumable: boolean;
  /** The valid range in words, for help texts and errors: "> 0", "an integer in [1, 256]". */
  readonly range: string;
  /** Bounds for sliders and search spaces (numbers), or the valid values (choices). */
  readonly min?: number;
  readonly max?: number;
  readonly values?: readonly string[];
  /** The placeholder of the flag's value in --help: `--lr <rate>`; absent for switches. */
  readonly placeholder?: string;
  /** The value's type check and range check; throws an InputError naming `where`. */
  parse(value: unknown, where: string): T;
  /** A value typed on a command line or in a URL (a string) read as a value of this setting. */
  parseText(text: string, where: string): T;
  /** The value written back as text (flags, URLs): parseText(format(v)) equals v. */
  format(value: T): string;
  /**
   * Given once per item (`--optimizer a --optimizer b`, `?optimizer=a&optimizer=b`): the texts are read
   * together and written back one per item. The flag is then named after one item (`flag`).
   */
  readonly repeated?: {
    readonly flag: string;
    /** The items the texts hold (one each, or several split at a separator), for `parse`. */
    items(texts: readonly string[]): string[];
    formatTexts(value: T): string[];
  };
  /** Type-level marker only. */
  readonly __always?: D;
}

interface Common<T> {
  help: string;
  default?: T;
  required?: boolean;
  resumable?: boolean;
  placeholder?: string;
}

function row<T, D extends boolean>(
  common: Common<T>,
  fields: Omit<Setting<T, D>, 'help' | 'default' | 'required' | 'resumable' | '__always'>,
): Setting<T, D> {
  return {
    help: common.help,
    required: common.required ?? false,
    resumable: common.resumable ?? false,
    ...(common.default === undefined ? {} : { default: common.default }),
    ...fields,
  };
}

export type Always<C> = C extends { default: unknown } ? true : C extends { required: true } ? true : false;

// ——— Numbers ———

interface NumberOptions extends Common<number> {
  min?: number;
  max?: number;
  /** The bound itself is outside the range: (0, ∞) rather than [0, ∞). */
  minOpen?: boolean;
  maxOpen?: boolean;
  /** How a slider or a search space spreads values: 'log' for rates that span decades. */
  scale?: 'linear' | 'log';
  /** A note appended to the range in errors: "(0: no validation set)". */
  note?: string;
}

/** A finite number in a range. */
export function number<const C extends NumberOptions>(options: C): Setting<number, Always<C>> {
  const range = numberRange(options, false);
  const parse = (value: unknown, where: string): number => {
    // An infinity may be inside the bounds (>= 0) and is still refused: say why.
    if (typeof value === 'number' && !Number.isFinite(value) && !Number.isNaN(value))
      fail(where, finiteRange(range), value);
    if (typeof value !== 'number') fail(where, numberNoun(range), value);
    if (!Number.isFinite(value) || !withinBounds(value, options)) fail(where, range, value);
    return value;
  };
  return row(options, {
    control: options.scale === 'log' ? 'log-slider' : 'slider',
    range,
    ...bounds(options),
    placeholder: options.placeholder ?? 'x',
    parse,
    parseText: (text, where) => parse(numberFromText(text, where, range), where),
    format: String,
  });
}

interface IntegerOptions extends Common<number> {
  min?: number;
  max?: number;
}

/** An integer in a range. */
export function integer<const C extends IntegerOptions>(options: C): Setting<number, Always<C>> {
  const range = numberRange(options, true);
  const parse = (value: unknown, where: string): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || !withinBounds(value, options))
      fail(where, range, value);
    return value;
  };
  return row(options, {
    control: 'integer',
    range,
    ...bounds(options),
    placeholder: options.placeholder ?? 'n',
    parse,
    parseText: (text, where) => parse(numberFromText(text, where, range), where),
    format: String,
  });
}

function bounds(o: { min?: number; max?: number }): { min?: number; max?: number } {
  return { ...(o.min === undefined ? {} : { min: o.min }), ...(o.max === undefined ? {} : { max: o.max }) };
}

function withinBounds(v: number, o: NumberOptions): boolean {
  if (o.min !== undefined && (o.minOpen ? v <= o.min : v < o.min)) return false;
  if (o.max !== undefined && (o.maxOpen ? v >= o.max : v > o.max)) return false;
  return true;
}

/** "> 0", ">= 1", "in [0, 1)", "an integer in [1, 256]", "a finite number". */
function numberRange(o: NumberOptions, isInteger: boolean): string {
  const kind = isInteger ? 'an integer' : '';
  let range: string;
  if (o.min !== undefined && o.max !== undefined) {
    range = `in ${o.minOpen ? '(' : '['}${o.min}, ${o.max}${o.maxOpen ? ')' : ']'}`;
  } else if (o.min !== undefined) {
    range = `${o.minOpen ? '>' : '>='} ${o.min}`;
  } else if (o.max !== undefined) {
    range = `${o.maxOpen ? '<' : '<='} ${o.max}`;
  } else {
    range = isInteger ? '' : 'a finite number';
  }
  const text = [kind, range].filter((part) => part !== '').join(' ');
  return o.note === undefined ? text : `${text} ${o.note}`;
}

/** A number's range as a noun phrase, for a value that is no number at all: "> 0" → "a number > 0". */
export function numberNoun(range: string): string {
  return range.startsWith('a ') ? range : `a number ${range}`;
}

/** ">= 0" → "a finite number >= 0"; "a finite number" stays. */
function finiteRange(range: string): string {
  return range.startsWith('a finite number') ? range : `a finite number ${range}`;
}

/** Text as a number: '' and words are NaN, '1e-3' and 'Infinity' parse. */
function textToNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** A number typed as text; a word, NaN or an overflow (1e400) is refused showing the text as typed. */
function numberFromText(text: string, where: string, range: string): number {
  const value = textToNumber(text);
  if (!Number.isFinite(value)) fail(where, range, text);
  return value;
}

// ——— Switches, choices, text ———

/** true or false; on a command line a switch (`--batch-norm`, `--no-shuffle`). */
export function boolean<const C extends Common<boolean>>(options: C): Setting<boolean, Always<C>> {
  return row(options, {
    control: 'toggle',
    range: 'true or false',
    parse: (value, where) => {
      if (typeof value !== 'boolean') fail(where, 'true or false', value);
      return value;
    },
    parseText: (text, where) => {
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      return fail(where, 'true or false', text);
    },
    format: String,
  });
}

/**
 * One of a fixed list of words; case, '-' and '_' do not matter, and the canonical spelling is kept. A
 * number stands for its decimal spelling, since a spec such as `nadam:pytorch=1.13` reads 1.13 as a number.
 */
export function choice<const V extends string, const C extends Common<V>>(
  values: readonly V[],
  options: C,
): Setting<V, Always<C>> {
  const range =
    values.length === 1
      ? `'${values[0]}'`
      : values.length === 2
        ? `'${values[0]}' or '${values[1]}'`
        : `one of ${values.map((v) => `'${v}'`).join(', ')}`;
  const parse = (value: unknown, where: string): V => {
    const word = typeof value === 'number' ? String(value) : value;
    const found = typeof word === 'string' ? values.find((v) => normalizeName(v) === normalizeName(word)) : undefined;
    if (found === undefined) fail(where, range, value);
    return found;
  };
  return row(options, {
    control: 'choice',
    range,
    values,
    placeholder: options.placeholder ?? 'name',
    parse,
    parseText: parse,
    format: String,
  });
}

interface TextOptions extends Common<string> {
  /** What the text is, for errors: "a formula in epoch" (default "a non-empty string"). */
  describe?: string;
  /** Checks the text further (a model spec, a data-set name); throws an InputError. */
  check?: (text: string, where: string) => void;
}

/** A non-empty string: a path, a column name, a model spec. */
export function text<const C extends TextOptions>(options: C): Setting<string, Always<C>> {
  const range = options.describe ?? 'a non-empty string';
  const parse = (value: unknown, where: string): string => {
    if (typeof value !== 'string' || value === '') fail(where, range, value);
    options.check?.(value, where);
    return value;
  };
  return row(options, {
    control: 'text',
    range,
    placeholder: options.placeholder ?? 'text',
    parse,
    parseText: parse,
    format: String,
  });
}

interface SpecOptions extends Common<Spec> {
  /** What the spec names, for errors: 'optimizer', 'schedule', 'function'. */
  kind: string;
  /** Reads a spec typed on a command line; default parseSpec (`name:key=value,…`). */
  fromText?: (text: string) => Spec;
  /** Checks the spec further (a known name, known options); throws an InputError. */
  check?: (spec: Spec, where: string) => void;
}

/**
 * A name with options: `"adam:lr=0.01,betas=[0.9,0.99]"` on a command line, `{"name": "adam", "lr": 0.01}`
 * (or the same string) in a config. PyTorch's snake_case option names are read camelCased; nested lists of
 * specs (a sequential schedule's `schedules`) are read the same way.
 */
export function spec<const C extends SpecOptions>(options: C): Setting<Spec, Always<C>> {
  const fromText = options.fromText ?? ((text: string) => parseSpec(options.kind, text));
  const read = (value: unknown, where: string): Spec => {
    if (typeof value === 'string') return fromText(value);
    if (!isRecord(value) || typeof value.name !== 'string') {
      throw new InputError(`${where} must be a spec like "name:key=value" or {"name": …} (got ${show(value)})`);
    }
    const out = camelCaseKeys(value.name, value) as Spec;
    for (const listKey of ['schedules', 'schedulers']) {
      const list = out[listKey];
      if (Array.isArray(list)) out[listKey] = list.map((inner, i) => read(inner, `${where}.${listKey}[${i}]`));
    }
    return out;
  };
  const parse = (value: unknown, where: string): Spec => {
    const result = read(value, where);
    options.check?.(result, where);
    return result;
  };
  return row(options, {
    control: 'spec',
    range: `a ${options.kind} spec`,
    placeholder: options.placeholder ?? 'spec',
    parse,
    parseText: (text, where) => parse(fromText(text), where),
    format: formatSpec,
  });
}

/** {name: 'adam', lr: 0.01, betas: [0.9, 0.99]} → "adam:lr=0.01,betas=[0.9,0.99]", what parseSpec reads back. */
export function formatSpec(value: Spec): string {
  const { name, ...options } = value;
  const pairs = Object.entries(options).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return pairs.length === 0 ? name : `${name}:${pairs.join(',')}`;
}

interface PointOptions extends Common<number[]> {
  /** How many numbers: 2 for a start point (x,y), 4 for a window (x0,x1,y0,y1). */
  length: number;
  /** Words for the range in errors: "two finite numbers x,y". */
  describe: string;
  check?: (value: number[], where: string) => void;
}

/** A fixed number of finite numbers: `-1.5,2` on a command line, `[-1.5, 2]` in a config. */
export function point<const C extends PointOptions>(options: C): Setting<number[], Always<C>> {
  const parse = (value: unknown, where: string): number[] => {
    const ok =
      Array.isArray(value) &&
      value.length === options.length &&
      value.every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!ok) fail(where, options.describe, value);
    options.check?.(value, where);
    return [...(value as number[])];
  };
  return row(options, {
    control: 'point',
    range: options.describe,
    placeholder: options.placeholder ?? 'x,y',
    parse,
    parseText: (text, where) => parse(text.split(',').map(textToNumber), where),
    format: (value) => value.join(','),
  });
}

interface ListOptions<T> extends Common<T[]> {
  /** The flag of one item: `optimizer` for the `optimizers` list. */
  flag: string;
  /** One item in words, for errors: "an optimizer spec". */
  describe: string;
  /** Several items may share one text, split at this (`--only race,momentum`). */
  separator?: string;
  min?: number;
  max?: number;
  item(value: unknown, where: string): T;
  formatItem(value: T): string;
}

type ItemOf<C> = C extends { item: (value: unknown, where: string) => infer T } ? T : never;

/** A list of items, each given as its own flag (`--optimizer a --optimizer b`) or as a JSON array. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function list<const C extends ListOptions<any>>(options: C): Setting<ItemOf<C>[], Always<C>> {
  type T = ItemOf<C>;
  const { min = 0, max = Number.POSITIVE_INFINITY } = options;
  const range = `a list of ${min}${max === Number.POSITIVE_INFINITY ? ' or more' : ` to ${max}`} items, each ${options.describe}`;
  const parse = (value: unknown, where: string): T[] => {
    if (!Array.isArray(value)) fail(where, range, value);
    if (value.length < min || value.length > max)
      throw new InputError(`${where} must have ${min} to ${max} items (got ${value.length})`);
    return value.map((item, i) => options.item(item, `${where}[${i}]`));
  };
  const split = (text: string): string[] =>
    options.separator === undefined
      ? [text]
      : text
          .split(options.separator)
          .map((part) => part.trim())
          .filter((part) => part !== '');
  const items = (texts: readonly string[]): string[] => texts.flatMap(split);
  const formatTexts = (value: T[]): string[] => value.map(options.formatItem);
  return row(options, {
    control: 'text',
    range,
    placeholder: options.placeholder ?? 'item',
    parse,
    parseText: (text, where) => parse(items([text]), where),
    format: (value) => formatTexts(value).join(' '),
    repeated: { flag: options.flag, items, formatTexts },
  });
}

interface ObjectOptions<T> extends Common<T> {
  /** The valid values in words: "a Dataset", "a function". */
  describe: string;
  /** Whether a value is one; a value that is not is refused with `describe`. */
  is: (value: unknown) => boolean;
  /** Checks a value further (throws an InputError naming `where`). */
  check?: (value: T, where: string) => void;
}

/** A value that code passes (a data set, a callback, a generator): checked, never typed as text. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function object<const C extends ObjectOptions<any>>(options: C): Setting<ObjectOf<C>, Always<C>> {
  type T = ObjectOf<C>;
  const parse = (value: unknown, where: string): T => {
    if (!options.is(value)) fail(where, options.describe, value);
    options.check?.(value as T, where);
    return value as T;
  };
  return row(options, {
    control: 'object',
    range: options.describe,
    parse,
    parseText: (text, where) => fail(where, options.describe, text),
    format: () => '',
  });
}

/** The value's type: from `check` or the default, else from `is` where it is a type guard. */
type ObjectOf<C> = C extends ObjectOptions<infer T> ? (unknown extends T ? GuardedBy<C> : T) : never;
type GuardedBy<C> = C extends { is: (value: unknown) => value is infer G } ? G : unknown;

/** A row that also takes null (PyTorch's None), e.g. L-BFGS's `maxEval` or `lineSearchFn`. */
export function orNull<T>(inner: Setting<T>, options: { default?: null } = {}): Setting<T | null, boolean> {
  const range = `null or ${inner.range}`;
  const parse = (value: unknown, where: string): T | null => {
    if (value === null) return null;
    try {
      return inner.parse(value, where);
    } catch (error) {
      if (error instanceof InputError) fail(where, range, value);
      throw error;
    }
  };
  return {
    ...inner,
    ...(options.default === null ? { default: null } : {}),
    range,
    parse,
    parseText: (text, where) => (text === 'null' ? null : inner.parseText(text, where)),
    format: (value) => (value === null ? 'null' : inner.format(value)),
  };
}

// ——— Tables ———

export type SettingRows = Readonly<Record<string, Setting<unknown, boolean>>>;

type ValueOf<S> = S extends Setting<infer T, boolean> ? T : never;
type AlwaysKeys<R extends SettingRows> = { [K in keyof R]: R[K] extends Setting<unknown, true> ? K : never }[keyof R];
type OptionalKeys<R extends SettingRows> = Exclude<keyof R, AlwaysKeys<R>>;

/** The config a table describes: settings with a default or required always have a value; the rest may not. */
export type Values<R extends SettingRows> = { -readonly [K in AlwaysKeys<R>]: ValueOf<R[K]> } & {
  -readonly [K in OptionalKeys<R>]?: ValueOf<R[K]>;
};

export type SettingsValues<T> = T extends SettingsTable<infer R> ? Values<R> : never;

export interface SettingsTable<R extends SettingRows> {
  /** Who the settings belong to, as errors name it: 'train', 'trace', 'race'. */
  readonly owner: string;
  readonly rows: R;
  readonly keys: readonly (keyof R & string)[];
  /** A config as given (a parsed JSON object, or flags already read): checked, defaults filled in. */
  parse(raw: unknown): Values<R>;
  /** The settings given, checked, with no defaults filled in and no required check (for merging). */
  parsePartial(raw: unknown): Partial<Values<R>>;
  /** The defaults of every setting that has one. */
  defaults(): Partial<Values<R>>;
  /** `key=value&…` of the values that differ from their defaults (what a URL or a link carries). */
  toQuery(values: Partial<Values<R>>): string;
  /**
   * A URL's query read back: each well-formed field is kept, each malformed one is dropped with a notice
   * (so a page falls back to the default and says why, instead of failing).
   */
  fromQuery(query: string): { values: Partial<Values<R>>; notices: string[] };
}

/** `noun` is what errors call a row: 'setting' (a command's), 'option' (a library function's). */
export function settingsTable<const R extends SettingRows>(
  owner: string,
  rows: R,
  { noun = 'setting' } = {},
): SettingsTable<R> {
  const keys = Object.keys(rows) as (keyof R & string)[];
  const where = (key: string): string => `${owner}: ${key}`;

  const parsePartial = (raw: unknown): Partial<Values<R>> => {
    if (!isRecord(raw)) throw new InputError(`${owner}: the ${noun}s must be a JSON object (got ${show(raw)})`);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(raw)) {
      if (!Object.hasOwn(rows, key)) {
        throw new InputError(`${owner}: unknown ${noun} '${key}'; valid: ${keys.join(', ')}`);
      }
      const value = raw[key];
      if (value !== undefined && value !== null) out[key] = rows[key].parse(value, where(key));
    }
    return out as Partial<Values<R>>;
  };

  const defaults = (): Partial<Values<R>> => {
    const out: Record<string, unknown> = {};
    for (const key of keys) if (rows[key].default !== undefined) out[key] = structuredClone(rows[key].default);
    return out as Partial<Values<R>>;
  };

  return {
    owner,
    rows,
    keys,
    parsePartial,
    defaults,
    parse(raw) {
      const given = parsePartial(raw) as Record<string, unknown>;
      for (const key of keys) {
        const row = rows[key];
        if (!row.required || given[key] !== undefined) continue;
        // A command's setting is also a flag; a library function's option is not.
        const flag =
          noun === 'setting'
            ? `--${flagName(row.repeated?.flag ?? key)}${row.placeholder === undefined ? '' : ` <${row.placeholder}>`}: `
            : '';
        throw new InputError(`${owner}: '${key}' is required (${flag}${row.help})`);
      }
      return { ...defaults(), ...given } as Values<R>;
    },
    toQuery(values) {
      const params = new URLSearchParams();
      for (const key of keys) {
        const value = (values as Record<string, unknown>)[key];
        if (value === undefined) continue;
        const row = rows[key];
        if (row.default !== undefined && row.format(value) === row.format(row.default)) continue;
        if (row.repeated) for (const item of row.repeated.formatTexts(value)) params.append(key, item);
        else params.set(key, row.format(value));
      }
      return params.toString();
    },
    fromQuery(query) {
      const values: Record<string, unknown> = {};
      const notices: string[] = [];
      const params = new URLSearchParams(query);
      for (const key of new Set(params.keys())) {
        if (!Object.hasOwn(rows, key)) continue;
        const row = rows[key];
        try {
          values[key] = row.repeated
            ? row.parse(row.repeated.items(params.getAll(key)), where(key))
            : row.parseText(params.get(key) ?? '', where(key));
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          notices.push(error.message);
        }
      }
      return { values: values as Partial<Values<R>>, notices };
    },
  };
}

/** The command-line flag of a setting: `batchSize` → `batch-size` (`--batch-size`). */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(where: string, range: string, value: unknown): never {
  throw new InputError(`${where} must be ${range} (got ${show(value)})`);
}
