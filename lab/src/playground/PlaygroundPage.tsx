/** The playground page: data and network controls, the boundary and neuron maps, the loss curves. */
import { signal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import { formatSignificant } from '../../../src/plot/format';
import { ActionButton, ChoiceControl } from '../components/controls';
import { SettingControl } from '../components/SettingControl';
import { download } from '../components/exports';
import { ExportButtons } from '../components/ExportButtons';
import { LineChart } from '../components/LineChart';
import { t } from '../i18n';
import { OptionControls, optimizerDefaults } from '../race/optionControls';
import { trimSpec } from '../race/state';
import type { PageStore } from '../state/store';
import { PlaygroundClient } from './client';
import { BOUNDARY_SIZE, drawPoints, paintClasses } from './drawing';
import { FeatureToggles } from './FeatureToggles';
import { boundaryFigure } from './figure';
import { BOUNDARY_GRID, dataExtent, NEURON_GRID } from './maps';
import { NeuronMaps } from './NeuronMaps';
import { decodePoints, encodePoints, LINK_POINTS, POINTS_FILE, roundCoordinate, type Points } from './points';
import { PointsPanel } from './PointsPanel';
import { PLAYGROUND_OPTIMIZERS, playgroundSettings, runSettings, trainConfig, type PlaygroundState } from './state';
import type { RunSettings } from './trainer';
import type { PlaygroundData } from './protocol';
import { MAX_TOY_CLASSES } from '../../../src/data/toy';
import { CUSTOM, hasClasses } from './dataSource';

type Store = PageStore<typeof playgroundSettings.rows>;

/** Boundary redraws, for the bench: count and first/last time. */
const stats = { redraws: 0, first: 0, last: 0, epochsPerSecond: 0 };
Object.assign(window, { playgroundStats: stats });

/** Your points: the link holds them when there are few (the state's `custom`), this signal always. */
const customPoints = signal<Points | null>(null);

/** Whether your points can train: two classes at least (the CSV reader refuses one). */
function trainable(settings: RunSettings): boolean {
  const labels = new Set<number>();
  for (let k = 2; k < settings.custom.length; k += 3) labels.add(settings.custom[k]);
  return settings.dataset !== CUSTOM || labels.size >= 2;
}

export function PlaygroundPage({ store }: { store: Store }) {
  const state = store.state.value;
  const client = useMemo(() => new PlaygroundClient(), []);
  customPoints.value ??= decodePoints(state.custom);
  const points = customPoints.value;
  const settings = useMemo(() => runSettings(state, points), [state, points]);
  const key = JSON.stringify(settings);
  useEffect(() => {
    if (trainable(settings)) client.send({ type: 'configure', settings });
  }, [key]);
  const setPoints = (next: Points) => {
    customPoints.value = next;
    store.patch({ dataset: CUSTOM, custom: next.length / 3 <= LINK_POINTS ? encodePoints(next) : '' });
  };
  /** A click adds a point of the chosen class (shift: the next one); on a toy set, to a copy of its points. */
  const addPoint = (x: number, y: number, next: boolean) => {
    const label = next ? (state.brush + 1) % MAX_TOY_CLASSES : state.brush;
    const base = state.dataset === CUSTOM ? points : toyPoints(client.data.value);
    setPoints([...base, roundCoordinate(x), roundCoordinate(y), label]);
  };
  useEffect(
    () => client.send({ type: 'limits', epoch: state.stopEpoch, loss: state.targetLoss }),
    [state.stopEpoch, state.targetLoss],
  );

  const spec = state.optimizer;

  return (
    <div class="layout">
      <section class="panel" aria-labelledby="pg-controls">
        <h1 id="pg-controls">{t('playground')}</h1>
        <SettingControl store={store} name="dataset" label={t('dataset')} />
        {state.dataset === CUSTOM ? (
          <PointsPanel
            points={points}
            onChange={setPoints}
            brush={state.brush}
            onBrush={(brush) => store.set('brush', brush)}
          />
        ) : (
          <>
            {hasClasses(state.dataset) && <SettingControl store={store} name="classes" label={t('classes')} />}
            <SettingControl store={store} name="points" label={t('points')} />
            <SettingControl store={store} name="noise" label={t('noise')} step={0.01} />
          </>
        )}
        <SettingControl store={store} name="ratio" label={t('trainRatio')} step={0.05} />
        <FeatureToggles value={state.features} onChange={(list) => store.set('features', list)} />
        <SettingControl store={store} name="hidden" label={t('hidden')} />
        <SettingControl store={store} name="activation" label={t('activation')} />
        <SettingControl store={store} name="loss" label={t('loss')} />
        <ChoiceControl
          name="optimizer"
          label={t('optimizer')}
          value={spec.name}
          choices={PLAYGROUND_OPTIMIZERS}
          onChange={(name) => store.set('optimizer', trimSpec({ name, lr: spec.lr ?? 0.03 }, optimizerDefaults(name)))}
        />
        <OptionControls
          spec={spec}
          index={0}
          onChange={(next) => store.set('optimizer', trimSpec(next, optimizerDefaults(next.name)))}
        />
        <SettingControl store={store} name="schedule" label={t('schedule')} />
        <SettingControl store={store} name="batchSize" label={t('batchSize')} max={250} />
        <SettingControl store={store} name="l1" label={t('l1')} max={0.1} step={0.001} />
        <SettingControl store={store} name="l2" label={t('l2')} max={0.1} step={0.001} />
        <SettingControl store={store} name="dropout" label={t('dropout')} step={0.05} />
        <SettingControl store={store} name="batchNorm" label={t('batchNorm')} />
        <SettingControl store={store} name="seed" label={t('seed')} max={9999} />
        <SettingControl store={store} name="stopEpoch" label={t('stopEpoch')} max={10000} />
        <SettingControl store={store} name="targetLoss" label={t('targetLoss')} max={1} step={0.001} />
      </section>
      <TrainingView client={client} settings={settings} state={state} store={store} onAdd={addPoint} />
    </div>
  );
}

/** The toy set's points (training and test), as a start for your own. */
function toyPoints(data: PlaygroundData | null): Points {
  const out: Points = [];
  for (const set of data ? [data.train, data.test] : [])
    for (let k = 0; k < set.length; k += 3) out.push(roundCoordinate(set[k]), roundCoordinate(set[k + 1]), set[k + 2]);
  return out;
}

/** The right-hand side, which alone re-renders on each snapshot from the worker. */
function TrainingView({
  client,
  settings,
  state,
  store,
  onAdd,
}: {
  client: PlaygroundClient;
  settings: RunSettings;
  state: PlaygroundState;
  store: Store;
  onAdd(x: number, y: number, next: boolean): void;
}) {
  const ready = trainable(settings);
  const snapshot = ready ? client.snapshot.value : null;
  const data = ready ? client.data.value : null;
  // Too few of your points to train: they are drawn alone, on a blank map.
  const waiting = useMemo(() => (ready ? null : Float32Array.from(settings.custom)), [ready, settings.custom]);
  const extent = snapshot?.extent ?? dataExtent(waiting ?? new Float32Array(0));
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx && waiting) {
      ctx.fillStyle = '#e8eaeb';
      ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
      drawPoints(ctx, waiting, new Float32Array(0), extent);
    }
    if (!ctx || !snapshot || !data) return;
    paintClasses(ctx, snapshot.boundary, snapshot.classColors, BOUNDARY_GRID);
    drawPoints(ctx, data.train, data.test, snapshot.extent);
    const now = performance.now();
    if (stats.redraws === 0) stats.first = now;
    stats.redraws++;
    stats.last = now;
    stats.epochsPerSecond = snapshot.epochsPerSecond;
  }, [snapshot, data, waiting]);
  const click = (e: MouseEvent) => {
    const box = (e.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * 2 * extent - extent;
    const y = extent - ((e.clientY - box.top) / box.height) * 2 * extent;
    onAdd(x, y, e.shiftKey);
  };

  const last = snapshot && snapshot.history.length >= 3 ? snapshot.history.subarray(snapshot.history.length - 3) : null;
  const playing = snapshot?.playing ?? false;
  return (
    <section class="panel" aria-label={t('boundary')}>
      <div class="buttons" role="group" aria-label={t('player')}>
        <ActionButton
          name="play"
          label={playing ? t('pause') : t('play')}
          pressed={playing}
          onClick={() => client.send({ type: playing ? 'pause' : 'play' })}
        />
        <ActionButton name="step" label={t('step')} onClick={() => client.send({ type: 'step' })} />
        <ActionButton name="rewind" label={t('rewind')} onClick={() => client.send({ type: 'rewind' })} />
        <ActionButton name="reset" label={t('reset')} onClick={() => store.set('seed', (state.seed + 1) % 10000)} />
      </div>
      <p class="status" id="epoch-status">
        <span id="epoch">{t('epoch', { epoch: snapshot?.epoch ?? 0 })}</span>
        {last && (
          <>
            {' · '}
            {t('trainLoss')} <span id="train-loss">{formatSignificant(last[1], 4)}</span>
            {' · '}
            {t('testLoss')}{' '}
            <span id="test-loss" data-value={last[2]}>
              {formatSignificant(last[2], 4)}
            </span>
          </>
        )}
        {snapshot && snapshot.epochsPerSecond > 0 && playing && (
          <span> · {snapshot.epochsPerSecond.toFixed(0)} epochs/s</span>
        )}
      </p>
      {snapshot?.diverged && (
        <p class="diverged" id="diverged" role="alert">
          {t('divergedAt', { step: snapshot.diverged.step })}
        </p>
      )}
      {client.error.value && (
        <p class="error" role="alert">
          {client.error.value}
        </p>
      )}
      <canvas
        ref={canvas}
        id="boundary"
        width={BOUNDARY_SIZE}
        height={BOUNDARY_SIZE}
        role="img"
        aria-label={t('boundary')}
        onClick={click}
        style={{ width: '100%', maxWidth: `${BOUNDARY_SIZE}px`, cursor: 'crosshair' }}
      />
      {snapshot && <NeuronMaps neurons={snapshot.neurons} layerSizes={snapshot.layerSizes} size={NEURON_GRID} />}
      <LossCurves history={snapshot?.history ?? null} playing={playing} />
      <div class="buttons">
        <ActionButton
          name="export-weights"
          label={t('exportWeights')}
          onClick={() =>
            client
              .weights()
              .then((bytes) => download(bytes as BlobPart, 'application/octet-stream', 'playground.safetensors'))
          }
        />
        <ActionButton
          name="export-config"
          label={t('exportConfig')}
          onClick={() =>
            download(
              `${JSON.stringify(trainConfig(settings, snapshot?.epoch ?? 1), null, 2)}\n`,
              'application/json',
              'playground.json',
            )
          }
        />
      </div>
      {settings.dataset === CUSTOM && (
        <p class="status" id="points-file-note">
          {t('pointsFileNote', { file: POINTS_FILE })}
        </p>
      )}
      <ExportButtons name="playground" figure={() => boundaryFigure(snapshot, data)} />
    </section>
  );
}

/** Redrawn at most every CHART_MS while training (the boundary is what must keep up with the frames). */
const CHART_MS = 100;

function LossCurves({ history, playing }: { history: Float64Array | null; playing: boolean }) {
  const shown = useRef({ at: -Infinity, data: [[], [], []] as uPlot.AlignedData });
  const chartData = useMemo<uPlot.AlignedData>(() => {
    const now = performance.now();
    if (playing && now - shown.current.at < CHART_MS) return shown.current.data;
    shown.current.at = now;
    const h = history ?? new Float64Array(0);
    const columns: number[][] = [[], [], []];
    for (let k = 0; k < h.length; k += 3) for (let c = 0; c < 3; c++) columns[c].push(h[k + c]);
    shown.current.data = columns as uPlot.AlignedData;
    return shown.current.data;
  }, [history]);
  const series = useMemo(
    () => [
      { label: t('trainLoss'), color: '#555555' },
      { label: t('testLoss'), color: '#d62728' },
    ],
    [],
  );
  return <LineChart title={t('lossCurves')} xLabel="epoch" series={series} data={chartData} logY />;
}
