/**
 * Figure 10, over-fitting and early stopping: the training and validation loss per epoch of a training
 * run (the rows of a `downhill train` run's metrics.jsonl), with the early-stopping epoch marked — the
 * epoch of the lowest validation loss, whose weights early stopping keeps. After it the training loss
 * still falls while the validation loss rises: the model learns the noise of its few training points.
 *
 * `overfittingFigure(metrics)` draws any run's metrics (`downhill plot-metrics`). For `downhill figures`
 * the run is made in-process by `fit` (src/train/fit.ts): an MLP 1-64-64-1 with tanh units, far larger
 * than 15 noisy points of sin(πx) need, trained by full-batch Adam with early stopping (patience 200) and
 * validated on 200 further points of the same curve.
 */
import type { Dataset } from '../../data/dataset.js';
import { mlp } from '../../nn/models.js';
import { Random } from '../../tensor/random.js';
import { fit, type FitResult } from '../../train/fit.js';
import { INK, MUTED_INK, PATH_COLORS } from '../colors.js';
import { polyline, scatter } from '../curves.js';
import { curvePlot, paddedRange, type CurvePlot } from '../curvePlot.js';
import type { Figure } from '../figure.js';
import { formatSignificant, formatValue } from '../format.js';
import { legendMarks, type LegendEntry } from '../legend.js';
import { marker, type MarkerStyle } from '../marks.js';
import { earlyStoppingEpoch, type EpochLosses } from '../metrics.js';
import { figureTitle, MINIMUM_MARKER } from '../panel.js';
import type { Mark, Rect } from '../scene.js';

export const OVERFITTING_RUN = {
  trainSize: 15,
  validationSize: 200,
  noise: 0.25,
  hidden: [64, 64],
  lr: 0.005,
  epochs: 600,
  patience: 200,
  seed: 1,
} as const;

/** n points x ~ U[−1, 1], y = sin(πx) + N(0, noise²). */
export function sineData(n: number, noise: number, random: Random): Dataset {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = random.uniformIn(-1, 1);
    y[i] = Math.sin(Math.PI * x[i]) + noise * random.normal();
  }
  return { x, y, n, features: 1, task: 'regression', targets: 1, featureNames: ['x'] };
}

/** The in-process run behind the figure: about half a second. */
export function overfittingRun(): FitResult {
  const { trainSize, validationSize, noise, hidden, lr, epochs, patience, seed } = OVERFITTING_RUN;
  const random = new Random(seed);
  const train = sineData(trainSize, noise, random);
  const validation = sineData(validationSize, noise, random);
  const model = mlp({ inputs: 1, hidden, outputs: 1, activation: 'tanh', random: new Random(seed + 1) });
  return fit(model, {
    train,
    validation,
    optimizer: { name: 'adam', lr },
    epochs,
    batchSize: trainSize,
    random: new Random(seed + 2),
    earlyStopping: { patience },
  });
}

export function overfittingRunFigure(): Figure {
  const { trainSize, validationSize, hidden, lr, patience } = OVERFITTING_RUN;
  const result = overfittingRun();
  return overfittingFigure(result.history, {
    subtitle: `MLP 1-${hidden.join('-')}-1 (tanh) on ${trainSize} noisy points of sin(πx), validated on ${validationSize}; full-batch Adam, lr ${formatValue(lr)}; early stopping, patience ${patience}`,
  });
}

export interface LossCurvesOptions {
  title?: string;
  subtitle?: string;
}

/** Up to this many epochs, each one is marked with a dot on the curves. */
const FEW_EPOCHS = 40;
const dot = (color: string): MarkerStyle => ({
  shape: 'circle',
  size: 3.5,
  fill: color,
  stroke: '#ffffff',
  strokeWidth: 1,
});
const TRAIN_COLOR = PATH_COLORS[1];
const VALIDATION_COLOR = PATH_COLORS[0];
const PLOT: Rect = { x: 80, y: 84, width: 620, height: 380 };
const WIDTH = 960;
const HEIGHT = 540;

/** The loss curves of a run's metrics, one row per epoch in increasing order. */
export function overfittingFigure(metrics: readonly EpochLosses[], options: LossCurvesOptions = {}): Figure {
  const best = earlyStoppingEpoch(metrics);
  const validation = metrics.filter((m) => m.validationLoss !== undefined);
  const losses = [...metrics.map((m) => m.trainLoss), ...validation.map((m) => m.validationLoss as number)];
  const first = metrics[0].epoch;
  const last = metrics[metrics.length - 1].epoch;
  // 2 % of room at either end, so the first and last epoch's dots are not cut by the frame.
  const span = Math.max(last - first, 1);
  const panel = curvePlot(PLOT, [first - 0.02 * span, first + 1.02 * span], paddedRange(losses), {
    xLabel: 'epoch',
    yLabel: 'loss',
    integerX: true,
  });
  const marks: Mark[] = [
    ...figureTitle(PLOT.x, options.title ?? 'Over-fitting and early stopping', options.subtitle),
    ...panel.marks,
  ];
  const curves: Mark[] = [
    polyline(
      metrics.map((m) => [m.epoch, m.trainLoss]),
      panel,
      { color: TRAIN_COLOR, width: 2.25, role: 'curve', label: 'training loss' },
    ),
  ];
  if (validation.length > 0)
    curves.push(
      polyline(
        validation.map((m) => [m.epoch, m.validationLoss as number]),
        panel,
        { color: VALIDATION_COLOR, width: 2.25, role: 'curve', label: 'validation loss' },
      ),
    );
  if (metrics.length <= FEW_EPOCHS) {
    curves.push(
      ...scatter(
        metrics.map((m) => [m.epoch, m.trainLoss]),
        panel,
        dot(TRAIN_COLOR),
      ),
    );
    curves.push(
      ...scatter(
        validation.map((m) => [m.epoch, m.validationLoss as number]),
        panel,
        dot(VALIDATION_COLOR),
      ),
    );
  }
  if (best) curves.unshift(...stopMarks(panel, best));
  marks.push({ kind: 'group', clip: PLOT, marks: curves });
  if (best) marks.push(...stopLabel(panel, best));
  marks.push(
    ...legendMarks(legendEntries(metrics, best), PLOT.x + PLOT.width + 30, PLOT.y, WIDTH - PLOT.x - PLOT.width - 46)
      .marks,
  );
  return { scene: { width: WIDTH, height: HEIGHT, background: '#ffffff', marks } };
}

/** A dashed vertical line at the early-stopping epoch and a star on the validation curve's minimum. */
function stopMarks(panel: CurvePlot, best: EpochLosses): Mark[] {
  const x = panel.x(best.epoch);
  return [
    {
      kind: 'path',
      subpaths: [{ points: [x, PLOT.y, x, PLOT.y + PLOT.height], closed: false }],
      stroke: INK,
      strokeWidth: 1.25,
      dash: [6, 4],
      role: 'early-stopping',
    },
    marker(x, panel.y(best.validationLoss as number), MINIMUM_MARKER, 'minimum'),
  ];
}

/** "best epoch 125" just right of the line near the top (left of it when the line is near the right edge). */
function stopLabel(panel: CurvePlot, best: EpochLosses): Mark[] {
  const x = panel.x(best.epoch);
  const right = x < PLOT.x + PLOT.width * 0.7;
  return [
    {
      kind: 'text',
      x: right ? x + 6 : x - 6,
      y: PLOT.y + 16,
      text: `best epoch ${best.epoch}`,
      size: 12,
      weight: 'bold',
      anchor: right ? 'start' : 'end',
      fill: INK,
      role: 'early-stopping-label',
    },
  ];
}

function legendEntries(metrics: readonly EpochLosses[], best: EpochLosses | null): LegendEntry[] {
  const last = metrics[metrics.length - 1];
  const entries: LegendEntry[] = [
    {
      label: 'training loss',
      details: [`${formatSignificant(last.trainLoss)} at epoch ${last.epoch}`],
      swatch: { kind: 'line', color: TRAIN_COLOR },
    },
  ];
  if (best === null) {
    entries.push({
      label: 'no validation loss',
      details: ['in these metrics: no early-stopping epoch'],
      swatch: { kind: 'line', color: MUTED_INK, dash: [2, 3] },
    });
    return entries;
  }
  entries.push(
    {
      label: 'validation loss',
      details: [
        `lowest ${formatSignificant(best.validationLoss as number)} at epoch ${best.epoch}`,
        `${formatSignificant(last.validationLoss ?? Number.NaN)} at epoch ${last.epoch}`,
      ],
      swatch: { kind: 'line', color: VALIDATION_COLOR },
    },
    {
      label: 'best epoch',
      details: ['the lowest validation loss: the weights that early stopping and model choice keep'],
      swatch: { kind: 'line', color: INK, dash: [6, 4] },
    },
    { label: 'lowest validation loss', swatch: { kind: 'marker', style: MINIMUM_MARKER } },
  );
  return entries;
}
