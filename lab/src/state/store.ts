/**
 * A page's state as one signal: read from the URL once, and written back (history.replaceState) on every
 * change, so the address bar always holds a link that reproduces the view.
 */
import { effect, signal, type Signal } from '@preact/signals';
import type { SettingRows, SettingsTable, Values } from '../../../src/config/settings';
import { readQuery, writeQuery } from './url';

/** Written at most this often: a drag changes the state every frame, and browsers throttle (and warn about) more than a few history updates per second. */
const URL_DELAY_MS = 150;

export interface PageStore<R extends SettingRows> {
  readonly table: SettingsTable<R>;
  readonly state: Signal<Values<R>>;
  /** What the URL held that the page could not use (shown as a notice). */
  readonly problems: readonly string[];
  set<K extends keyof Values<R>>(key: K, value: Values<R>[K]): void;
  patch(changes: Partial<Values<R>>): void;
}

export function pageStore<R extends SettingRows>(table: SettingsTable<R>): PageStore<R> {
  const { state: initial, problems } = readQuery(table, location.search);
  const state = signal(initial);
  let timer: ReturnType<typeof setTimeout> | undefined;
  effect(() => {
    const query = writeQuery(table, state.value, location.search);
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (query !== location.search) history.replaceState(null, '', `${location.pathname}${query}${location.hash}`);
    }, URL_DELAY_MS);
  });
  const patch = (changes: Partial<Values<R>>): void => {
    state.value = { ...state.value, ...changes };
  };
  return {
    table,
    state,
    problems,
    patch,
    set: (key, value) => patch({ [key]: value } as unknown as Partial<Values<R>>),
  };
}
