/** PNG / SVG / GIF buttons for a page's figure, built only when a button is pressed. */
import { useState } from 'preact/hooks';
import type { Figure } from '../../../src/plot/figure';
import { t } from '../i18n';
import { ActionButton } from './controls';
import { exportFigure, type ExportKind } from './exports';

/** `control` names the buttons (`<control>-png`, …) for ?hide= and the tests; a page with several views gives each its own. */
export function ExportButtons({
  figure,
  name,
  control = 'export',
}: {
  figure: () => Figure;
  name: string;
  control?: string;
}) {
  const [error, setError] = useState('');
  const run = (kind: ExportKind) => {
    exportFigure(figure(), kind, name).then(
      () => setError(''),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <div class="buttons" role="group" aria-label={t('export')}>
      {(['png', 'svg', 'gif'] as const).map((kind) => (
        <ActionButton
          key={kind}
          name={`${control}-${kind}`}
          label={`${t('export')} ${kind.toUpperCase()}`}
          onClick={() => run(kind)}
        />
      ))}
      {error && <span class="error">{error}</span>}
    </div>
  );
}
