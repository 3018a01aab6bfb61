/**
 * A page's whole state as one typed object that round-trips through the URL, by the settings kit
 * (src/config/settings.ts): each page declares a settings table whose every row has a default; from it
 * come the state's type, the parser of `location.search` (a malformed value falls back to its default and
 * is named in a notice) and the query string a link reproduces the view from (defaults left out).
 *
 * `hide` (the controls a teacher hides) and `lang` are shared by every page and read by the shell.
 */
import type { SettingRows, SettingsTable, Values } from '../../../src/config/settings';

/** Keys every page reads besides its own table. */
export const SHARED_KEYS = ['hide', 'lang'] as const;

export type StateOf<T> = T extends SettingsTable<infer R> ? Values<R> : never;

export interface ParsedQuery<R extends SettingRows> {
  state: Values<R>;
  /** One line per key that was not understood; the view uses defaults there. */
  problems: string[];
}

export function readQuery<R extends SettingRows>(table: SettingsTable<R>, search: string): ParsedQuery<R> {
  const { values, notices } = table.fromQuery(search);
  const unknown = [...new Set(new URLSearchParams(search).keys())].filter(
    (key) => !Object.hasOwn(table.rows, key) && !(SHARED_KEYS as readonly string[]).includes(key),
  );
  const problems = [
    ...notices,
    ...unknown.map((key) => `${table.owner}: unknown setting '${key}'; valid: ${table.keys.join(', ')}`),
  ];
  return { state: { ...table.defaults(), ...values } as Values<R>, problems };
}

/** The query string of `state` (leading '?', or '' when everything is default), keeping hide and lang. */
export function writeQuery<R extends SettingRows>(table: SettingsTable<R>, state: Values<R>, current: string): string {
  const params = new URLSearchParams(table.toQuery(state));
  const old = new URLSearchParams(current);
  for (const key of SHARED_KEYS) if (old.has(key)) params.set(key, old.get(key) ?? '');
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** The controls named in ?hide=lr,momentum (comma separated). */
export function hiddenControls(search: string): ReadonlySet<string> {
  const hide = new URLSearchParams(search).get('hide') ?? '';
  return new Set(
    hide
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );
}
