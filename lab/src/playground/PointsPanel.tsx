/**
 * Your points' controls: the class a click adds, clear, load a CSV file (a bad row is named and the points
 * stay as they were) and export them as the CSV the exported train config reads.
 */
import { useState } from 'preact/hooks';
import { MAX_TOY_CLASSES } from '../../../src/data/toy';
import { ActionButton, ChoiceControl, Row } from '../components/controls';
import { download } from '../components/exports';
import { t } from '../i18n';
import { LINK_POINTS, parsePointsCsv, POINTS_FILE, pointsCsv, type Points } from './points';

const CLASSES = Array.from({ length: MAX_TOY_CLASSES }, (_, c) => String(c));

interface Props {
  points: Points;
  onChange(points: Points): void;
  brush: number;
  onBrush(brush: number): void;
}

export function PointsPanel({ points, onChange, brush, onBrush }: Props) {
  const [error, setError] = useState('');
  const load = (file: File | undefined) => {
    if (!file) return;
    void file.text().then((text) => {
      try {
        onChange(parsePointsCsv(text, file.name));
        setError('');
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    });
  };
  const count = points.length / 3;
  return (
    <div class="points-panel">
      <p class="status" id="points-hint">
        {t('pointsHint')}
      </p>
      <ChoiceControl
        name="brush"
        label={t('brush')}
        value={String(brush)}
        choices={CLASSES}
        onChange={(c) => onBrush(Number(c))}
      />
      <Row name="points-file" label={t('pointsFile')}>
        <input
          id="c-points-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => load((e.target as HTMLInputElement).files?.[0])}
        />
      </Row>
      {error && (
        <p class="error" role="alert" id="points-error">
          {error}
        </p>
      )}
      <div class="buttons">
        <ActionButton name="clear-points" label={t('clearPoints')} onClick={() => onChange([])} />
        <ActionButton
          name="export-points"
          label={t('exportPoints')}
          onClick={() => download(pointsCsv(points), 'text/csv', POINTS_FILE)}
        />
      </div>
      {count > LINK_POINTS && (
        <p class="status" id="points-not-in-link">
          {t('pointsNotInLink', { n: count, max: LINK_POINTS })}
        </p>
      )}
    </div>
  );
}
