/** The race page: controls on the left; the map, the player, the loss chart and the exports on the right. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { PATH_COLORS } from '../../../src/plot/colors';
import { animatedFigure } from '../../../src/plot/figure';
import { formatSignificant } from '../../../src/plot/format';
import type { SurfacePanel } from '../../../src/plot/panel';
import { raceAnimation } from '../../../src/plot/race';
import { optimizerNames } from '../../../src/optim/registry';
import { formatSpec } from '../../../src/config/settings';
import type { Spec } from '../../../src/config/spec';
import { MAX_OPTIMIZERS } from '../../../src/plot/raceConfig';
import type { Surface } from '../../../src/problems/surface';
import { ActionButton, ChoiceControl, NumberControl, TextControl } from '../components/controls';
import { ExportButtons } from '../components/ExportButtons';
import { SettingControl } from '../components/SettingControl';
import { Formula } from '../components/Formula';
import { LineChart } from '../components/LineChart';
import { t } from '../i18n';
import type { PageStore } from '../state/store';
import { OptionControls, optimizerDefaults } from './optionControls';
import { MomentumPanel } from './MomentumMap';
import type { RacePath, RaceRequest } from './protocol';
import { SCHEDULE_RULES, UPDATE_RULES } from './rules';
import { RaceMap } from './RaceMap';
import { RaceSimulation } from './simulation';
import {
  defaultStart,
  racers,
  RACER_SEPARATOR,
  raceSettings,
  scheduleSpec,
  shownGlyphs,
  trimSpec,
  type RaceState,
} from './state';
import { buildSurface, SURFACE_CHOICES, surfaceChoice } from './surface';

type Store = PageStore<typeof raceSettings.rows>;

export function RacePage({ store }: { store: Store }) {
  const state = store.state.value;
  const [surface, setSurface] = useState<Surface>(
    () => buildSurface(state.fn).surface ?? buildSurface('rosenbrock').surface!,
  );
  const [fnError, setFnError] = useState(() => buildSurface(state.fn).error ?? '');
  const [step, setStep] = useState(state.steps);
  const [playing, setPlaying] = useState(false);
  // The timing signal is on window for bench/lab.ts.
  const simulation = useMemo(() => Object.assign(window, { raceTiming: new RaceSimulation() }).raceTiming, []);
  const panel = useRef<SurfacePanel | null>(null);
  const [adding, setAdding] = useState('adam');

  useEffect(() => setStep(state.steps), [state.steps]);
  const specs = useMemo(() => racers(state.r), [state.r]);
  const labels = specs.map(formatSpec);
  const glyphs = shownGlyphs(state);
  useEffect(() => {
    simulation.request(raceRequest(state, specs));
  }, [state.fn, state.x, state.y, state.steps, specs, state.schedule, glyphs.join()]);

  usePlayer(
    playing,
    () => setStep((s) => Math.min(state.steps, s + state.speed)),
    step >= state.steps,
    () => setPlaying(false),
  );

  const changeFn = (fn: string) => {
    const built = buildSurface(fn);
    if (built.error !== undefined) return setFnError(built.error);
    setFnError('');
    setSurface(built.surface);
    const [x, y] = defaultStart(built.surface.window);
    store.patch({ fn, x, y });
    setStep(state.steps);
  };

  /** Sets (or with null removes) racer `index`; one past the last adds one. Reads the newest state: a drag calls it between renders. */
  const setRacer = (index: number, spec: Spec | null) => {
    const list = racers(store.state.peek().r);
    if (spec === null) list.splice(index, 1);
    else list[index] = trimSpec(spec, optimizerDefaults(spec.name));
    store.set('r', list.map(formatSpec).join(RACER_SEPARATOR));
  };
  const setMomentumRacer = (index: number, lr: number, momentum: number) =>
    setRacer(index, { ...(racers(store.state.peek().r)[index] ?? { name: 'sgd' }), lr, momentum });

  return (
    <div class="layout">
      <section class="panel" aria-labelledby="race-controls">
        <h1 id="race-controls">{t('race')}</h1>
        <ChoiceControl
          name="surface"
          label={t('surface')}
          value={surfaceChoice(state.fn)}
          choices={SURFACE_CHOICES}
          onChange={(c) => (c === 'formula' ? changeFn('x^2 + 10*y^2') : changeFn(c))}
        />
        <TextControl name="fn" label={t('formula')} value={state.fn} error={fnError || undefined} onCommit={changeFn} />
        <NumberControl
          name="x"
          label={t('startX')}
          value={state.x}
          min={surface.window.x[0]}
          max={surface.window.x[1]}
          onChange={(x) => store.set('x', x)}
        />
        <NumberControl
          name="y"
          label={t('startY')}
          value={state.y}
          min={surface.window.y[0]}
          max={surface.window.y[1]}
          onChange={(y) => store.set('y', y)}
        />
        <SettingControl store={store} name="steps" label={t('steps')} />
        <SettingControl store={store} name="schedule" label={t('schedule')} />
        <ScheduleRule preset={state.schedule} steps={state.steps} />
        <SettingControl store={store} name="speed" label={t('speed')} />
        <h2>{t('glyphs')}</h2>
        <SettingControl store={store} name="showGradient" label={t('showGradient')} />
        <SettingControl store={store} name="showMomentum" label={t('showMomentum')} />
        <SettingControl store={store} name="showScale" label={t('showScale')} />
        <MomentumPanel
          surface={surface}
          critical={simulation.critical}
          specs={specs}
          onAdd={(lr, momentum) => setMomentumRacer(specs.length, lr, momentum)}
          onSet={setMomentumRacer}
        />
        <h2>{t('racers')}</h2>
        {specs.map((spec, k) => (
          <div class="racer" style={{ '--c': PATH_COLORS[k] }} key={`${k}-${spec.name}`}>
            <strong>{spec.name}</strong>{' '}
            <ActionButton name={`remove-${k}`} label={t('remove')} onClick={() => setRacer(k, null)} />
            <Formula tex={UPDATE_RULES[spec.name] ?? ''} label={`${spec.name} ${t('updateRule')}`} />
            <OptionControls spec={spec} index={k} onChange={(next) => setRacer(k, next)} />
          </div>
        ))}
        {specs.length < MAX_OPTIMIZERS && (
          <div class="buttons">
            <ChoiceControl
              name="add-optimizer"
              label={t('optimizer')}
              value={adding}
              choices={optimizerNames}
              onChange={setAdding}
            />
            <ActionButton
              name="add"
              label={t('add')}
              onClick={() => store.set('r', [...labels, adding].join(RACER_SEPARATOR))}
            />
          </div>
        )}
      </section>
      <section class="panel" aria-label={t('map')}>
        <RaceMap
          surface={surface}
          simulation={simulation}
          step={step}
          start={[state.x, state.y]}
          onPanel={(p) => (panel.current = p)}
          onDragStart={() => {
            setPlaying(false);
            setStep(state.steps);
          }}
          onDrag={(start) => simulation.request({ ...raceRequest(state, specs), start })}
          onRelease={([x, y], click) => {
            store.patch({ x, y });
            if (click) {
              setStep(0);
              setPlaying(true);
            }
          }}
        />
        <div class="buttons" role="group" aria-label={t('player')}>
          <ActionButton
            name="play"
            label={playing ? t('pause') : t('play')}
            pressed={playing}
            onClick={() => (step >= state.steps && setStep(0), setPlaying(!playing))}
          />
          <ActionButton
            name="step"
            label={t('step')}
            onClick={() => (setPlaying(false), setStep(Math.min(state.steps, step + 1)))}
          />
          <ActionButton name="reset" label={t('reset')} onClick={() => (setPlaying(false), setStep(0))} />
          <span class="status" id="step-counter">
            {t('stepOf', { step, steps: state.steps })}
          </span>
        </div>
        {simulation.error.value && <p class="error">{simulation.error.value}</p>}
        <Readouts specs={labels} simulation={simulation} step={step} />
        <CriticalList simulation={simulation} />
        <LossChart simulation={simulation} step={step} labels={labels} />
        <ExportButtons
          name="race"
          figure={() =>
            animatedFigure(
              raceAnimation({
                surface,
                window: surface.window,
                start: [state.x, state.y],
                steps: state.steps,
                runs: simulation.paths
                  .peek()
                  .map((p, k) => ({ label: labels[k], details: [], trace: traceOf(p), glyphs: p.glyphs })),
                title: state.fn,
              }),
            )
          }
        />
      </section>
    </div>
  );
}

function raceRequest(state: RaceState, racers: Spec[]): Omit<RaceRequest, 'id'> {
  return {
    fn: state.fn,
    start: [state.x, state.y],
    steps: state.steps,
    racers,
    schedule: state.schedule,
    glyphs: shownGlyphs(state),
  };
}

function traceOf(path: RacePath) {
  const points: [number, number][] = [];
  for (let k = 0; k < path.points.length; k += 2) points.push([path.points[k], path.points[k + 1]]);
  return {
    points,
    loss: Array.from(path.loss),
    lr: [],
    ...(path.diverged ? { diverged: { step: path.diverged } } : {}),
  };
}

/** Calls `advance` once per animation frame while playing; `stop` when `done`. */
function usePlayer(playing: boolean, advance: () => void, done: boolean, stop: () => void): void {
  const latest = useRef(advance);
  latest.current = advance;
  useEffect(() => {
    if (done && playing) stop();
  }, [done, playing]);
  useEffect(() => {
    if (!playing) return;
    let frame = requestAnimationFrame(function tick() {
      latest.current();
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing]);
}

function Readouts({ specs, simulation, step }: { specs: readonly string[]; simulation: RaceSimulation; step: number }) {
  const paths = simulation.paths.value;
  return (
    <ul class="readout" id="race-readouts" data-start={simulation.start.join(',')}>
      {paths.map((p, k) => {
        const at = Math.min(step, p.loss.length - 1);
        const text = p.error
          ? p.error
          : p.diverged && step >= p.diverged
            ? t('divergedAt', { step: p.diverged })
            : `L = ${formatSignificant(p.loss[at] ?? NaN, 5)}`;
        return (
          <li key={k} style={{ color: PATH_COLORS[k] }} data-racer={k} data-loss={p.loss[at]}>
            {specs[k]}: {text}
          </li>
        );
      })}
    </ul>
  );
}

function CriticalList({ simulation }: { simulation: RaceSimulation }) {
  const critical = simulation.critical.value;
  if (critical.length === 0) return null;
  return (
    <details>
      <summary>{t('criticalPoints', { count: critical.length })}</summary>
      <ul class="readout" id="critical-points">
        {critical.slice(0, 20).map((p, k) => (
          <li key={k}>
            {t(p.kind as 'minimum')} ({formatSignificant(p.x, 4)}, {formatSignificant(p.y, 4)}) L ={' '}
            {formatSignificant(p.value, 4)}
          </li>
        ))}
      </ul>
    </details>
  );
}

function LossChart({
  simulation,
  step,
  labels,
}: {
  simulation: RaceSimulation;
  step: number;
  labels: readonly string[];
}) {
  // Until the worker answers a racer added or removed, the paths and the labels differ in number: chart
  // the racers both know (uPlot needs one data series per series).
  const count = Math.min(labels.length, simulation.paths.value.length);
  const paths = useMemo(() => simulation.paths.value.slice(0, count), [simulation.paths.value, count]);
  const data = useMemo<uPlot.AlignedData>(() => {
    const length = Math.min(step + 1, Math.max(0, ...paths.map((p) => p.loss.length)));
    const xs = Array.from({ length }, (_, k) => k);
    // Log axis: a loss ≤ 0 (a surface whose minimum is negative) cannot be drawn, so it becomes a gap.
    return [xs, ...paths.map((p) => xs.map((k) => (k < p.loss.length && p.loss[k] > 0 ? p.loss[k] : null)))];
  }, [paths, step]);
  const shown = labels.slice(0, count);
  const series = useMemo(() => shown.map((label, k) => ({ label, color: PATH_COLORS[k] })), [shown.join('\n')]);
  return <LineChart title={t('lossVsStep')} xLabel={t('step')} series={series} data={data} logY />;
}

/** The preset's learning rate as formulas: one, or one per part of a sequence (warm-up, then cosine). */
function ScheduleRule({ preset, steps }: { preset: string; steps: number }) {
  const spec = scheduleSpec(preset, steps);
  if (spec === undefined) return null;
  const parts = Array.isArray(spec.schedules) ? (spec.schedules as Spec[]) : [spec];
  return (
    <>
      {parts.map((part) => (
        <Formula key={part.name} tex={SCHEDULE_RULES[part.name]} label={`${part.name} ${t('schedule')}`} />
      ))}
    </>
  );
}
