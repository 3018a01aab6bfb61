/**
 * The frame of every page: the navigation between the lab's pages (plain links, each page its own
 * address), the language switch, and a notice when the URL held settings the page could not use.
 */
import 'katex/dist/katex.min.css';
import 'uplot/dist/uPlot.min.css';
import '../style.css';
import { render, type ComponentChildren } from 'preact';
import { lang, t, type TextKey } from '../i18n';
import { hiddenControls } from '../state/url';
import { HiddenContext } from './hidden';
import { registerOffline } from '../offline';

const PAGES: { href: string; key: TextKey }[] = [
  { href: './index.html', key: 'home' },
  { href: './race.html', key: 'race' },
  { href: './playground.html', key: 'playground' },
  { href: './nonconvex.html', key: 'nonconvex' },
  { href: './curves.html', key: 'curves' },
];

function withLang(target: string): string {
  const params = new URLSearchParams(location.search);
  params.set('lang', target);
  return `?${params.toString()}`;
}

function Shell({
  page,
  problems,
  children,
}: {
  page: TextKey;
  problems: readonly string[];
  children: ComponentChildren;
}) {
  return (
    <HiddenContext.Provider value={hiddenControls(location.search)}>
      <header>
        <nav aria-label={t('pages')}>
          {PAGES.map(({ href, key }) => (
            <a
              href={`${href}${lang === 'en' ? '' : '?lang=zh-CN'}`}
              aria-current={key === page ? 'page' : undefined}
              key={key}
            >
              {t(key)}
            </a>
          ))}
        </nav>
        <span class="lang">
          <a href={withLang('en')} lang="en" aria-current={lang === 'en' ? 'true' : undefined}>
            English
          </a>
          {' · '}
          <a href={withLang('zh-CN')} lang="zh-CN" aria-current={lang === 'zh-CN' ? 'true' : undefined}>
            简体中文
          </a>
        </span>
      </header>
      {problems.length > 0 && (
        <div class="notice" role="status" id="url-notice">
          {t('urlProblems')} {problems.join('; ')}
        </div>
      )}
      <main>{children}</main>
    </HiddenContext.Provider>
  );
}

export function mountPage(page: TextKey, problems: readonly string[], content: ComponentChildren): void {
  registerOffline();
  document.documentElement.lang = lang;
  document.title = `${t(page)} · downhill lab`;
  const root = document.getElementById('app');
  if (root === null) throw new Error('the page has no #app element');
  render(
    <Shell page={page} problems={problems}>
      {content}
    </Shell>,
    root,
  );
}
