/**
 * Figure 10, over-fitting and early stopping: the in-process run over-fits (the training loss keeps falling
 * while the validation loss rises after its lowest point) and early stopping ends it `patience` epochs
 * after that point; the figure draws one vertex per epoch on each curve, marks the early-stopping epoch
 * where the validation loss is lowest, and copes with runs without a validation set or with few epochs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { earlyStoppingEpoch } from '../../../src/plot/metrics.js';
import {
  OVERFITTING_RUN,
  overfittingFigure,
  overfittingRun,
  overfittingRunFigure,
} from '../../../src/plot/figures/overfitting.js';
import { renderSvg } from '../../../src/plot/svg.js';
import { countClass, pathsOfClass, pathVertices, textsOfClass } from '../svgQuery.js';

const result = overfittingRun();
const history = result.history;

test('the run over-fits: training loss falls on, validation loss turns up, early stopping ends it patience epochs later', () => {
  assert.equal(result.stopped, 'early-stop');
  const best = earlyStoppingEpoch(history);
  assert.ok(best !== null && result.best !== null);
  assert.equal(best.epoch, result.best.epoch, "the figure's early-stopping epoch is the one fit kept");
  assert.equal(history.length, best.epoch + OVERFITTING_RUN.patience);
  assert.ok(
    best.epoch > 20 && best.epoch < OVERFITTING_RUN.epochs - OVERFITTING_RUN.patience,
    `best epoch ${best.epoch}`,
  );
  const last = history[history.length - 1];
  assert.ok(last.trainLoss < 0.8 * best.trainLoss, `training loss ${best.trainLoss} → ${last.trainLoss}`);
  assert.ok(
    (last.validationLoss as number) > 1.5 * (best.validationLoss as number),
    `validation loss ${best.validationLoss} → ${last.validationLoss}`,
  );
  assert.ok((best.validationLoss as number) > 2 * best.trainLoss, 'a gap between the two at the best epoch already');
});

test('the figure: one vertex per epoch on both curves, the early-stopping line at the lowest validation loss', () => {
  const svg = renderSvg(overfittingRunFigure().scene);
  const curves = pathsOfClass(svg, 'curve');
  assert.deepEqual(
    curves.map((c) => [c.label, c.vertices]),
    [
      ['training loss', history.length],
      ['validation loss', history.length],
    ],
  );
  const best = earlyStoppingEpoch(history)!;
  assert.deepEqual(textsOfClass(svg, 'early-stopping-label'), [`best epoch ${best.epoch}`]);
  // The dashed line runs through the validation curve's lowest vertex; the star sits on it.
  const [line] = pathsOfClass(svg, 'early-stopping');
  const lineX = pathVertices(line.d)[0][0];
  const validation = pathVertices(curves[1].d);
  const lowest = validation.reduce((a, b) => (b[1] > a[1] ? b : a)); // pixels: down is larger
  assert.ok(Math.abs(lowest[0] - lineX) < 0.02, `${lowest[0]} vs ${lineX}`);
  assert.equal(countClass(svg, 'minimum'), 1);
  assert.match(svg, />loss \(log scale\)<\/text>/, 'losses spanning a factor over 10 get a log axis');
});

test('a run without validation losses: the training curve only, no early-stopping mark; few epochs get dots and whole-epoch ticks', () => {
  const metrics = [1, 2, 3].map((epoch) => ({ epoch, trainLoss: 1 / epoch }));
  const svg = renderSvg(overfittingFigure(metrics, { title: 'Mine' }).scene);
  assert.deepEqual(
    pathsOfClass(svg, 'curve').map((c) => c.label),
    ['training loss'],
  );
  assert.equal(countClass(svg, 'early-stopping'), 0);
  assert.match(svg, />no validation loss<\/text>/);
  assert.match(svg, /<text class="title"[^>]*>Mine<\/text>/);
  assert.match(svg, />loss<\/text>/, 'a linear axis for a span under 10');
  assert.equal((svg.match(/<circle cx/g) ?? []).length, 3, 'a dot per epoch');
  const ticks = [
    ...svg.matchAll(/<text x="[^"]*" y="[^"]*" font-size="12" text-anchor="middle" fill="#555555">([^<]*)<\/text>/g),
  ].map((m) => m[1]);
  assert.deepEqual(ticks, ['1', '2', '3']);
});
