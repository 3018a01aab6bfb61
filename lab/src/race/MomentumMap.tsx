/**
 * The momentum map, after Distill's "Why Momentum Really Works" (Goh 2017): the (α, β) plane of SGD with
 * momentum on the race surface's quadratic (its Hessian at the minimum), coloured by the closed-form
 * convergence rate (momentumRate.ts), dark where it converges fastest, grey where it diverges; the best
 * (α*, β*) is a star. The race's heavy-ball SGD racers are dots at their (lr, momentum): drag one to set it, or click
 * elsewhere to add a racer there.
 */
import type { ReadonlySignal } from '@preact/signals';
import { scaleLinear } from 'd3-scale';
import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Spec } from '../../../src/config/spec';
import { axisMarks } from '../../../src/plot/axes';
import { drawMarks } from '../../../src/plot/canvas';
import { PATH_COLORS, surfaceColor } from '../../../src/plot/colors';
import { formatSignificant } from '../../../src/plot/format';
import { marker } from '../../../src/plot/marks';
import { MINIMUM_MARKER } from '../../../src/plot/panel';
import { MAX_OPTIMIZERS } from '../../../src/plot/raceConfig';
import type { Rect } from '../../../src/plot/scene';
import type { Surface } from '../../../src/problems/surface';
import { HiddenContext } from '../components/hidden';
import { t } from '../i18n';
import { alphaLimit, heavyBallRate, optimalHeavyBall, stepsAtRate, symmetricEigenvalues } from './momentumRate';
import type { FoundPoint } from './protocol';

const WIDTH = 340;
const HEIGHT = 272;
const MOMENTUM_PLOT: Rect = { x: 58, y: 10, width: 266, height: 208 };
/** The largest momentum the map offers (β = 1 never converges). */
const BETA_MAX = 0.999;
/** The colours span this many decades of steps per e-fold, from the best setting's. */
const DECADES = 3;
/** Pointer within this many pixels of a racer's dot grabs it. */
const GRAB_PX = 10;
/** The hover readout's tolerance: steps for the error to shrink by this factor. */
const READOUT_TOLERANCE = 1e-6;
const DIVERGED = [232, 232, 232, 255];

interface Props {
  /** The quadratic's Hessian eigenvalues, smaller first (both > 0). */
  eigenvalues: readonly [number, number];
  specs: readonly Spec[];
  canAdd: boolean;
  onAdd(alpha: number, beta: number): void;
  onSet(index: number, alpha: number, beta: number): void;
}

/** α to three significant digits and β to three decimals: the values a click puts into the racer's spec. */
function roundedSetting(alpha: number, beta: number): [number, number] {
  return [Number(alpha.toPrecision(3)), Math.round(beta * 1000) / 1000];
}

/**
 * The momentum map under its heading, for the quadratic at the surface's minimum; a line instead where
 * there is none; nothing with ?hide=momentum-map.
 */
export function MomentumPanel({
  surface,
  critical,
  specs,
  onAdd,
  onSet,
}: {
  surface: Surface;
  /** Read here, not by the page: the page re-rendering would reset a formula being typed. */
  critical: ReadonlySignal<readonly FoundPoint[]>;
} & Omit<Props, 'eigenvalues' | 'canAdd'>) {
  const found = critical.value;
  const quadratic = useMemo(() => quadraticAtMinimum(surface, found), [surface, found]);
  if (useContext(HiddenContext).has('momentum-map')) return null;
  return (
    <details open={quadratic !== null}>
      <summary>{t('momentumMap')}</summary>
      {quadratic === null ? (
        <p class="status">{t('momentumNoMinimum')}</p>
      ) : (
        <>
          <p class="status" id="momentum-quadratic">
            {t('momentumQuadratic', {
              point: quadratic.point.map((v) => formatSignificant(v, 4)).join(', '),
              low: formatSignificant(quadratic.eigenvalues[0], 4),
              high: formatSignificant(quadratic.eigenvalues[1], 4),
            })}
          </p>
          <MomentumMap
            eigenvalues={quadratic.eigenvalues}
            specs={specs}
            canAdd={specs.length < MAX_OPTIMIZERS}
            onAdd={onAdd}
            onSet={onSet}
          />
        </>
      )}
    </details>
  );
}

/**
 * The quadratic the momentum map is drawn for: the surface's Hessian at its (first known, else lowest
 * found) minimum, where every smooth loss is a quadratic to second order; null without a minimum whose
 * Hessian is positive definite.
 */
function quadraticAtMinimum(
  surface: Surface,
  critical: readonly FoundPoint[],
): { point: [number, number]; eigenvalues: [number, number] } | null {
  const found = critical.filter((p) => p.kind === 'minimum').sort((a, b) => a.value - b.value)[0];
  const point = surface.minima[0] ?? (found && [found.x, found.y]);
  if (point === undefined) return null;
  const eigenvalues = symmetricEigenvalues(surface.hessian(point[0], point[1], new Float64Array(4)));
  return eigenvalues[0] > 0 ? { point: [point[0], point[1]], eigenvalues } : null;
}

export function MomentumMap({ eigenvalues, specs, canAdd, onAdd, onSet }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [lambdaMin, lambdaMax] = eigenvalues;
  const best = optimalHeavyBall(lambdaMin, lambdaMax);
  const x = useMemo(
    () => scaleLinear([0, alphaLimit(lambdaMax)], [MOMENTUM_PLOT.x, MOMENTUM_PLOT.x + MOMENTUM_PLOT.width]),
    [lambdaMax],
  );
  const y = useMemo(() => scaleLinear([0, 1], [MOMENTUM_PLOT.y + MOMENTUM_PLOT.height, MOMENTUM_PLOT.y]), []);
  const heat = useMemo(() => rateImage(eigenvalues, x, y, best.rate), [lambdaMin, lambdaMax]);
  const drag = useRef<number | null>(null);
  const [hover, setHover] = useState('');

  const dots = specs.flatMap((spec, index) =>
    isHeavyBall(spec) ? [{ index, px: x(spec.lr as number), py: y((spec.momentum as number | undefined) ?? 0) }] : [],
  );

  useEffect(() => {
    const el = canvas.current;
    if (el === null) return;
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    el.width = WIDTH * ratio;
    el.height = HEIGHT * ratio;
    const ctx = el.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    ctx.drawImage(heat, MOMENTUM_PLOT.x, MOMENTUM_PLOT.y, MOMENTUM_PLOT.width, MOMENTUM_PLOT.height);
    drawMarks(
      [
        ...axisMarks(MOMENTUM_PLOT, x, y, { xLabel: t('alphaAxis'), yLabel: t('betaAxis') }),
        {
          kind: 'group',
          clip: MOMENTUM_PLOT,
          marks: [
            marker(x(best.alpha), y(best.beta), MINIMUM_MARKER, 'best'),
            ...dots.map(({ index, px, py }) =>
              marker(px, py, { shape: 'circle', size: 6, fill: PATH_COLORS[index], stroke: '#ffffff', strokeWidth: 2 }),
            ),
          ],
        },
      ],
      ctx,
    );
  });

  /** The (α, β) under the pointer, rounded as a spec holds them; null outside the plot. */
  const setting = (event: PointerEvent): [number, number] | null => {
    const [px, py] = canvasPoint(event);
    const { x: left, y: top, width, height } = MOMENTUM_PLOT;
    if (px < left || px > left + width || py < top || py > top + height) return null;
    const [alpha, beta] = roundedSetting(x.invert(px), Math.min(BETA_MAX, y.invert(py)));
    return alpha > 0 ? [alpha, Math.max(0, beta)] : null;
  };

  const describe = ([alpha, beta]: [number, number]): string => {
    const rate = heavyBallRate(alpha, beta, eigenvalues);
    const steps = stepsAtRate(rate, READOUT_TOLERANCE);
    const f = (v: number) => formatSignificant(v, 4);
    return `α = ${f(alpha)}, β = ${f(beta)}: ${t('rateReadout', { rate: f(rate), steps: Number.isFinite(steps) ? steps : '∞' })}`;
  };

  return (
    <div class="momentum">
      <canvas
        ref={canvas}
        id="momentum-map"
        role="img"
        aria-label={t('momentumMapLabel')}
        style={{ width: `${WIDTH}px`, maxWidth: '100%', aspectRatio: `${WIDTH} / ${HEIGHT}`, touchAction: 'none' }}
        data-alpha-max={alphaLimit(lambdaMax)}
        data-plot={JSON.stringify({ ...MOMENTUM_PLOT, canvasWidth: WIDTH })}
        onPointerDown={(e) => {
          const at = setting(e);
          if (at === null) return;
          const [px, py] = canvasPoint(e);
          const grabbed = dots.find((d) => Math.hypot(d.px - px, d.py - py) <= GRAB_PX);
          if (grabbed) drag.current = grabbed.index;
          else if (canAdd) {
            drag.current = specs.length;
            onAdd(...at);
          } else return;
          (e.currentTarget as HTMLCanvasElement).setPointerCapture(e.pointerId);
        }}
        onPointerMove={(e) => {
          const at = setting(e);
          if (at === null) return;
          setHover(describe(at));
          if (drag.current !== null) onSet(drag.current, ...at);
        }}
        onPointerUp={() => (drag.current = null)}
        onPointerLeave={() => setHover('')}
      />
      <div class="readout" id="momentum-readout">
        {hover ||
          t('momentumBest', {
            alpha: formatSignificant(best.alpha, 3),
            beta: formatSignificant(best.beta, 3),
            rate: formatSignificant(best.rate, 4),
          })}
      </div>
    </div>
  );
}

/** The pointer in the canvas's drawing units (WIDTH × HEIGHT, however wide the page shows it). */
function canvasPoint(event: PointerEvent): [number, number] {
  const box = (event.currentTarget as HTMLCanvasElement).getBoundingClientRect();
  return [((event.clientX - box.left) / box.width) * WIDTH, ((event.clientY - box.top) / box.height) * HEIGHT];
}

/**
 * Whether the racer is the heavy ball the map describes: SGD with an lr, without dampening, Nesterov's
 * look-ahead or the averaged (EMA) momentum, whose iterations differ.
 */
function isHeavyBall(spec: Spec): boolean {
  return (
    spec.name === 'sgd' &&
    typeof spec.lr === 'number' &&
    !spec.dampening &&
    spec.nesterov !== true &&
    spec.emaMomentum !== true
  );
}

/**
 * The rate over the plot, one pixel per CSS pixel, in an offscreen canvas: colour by log10 of the steps
 * per e-fold, −1/ln(rate), over DECADES decades from the best setting's (dark: fast); grey where rate ≥ 1.
 */
function rateImage(
  eigenvalues: readonly number[],
  x: { invert(px: number): number },
  y: { invert(px: number): number },
  bestRate: number,
): HTMLCanvasElement {
  const { width, height } = MOMENTUM_PLOT;
  const image = new ImageData(width, height);
  const fastest = -1 / Math.log(bestRate);
  for (let row = 0; row < height; row++) {
    const beta = y.invert(MOMENTUM_PLOT.y + row + 0.5);
    for (let col = 0; col < width; col++) {
      const rate = heavyBallRate(x.invert(MOMENTUM_PLOT.x + col + 0.5), beta, eigenvalues);
      const t = Math.log10(-1 / Math.log(rate) / fastest) / DECADES;
      const rgb = rate >= 1 ? DIVERGED : PALETTE[Math.round(Math.min(1, Math.max(0, t)) * (PALETTE.length - 1))];
      image.data.set(rgb, 4 * (row * width + col));
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  return canvas;
}

/** The surface colours at 256 steps as RGBA bytes (the map has 55,000 pixels; one lookup each). */
const PALETTE: number[][] = Array.from({ length: 256 }, (_, k) => {
  const hex = surfaceColor(k / 255);
  return [...[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)), 255];
});
