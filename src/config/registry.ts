/**
 * The registry kit: every list of named things (optimizers, schedules, functions, activations, data sets,
 * models, figures) is one `registry`, so each name is declared once and looked up one way — case, '_' and
 * '-' do not matter, aliases (PyTorch's class names) work, and an unknown name is one InputError listing the
 * valid ones. `downhill list`, the README tables' test, the fixture generators and the lab's menus all read
 * the same entries.
 */
import { InputError } from '../errors.js';
import { normalizeName } from './names.js';

/** What every entry says about itself; registries add their own fields (a factory, an option table, …). */
export interface RegistryEntry {
  /** One line: what it is, for `downhill list` and the lab's menus. */
  readonly summary: string;
  /** Other names it answers to, e.g. PyTorch's class name (`CosineAnnealingLR` for `cosine`). */
  readonly aliases?: readonly string[];
}

export interface Registry<E extends RegistryEntry> {
  /** What the entries are, as errors name them: 'optimizer', 'schedule'. */
  readonly kind: string;
  /** The canonical names, in declaration order. */
  readonly names: readonly string[];
  has(name: string): boolean;
  /** The canonical name of `name` (any spelling or alias); an unknown name is an InputError. */
  canonical(name: unknown): string;
  get(name: unknown): E;
  entries(): [string, E][];
}

/**
 * A registry over `entries` (canonical name → entry). `valid` overrides the list in the unknown-name error
 * when more than the names is valid (e.g. "fashion-mnist, csv:FILE, circle, …").
 */
export function registry<E extends RegistryEntry>(
  kind: string,
  entries: Readonly<Record<string, E>>,
  valid?: string,
): Registry<E> {
  const names = Object.keys(entries);
  const index = new Map<string, string>();
  for (const name of names) {
    for (const spelling of [name, ...(entries[name].aliases ?? [])]) {
      const key = normalizeName(spelling);
      const taken = index.get(key);
      if (taken !== undefined && taken !== name)
        throw new Error(`${kind} registry: '${spelling}' names both ${taken} and ${name}`);
      index.set(key, name);
    }
  }
  const aliases = names.flatMap((name) => entries[name].aliases ?? []);
  const validText = valid ?? names.join(', ') + (aliases.length === 0 ? '' : ` (or: ${aliases.join(', ')})`);
  const find = (name: string): string | undefined => index.get(normalizeName(name));
  const canonical = (name: unknown): string => {
    if (typeof name !== 'string')
      throw new InputError(`${kind} name must be a string (got ${JSON.stringify(name) ?? String(name)})`);
    const found = find(name);
    if (found === undefined) throw new InputError(`unknown ${kind} '${name}'; valid: ${validText}`);
    return found;
  };
  return {
    kind,
    names,
    has: (name) => find(name) !== undefined,
    canonical,
    get: (name) => entries[canonical(name)],
    entries: () => names.map((name) => [name, entries[name]]),
  };
}
