/**
 * What a training run tells its user: one line per epoch for a terminal or a log, and the summary that
 * `downhill train` writes as summary.json — the final model's loss and accuracy on the training,
 * validation and test sets, how the run ended, and the seconds per epoch. Numbers are always finite
 * (fit stops before a loss stops being one), so no NaN reaches a screen or a file.
 */
import type { Evaluation } from './evaluate.js';
import type { FitResult } from './fit.js';
import type { EpochMetrics } from './state.js';

export interface RunSummary {
  dataset: string;
  model: string;
  parameters: number;
  /** The kernels the run computed with ('wasm' or 'ts') and the threads its matmuls ran on. */
  kernels: string;
  threads: number;
  stopped: FitResult['stopped'];
  diverged?: FitResult['diverged'];
  /** Epochs completed. */
  epochs: number;
  steps: number;
  /** The epoch whose weights the final model has (lowest validation loss); null if none completed. */
  bestEpoch: number | null;
  secondsPerEpoch: number | null;
  /** With weight averaging: the final model is this average (not the best epoch's weights). */
  averaged?: FitResult['averaged'];
  train: Evaluation;
  validation?: Evaluation;
  test?: Evaluation;
}

export function summarize(
  run: { dataset: string; model: string; parameters: number; kernels: string; threads: number },
  result: FitResult,
  evaluations: { train: Evaluation; validation?: Evaluation; test?: Evaluation },
): RunSummary {
  const seconds = result.history.map((m) => m.seconds);
  return {
    ...run,
    stopped: result.stopped,
    ...(result.diverged === undefined ? {} : { diverged: result.diverged }),
    epochs: result.epochsRun,
    steps: result.steps,
    bestEpoch: result.best?.epoch ?? null,
    secondsPerEpoch: seconds.length === 0 ? null : seconds.reduce((a, b) => a + b, 0) / seconds.length,
    ...(result.averaged === undefined ? {} : { averaged: result.averaged }),
    ...evaluations,
  };
}

/** `epoch 3/5: train loss 0.3012, accuracy 0.8891; validation loss 0.3311, accuracy 0.8790; lr 0.001; 14.2 s` */
export function formatEpoch(metrics: EpochMetrics, epochs: number): string {
  const parts = [
    `epoch ${metrics.epoch}/${epochs}: ${formatEvaluation('train', { loss: metrics.trainLoss, accuracy: metrics.trainAccuracy })}`,
  ];
  if (metrics.validationLoss !== undefined)
    parts.push(formatEvaluation('validation', { loss: metrics.validationLoss, accuracy: metrics.validationAccuracy }));
  parts.push(`lr ${formatNumber(metrics.lr)}`, `${metrics.seconds.toFixed(1)} s`);
  return parts.join('; ');
}

/** `test loss 0.3512, accuracy 0.8712` */
export function formatEvaluation(name: string, evaluation: { loss: number; accuracy?: number }): string {
  const accuracy = evaluation.accuracy === undefined ? '' : `, accuracy ${evaluation.accuracy.toFixed(4)}`;
  return `${name} loss ${evaluation.loss.toPrecision(4)}${accuracy}`;
}

/** Four significant digits, without trailing zeros: 0.3012, 0.001, 1.2e-7. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(4)));
}
