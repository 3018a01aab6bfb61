/**
 * The non-convex page. Gabor: gradient descent (with the bracketing line search) against SGD from one start
 * on the model's loss, with the batch-size slider, the data and each run's fit beside. Line search: the
 * golden-section bracket narrowing step by step. Newton: undamped Newton from a clicked start runs to the
 * nearest critical point of any kind, classified by the Hessian there.
 */
import { useMemo } from 'preact/hooks';
import { GABOR_WINDOW } from '../../../src/problems/gabor';
import { gaborGradientDescent, gaborProblem, gaborSgd } from '../../../src/plot/figures/gabor';
import { lineLoss, lineSearchSteps } from '../../../src/plot/figures/lineSearch';
import { PATH_COLORS } from '../../../src/plot/colors';
import { formatSignificant } from '../../../src/plot/format';
import { createSurface } from '../../../src/problems/registry';
import type { Point } from '../../../src/problems/surface';
import { traceSurface } from '../../../src/trace/trace';
import { ExportButtons } from '../components/ExportButtons';
import { SceneCanvas } from '../components/SceneCanvas';
import { SettingControl } from '../components/SettingControl';
import { SurfaceView, surfaceFigure, type ViewPath } from '../components/SurfaceView';
import { t } from '../i18n';
import type { PageStore } from '../state/store';
import { gaborFitScene, lineSearchScene } from './scenes';
import type { nonconvexSettings } from './state';

type Store = PageStore<typeof nonconvexSettings.rows>;

const f = (v: number) => formatSignificant(v, 4);

export function NonconvexPage({ store }: { store: Store }) {
  return (
    <>
      <h1>{t('nonconvex')}</h1>
      <GaborSection store={store} />
      <LineSearchSection store={store} />
      <NewtonSection store={store} />
    </>
  );
}

function GaborSection({ store }: { store: Store }) {
  const s = store.state.value;
  const problem = useMemo(() => gaborProblem(), []);
  const start: Point = [s.x, s.y];
  const paths: ViewPath[] = useMemo(() => {
    const gd = gaborGradientDescent(problem.loss, start, s.gdSteps);
    const sgd = gaborSgd(problem.loss, start, { lr: s.lr, batchSize: s.batch, steps: s.steps, seed: s.seed });
    return [
      { points: gd, color: PATH_COLORS[1], label: 'gradient descent' },
      { points: sgd, color: PATH_COLORS[0], label: `SGD, batch ${s.batch}` },
    ];
  }, [s.x, s.y, s.lr, s.batch, s.steps, s.gdSteps, s.seed]);
  const critical = problem.criticalPoints.map((c) => ({ point: c.point, kind: c.kind }));
  const ends = paths.map((p) => p.points[p.points.length - 1]);
  const fit = gaborFitScene(
    problem.data,
    paths.map((p, k) => ({
      phi: ends[k],
      color: p.color,
      label: `${p.label}: L = ${f(problem.loss.value(...ends[k]))}`,
    })),
  );
  return (
    <section class="panel" aria-labelledby="gabor-title">
      <h2 id="gabor-title">{t('gdVsSgd')}</h2>
      <div class="layout">
        <div>
          <SettingControl store={store} name="x" label="φ0" min={GABOR_WINDOW.x[0]} max={GABOR_WINDOW.x[1]} />
          <SettingControl store={store} name="y" label="φ1" min={GABOR_WINDOW.y[0]} max={GABOR_WINDOW.y[1]} />
          <SettingControl store={store} name="batch" label={t('batchSize')} />
          <SettingControl store={store} name="lr" label={t('lr')} />
          <SettingControl store={store} name="steps" label={t('steps')} />
          <SettingControl store={store} name="seed" label={t('seed')} max={1000} />
          <ul class="readout" id="gabor-ends">
            {paths.map((p, k) => (
              <li key={k} style={{ color: p.color }} data-loss={problem.loss.value(...ends[k])}>
                {p.label}: ({f(ends[k][0])}, {f(ends[k][1])}) L = {f(problem.loss.value(...ends[k]))}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <SurfaceView
            id="gabor-map"
            label={t('mapLabel')}
            surface={problem.loss}
            paths={paths}
            critical={critical}
            onPick={([x, y]) => store.patch({ x, y })}
          />
          <SceneCanvas scene={fit} id="gabor-fit" label="Gabor data and fits" />
          <ExportButtons
            name="gabor"
            control="gabor-export"
            figure={() => surfaceFigure(problem.loss, paths, critical)}
          />
        </div>
      </div>
    </section>
  );
}

function LineSearchSection({ store }: { store: Store }) {
  const s = store.state.value;
  const search = useMemo(() => ({ f: lineLoss(), ...lineSearchSteps() }), []);
  const index = Math.min(s.search, search.steps.length - 1);
  const scene = lineSearchScene(search.f, search.steps[index], index, search.steps.length);
  return (
    <section class="panel" aria-labelledby="search-title">
      <h2 id="search-title">{t('lineSearch')}</h2>
      <SettingControl store={store} name="search" label={t('step')} max={search.steps.length - 1} />
      <SceneCanvas scene={scene} id="line-search" label={t('lineSearch')} />
      <ExportButtons name="line-search" control="search-export" figure={() => ({ scene })} />
    </section>
  );
}

function NewtonSection({ store }: { store: Store }) {
  const s = store.state.value;
  const surface = useMemo(() => createSurface({ name: s.newtonFn }), [s.newtonFn]);
  const result = useMemo(() => {
    try {
      const trace = traceSurface(surface, { start: [s.nx, s.ny], steps: 30, optimizer: { name: 'newton' } });
      const end = trace.points[trace.points.length - 1];
      return {
        paths: [{ points: trace.points, color: PATH_COLORS[2], label: 'Newton' }],
        end,
        kind: surface.classify(end),
        diverged: trace.diverged,
        error: '',
      };
    } catch (error) {
      return {
        paths: [],
        end: null,
        kind: null,
        diverged: undefined,
        error: error instanceof Error ? error.message : String(error),
      };
    }
  }, [surface, s.nx, s.ny]);
  const critical = result.end && result.kind ? [{ point: result.end, kind: result.kind.kind }] : [];
  return (
    <section class="panel" aria-labelledby="newton-title">
      <h2 id="newton-title">{t('newton')}</h2>
      <SettingControl store={store} name="newtonFn" label={t('surface')} />
      <p class="readout" id="newton-result">
        {result.error ||
          (result.diverged
            ? t('divergedAt', { step: result.diverged.step })
            : `${t(result.kind!.kind)} (${f(result.end![0])}, ${f(result.end![1])}) · λ = ${result.kind!.eigenvalues.map(f).join(', ')}`)}
      </p>
      <SurfaceView
        id="newton-map"
        label={t('mapLabel')}
        surface={surface}
        paths={result.paths}
        critical={critical}
        onPick={([nx, ny]) => store.patch({ nx, ny })}
      />
      <ExportButtons
        name="newton"
        control="newton-export"
        figure={() => surfaceFigure(surface, result.paths, critical)}
      />
    </section>
  );
}
