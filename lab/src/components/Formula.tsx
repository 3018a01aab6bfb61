/** A TeX formula typeset by KaTeX (bundled, no CDN). */
import katex from 'katex';
import { useMemo } from 'preact/hooks';

export function Formula({ tex, label }: { tex: string; label: string }) {
  const html = useMemo(
    () => katex.renderToString(tex, { throwOnError: false, displayMode: false, output: 'html' }),
    [tex],
  );
  return <div class="formula" role="math" aria-label={label} dangerouslySetInnerHTML={{ __html: html }} />;
}
