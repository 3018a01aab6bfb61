/**
 * Figure 11, the loss along a line (Goodfellow, Vinyals & Saxe, "Qualitatively characterizing neural
 * network optimization problems", ICLR 2015): a network is trained, and its loss is measured at the
 * weights on the straight line through its initial weights θ₀ and its final weights θ₁,
 *
 *   θ(t) = (1 − t)·θ₀ + t·θ₁,   t ∈ [−0.5, 1.5],
 *
 * on the training and the validation set. Although training took a winding path through weight space, the
 * loss along this straight line falls smoothly from θ₀ to θ₁ without a barrier, and rises beyond θ₁.
 *
 * The run: an MLP 2-32-32-2 (ReLU) on the two-moons set (200 points, noise 0.2; 200 more to validate),
 * 60 epochs of Adam (lr 0.01, batches of 32), by `fit`, keeping the final weights (restoreBest: false).
 */
import { toyDataset } from '../../data/toy.js';
import type { Dataset } from '../../data/dataset.js';
import type { Module } from '../../nn/module.js';
import { mlp } from '../../nn/models.js';
import { Random } from '../../tensor/random.js';
import type { Storage } from '../../tensor/storage.js';
import { evaluate } from '../../train/evaluate.js';
import { fit } from '../../train/fit.js';
import { captureWeights, restoreWeights, weightLayout, type WeightLayout } from '../../train/snapshot.js';
import { INK, MUTED_INK, PATH_COLORS } from '../colors.js';
import { polyline } from '../curves.js';
import { curvePlot, paddedRange, type CurvePlot } from '../curvePlot.js';
import type { Figure } from '../figure.js';
import { formatSignificant, formatValue } from '../format.js';
import { legendMarks } from '../legend.js';
import { marker } from '../marks.js';
import { figureTitle, MINIMUM_MARKER } from '../panel.js';
import type { Mark, Rect } from '../scene.js';

export const LINE_RUN = {
  dataset: 'moons',
  n: 200,
  noise: 0.2,
  hidden: [32, 32],
  lr: 0.01,
  epochs: 60,
  batchSize: 32,
  seed: 1,
} as const;
export const LINE_RANGE: readonly [number, number] = [-0.5, 1.5];
/** Points along the line: every 0.025 in t. */
export const LINE_POINTS = 81;

export interface LineLosses {
  /** The line parameter of each point, LINE_RANGE[0] first. */
  t: number[];
  train: number[];
  validation: number[];
  trainAccuracy: number[];
  validationAccuracy: number[];
}

/** The trained network with its initial and final weights and its data. */
export interface LineRun {
  model: Module;
  layout: WeightLayout;
  initial: Storage;
  final: Storage;
  train: Dataset;
  validation: Dataset;
}

export function trainForLine(): LineRun {
  const { dataset, n, noise, hidden, lr, epochs, batchSize, seed } = LINE_RUN;
  const random = new Random(seed);
  const train = toyDataset(dataset, { random, n, noise });
  const validation = toyDataset(dataset, { random, n, noise });
  const model = mlp({ inputs: 2, hidden, outputs: 2, random: new Random(seed + 1) });
  const layout = weightLayout(model);
  const initial = captureWeights(layout);
  fit(model, {
    train,
    validation,
    optimizer: { name: 'adam', lr },
    epochs,
    batchSize,
    random: new Random(seed + 2),
    restoreBest: false,
  });
  return { model, layout, initial, final: captureWeights(layout), train, validation };
}

/** The losses and accuracies at θ(t) for LINE_POINTS values of t; the model is left at θ₁. */
export function lossAlongLine(run: LineRun, points = LINE_POINTS): LineLosses {
  const result: LineLosses = { t: [], train: [], validation: [], trainAccuracy: [], validationAccuracy: [] };
  const weights = run.final.slice();
  for (let k = 0; k < points; k++) {
    const t = LINE_RANGE[0] + ((LINE_RANGE[1] - LINE_RANGE[0]) * k) / (points - 1);
    for (let i = 0; i < weights.length; i++) weights[i] = (1 - t) * run.initial[i] + t * run.final[i];
    restoreWeights(run.layout, weights);
    const train = evaluate(run.model, run.train);
    const validation = evaluate(run.model, run.validation);
    result.t.push(t);
    result.train.push(train.loss);
    result.validation.push(validation.loss);
    result.trainAccuracy.push(train.accuracy ?? Number.NaN);
    result.validationAccuracy.push(validation.accuracy ?? Number.NaN);
  }
  restoreWeights(run.layout, run.final);
  return result;
}

const TRAIN_COLOR = PATH_COLORS[1];
const VALIDATION_COLOR = PATH_COLORS[0];
const PLOT: Rect = { x: 80, y: 84, width: 620, height: 380 };
const WIDTH = 960;

export function lossAlongLineFigure(): Figure {
  const { hidden, n, noise, epochs, lr, batchSize } = LINE_RUN;
  const line = lossAlongLine(trainForLine());
  const panel = curvePlot(PLOT, LINE_RANGE, paddedRange([...line.train, ...line.validation], false), {
    xLabel: 't   (θ(t) = (1 − t)·θ₀ + t·θ₁)',
    yLabel: 'cross-entropy loss',
  });
  const subtitle = `MLP 2-${hidden.join('-')}-2 (ReLU) on two moons (${n} points, noise ${formatValue(noise)}); ${epochs} epochs of Adam, lr ${formatValue(lr)}, batches of ${batchSize}`;
  const marks: Mark[] = [
    ...figureTitle(PLOT.x, 'The loss along the line from the initial to the final weights', subtitle),
    ...panel.marks,
  ];
  const curve = (values: number[], color: string, label: string): Mark =>
    polyline(
      values.map((v, k) => [line.t[k], v]),
      panel,
      { color, width: 2.25, role: 'curve', label },
    );
  marks.push({
    kind: 'group',
    clip: PLOT,
    marks: [
      ...endpointLines(panel),
      curve(line.train, TRAIN_COLOR, 'training loss'),
      curve(line.validation, VALIDATION_COLOR, 'validation loss'),
      ...lowestMarks(panel, line),
    ],
  });
  const at = (t: number): number => line.t.findIndex((v) => Math.abs(v - t) < 1e-9);
  const [i0, i1] = [at(0), at(1)];
  const lowest = argmin(line.validation);
  marks.push(
    ...legendMarks(
      [
        {
          label: 'training loss',
          details: [`${formatSignificant(line.train[i0])} at θ₀, ${formatSignificant(line.train[i1])} at θ₁`],
          swatch: { kind: 'line', color: TRAIN_COLOR },
        },
        {
          label: 'validation loss',
          details: [
            `${formatSignificant(line.validation[i0])} at θ₀, ${formatSignificant(line.validation[i1])} at θ₁`,
            `lowest at t = ${formatSignificant(line.t[lowest], 2)}`,
          ],
          swatch: { kind: 'line', color: VALIDATION_COLOR },
        },
        { label: 'lowest along the line', swatch: { kind: 'marker', style: MINIMUM_MARKER } },
        {
          label: 't = 0: initial weights θ₀',
          details: ['t = 1: final weights θ₁'],
          swatch: { kind: 'line', color: MUTED_INK, dash: [6, 4] },
        },
      ],
      PLOT.x + PLOT.width + 30,
      PLOT.y,
      WIDTH - PLOT.x - PLOT.width - 46,
    ).marks,
  );
  return { scene: { width: WIDTH, height: 540, background: '#ffffff', marks } };
}

/** Dashed vertical lines at t = 0 and t = 1, labelled θ₀ and θ₁ at the top. */
function endpointLines(panel: CurvePlot): Mark[] {
  return [0, 1].flatMap((t): Mark[] => {
    const x = panel.x(t);
    return [
      {
        kind: 'path',
        subpaths: [{ points: [x, PLOT.y, x, PLOT.y + PLOT.height], closed: false }],
        stroke: MUTED_INK,
        strokeWidth: 1.25,
        dash: [6, 4],
        role: 'endpoint',
      },
      {
        kind: 'text',
        x: x + 6,
        y: PLOT.y + 16,
        text: t === 0 ? 'θ₀ (initial)' : 'θ₁ (final)',
        size: 12,
        weight: 'bold',
        fill: INK,
        role: 'endpoint-label',
      },
    ];
  });
}

function lowestMarks(panel: CurvePlot, line: LineLosses): Mark[] {
  return [line.train, line.validation].map((values) => {
    const k = argmin(values);
    return marker(panel.x(line.t[k]), panel.y(values[k]), MINIMUM_MARKER, 'minimum');
  });
}

function argmin(values: readonly number[]): number {
  return values.reduce((best, v, k) => (v < values[best] ? k : best), 0);
}
