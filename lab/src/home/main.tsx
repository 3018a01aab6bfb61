/** The home page: the four pages of the lab, each introduced in a sentence, by ordinary links. */
import { mountPage } from '../components/shell';
import { lang, t, type TextKey } from '../i18n';

const CARDS: { href: string; title: TextKey; intro: TextKey }[] = [
  { href: './race.html', title: 'race', intro: 'raceIntro' },
  { href: './playground.html', title: 'playground', intro: 'playgroundIntro' },
  { href: './nonconvex.html', title: 'nonconvex', intro: 'nonconvexIntro' },
  { href: './curves.html', title: 'curves', intro: 'curvesIntro' },
];

mountPage(
  'home',
  [],
  <>
    <h1>{t('homeTitle')}</h1>
    <p>{t('homeIntro')}</p>
    <div class="cards">
      {CARDS.map((card) => (
        <a class="panel" href={`${card.href}${lang === 'en' ? '' : '?lang=zh-CN'}`} key={card.href}>
          <h2>{t(card.title)}</h2>
          <p>{t(card.intro)}</p>
        </a>
      ))}
    </div>
  </>,
);
