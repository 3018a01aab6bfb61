/**
 * The UI text in English and Simplified Chinese (the course's language): ?lang=en|zh-CN, else the
 * browser's first language. Names of optimizers, surfaces and settings stay as the CLI spells them.
 */
import { en } from './text/en';
import { zhCN } from './text/zhCN';

export type Lang = 'en' | 'zh-CN';
export type TextKey = keyof typeof en;

const TEXTS: Record<Lang, Record<TextKey, string>> = { en, 'zh-CN': zhCN };

export function chooseLang(search: string, browser: readonly string[]): Lang {
  const asked = new URLSearchParams(search).get('lang');
  if (asked === 'en' || asked === 'zh-CN') return asked;
  return browser.some((tag) => tag.toLowerCase().startsWith('zh')) && !browser[0]?.toLowerCase().startsWith('en')
    ? 'zh-CN'
    : 'en';
}

export const lang: Lang =
  typeof location === 'undefined' ? 'en' : chooseLang(location.search, navigator.languages ?? [navigator.language]);

/** The text for `key`, with {name} placeholders filled from `values`. */
export function t(key: TextKey, values: Record<string, string | number> = {}): string {
  return TEXTS[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
