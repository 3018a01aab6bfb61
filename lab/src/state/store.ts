/**
 * A page's state as one signal: read from the URL once, and written back (history.replaceState) on every
 * change, so the address bar always holds a link that reproduces the view.
 */
import { effect, signal, type Signal } from '@preact/signals';
import { readQuery, writeQuery, type StateOf, type Table } from './url';

const URL_DELAY_MS = 150;

export interface PageStore<T extends Table> {
  readonly table: T;
  readonly state: Signal<StateOf<T>>;
  /** What the URL held that the page could not use (shown as a notice). */
  readonly problems: readonly string[];
  set<K extends keyof T>(key: K, value: StateOf<T>[K]): void;
  patch(changes: Partial<StateOf<T>>): void;
}

export function pageStore<T extends Table>(table: T): PageStore<T> {
  const { state: initial, problems } = readQuery(table, location.search);
  const state = signal(initial);
  // Written at most every URL_DELAY_MS: a drag changes the state every frame, and browsers throttle
  // (and warn about) more than a few history updates per second.
  let timer: ReturnType<typeof setTimeout> | undefined;
  effect(() => {
    const query = writeQuery(table, state.value, location.search);
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (query !== location.search) history.replaceState(null, '', `${location.pathname}${query}${location.hash}`);
    }, URL_DELAY_MS);
  });
  const patch = (changes: Partial<StateOf<T>>): void => {
    state.value = { ...state.value, ...changes };
  };
  return { table, state, problems, patch, set: (key, value) => patch({ [key]: value } as unknown as Partial<StateOf<T>>) };
}
