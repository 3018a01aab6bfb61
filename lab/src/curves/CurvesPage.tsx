/**
 * The curves page: a metrics.jsonl from `downhill train`, chosen, dropped or the bundled example, read by
 * src/plot/metrics.ts (a malformed line is named), drawn as loss, accuracy and learning-rate curves with
 * the early-stopping epoch marked; exported with `downhill plot-metrics`'s own figure. Or a sweep's
 * directory from `downhill tune` (picked or dropped): every trial's curve of the sweep's metric, the pruned
 * ones dashed, the best one thick.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { overfittingFigure } from '../../../src/plot/figures/overfitting';
import { earlyStoppingEpoch, parseMetricsJsonl, type EpochLosses } from '../../../src/plot/metrics';
import { PATH_COLORS } from '../../../src/plot/colors';
import { ExportButtons } from '../components/ExportButtons';
import { LineChart } from '../components/LineChart';
import { SettingControl } from '../components/SettingControl';
import { t } from '../i18n';
import type { PageStore } from '../state/store';
import { smooth } from './smooth';
import type { curvesSettings } from './state';
import { droppedFiles, fileOf, isSweep, readSweep, type DirectoryFile, type SweepCurves } from './sweep';
import { SweepChart } from './SweepChart';

type Store = PageStore<typeof curvesSettings.rows>;
type Metric = 'trainLoss' | 'validationLoss' | 'trainAccuracy' | 'validationAccuracy' | 'lr';

const EXAMPLE_URL = './example-metrics.jsonl';

export function CurvesPage({ store }: { store: Store }) {
  const state = store.state.value;
  const [metrics, setMetrics] = useState<EpochLosses[] | null>(null);
  const [sweep, setSweep] = useState<SweepCurves | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const fail = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const load = (text: string, source: string) => {
    try {
      setMetrics(parseMetricsJsonl(text, source));
      setSweep(null);
      setName(source);
      setError('');
    } catch (e) {
      fail(e);
    }
  };
  const loadSweep = (files: DirectoryFile[]) =>
    readSweep(files).then((read) => {
      setSweep(read);
      setMetrics(null);
      setName(files[0]?.path.split('/')[0] ?? '');
      setError('');
    }, fail);
  const loadExample = () => {
    store.set('source', 'example');
    fetch(EXAMPLE_URL)
      .then((response) => response.text())
      .then(
        (text) => load(text, 'example-metrics.jsonl'),
        (e: unknown) => setError(String(e)),
      );
  };
  useEffect(() => {
    if (state.source === 'example') loadExample();
  }, []);

  const open = (files: DirectoryFile[]) => {
    if (files.length === 0) return;
    store.set('source', 'file');
    if (isSweep(files)) void loadSweep(files);
    else void files[0].text().then((text) => load(text, files[0].path));
  };

  return (
    <div class="layout">
      <section class="panel" aria-labelledby="curves-title">
        <h1 id="curves-title">{t('curves')}</h1>
        <p>{t('noFile')}</p>
        <div class="row">
          <label for="c-file">{t('metricsFile')}</label>
          <input
            id="c-file"
            type="file"
            accept=".jsonl,.json,.txt"
            onChange={(e) => open(Array.from((e.target as HTMLInputElement).files ?? [], fileOf))}
          />
        </div>
        <div class="row">
          <label for="c-sweep">{t('sweepDirectory')}</label>
          <input
            id="c-sweep"
            type="file"
            {...{ webkitdirectory: true }}
            onChange={(e) => open(Array.from((e.target as HTMLInputElement).files ?? [], fileOf))}
          />
        </div>
        <div class="buttons">
          <button type="button" id="c-example" onClick={loadExample}>
            {t('example')}
          </button>
        </div>
        <SettingControl store={store} name="log" label={t('logAxes')} />
        <SettingControl store={store} name="smoothing" label={t('smoothing')} step={0.01} />
      </section>
      <section
        class="panel drop"
        aria-label={t('curves')}
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          if (e.dataTransfer) void droppedFiles(e.dataTransfer).then(open, fail);
        }}
      >
        {error && (
          <p class="error" role="alert" id="metrics-error">
            {error}
          </p>
        )}
        {sweep && <SweepChart sweep={sweep} name={name} log={state.log} smoothing={state.smoothing} />}
        {metrics && <Charts metrics={metrics} name={name} log={state.log} smoothing={state.smoothing} />}
        {!sweep && !metrics && <p>{t('noFile')}</p>}
      </section>
    </div>
  );
}

function Charts({
  metrics,
  name,
  log,
  smoothing,
}: {
  metrics: EpochLosses[];
  name: string;
  log: boolean;
  smoothing: number;
}) {
  const best = earlyStoppingEpoch(metrics);
  const column = (key: Metric) =>
    smooth(
      metrics.map((m) => m[key] ?? null),
      key === 'lr' ? 0 : smoothing,
    );
  const has = (key: Metric) => metrics.some((m) => m[key] !== undefined);
  const epochs = metrics.map((m) => m.epoch);
  const losses = useMemo(
    () => [epochs, column('trainLoss'), column('validationLoss')] as uPlot.AlignedData,
    [metrics, smoothing],
  );
  const accuracy = useMemo(
    () => [epochs, column('trainAccuracy'), column('validationAccuracy')] as uPlot.AlignedData,
    [metrics, smoothing],
  );
  const lr = useMemo(() => [epochs, column('lr')] as uPlot.AlignedData, [metrics]);
  const pair = (what: string) => [
    { label: `train ${what}`, color: PATH_COLORS[1] },
    { label: `validation ${what}`, color: PATH_COLORS[0] },
  ];
  return (
    <>
      <p class="status" id="metrics-summary">
        {name}: {metrics.length} epochs
        {best && <> · {t('earlyStop', { epoch: best.epoch })}</>}
      </p>
      <div class="charts">
        <LineChart
          title={t('loss')}
          xLabel="epoch"
          series={pair('loss')}
          data={losses}
          logY={log}
          markX={best?.epoch ?? null}
        />
        {has('trainAccuracy') && (
          <LineChart
            title={t('accuracy')}
            xLabel="epoch"
            series={pair('accuracy')}
            data={accuracy}
            markX={best?.epoch ?? null}
          />
        )}
        {has('lr') && (
          <LineChart
            title={t('learningRate')}
            xLabel="epoch"
            series={[{ label: 'lr', color: PATH_COLORS[3] }]}
            data={lr}
            logY={log}
          />
        )}
      </div>
      <ExportButtons name="metrics" figure={() => overfittingFigure(metrics, { title: name })} />
    </>
  );
}
