/**
 * Figure 11, the loss along the line through a network's initial and final weights: the ends of the line
 * are the untrained and the trained network (the same losses as evaluating them), the training loss falls
 * all the way from θ₀ to θ₁ without a barrier and rises again beyond, and the figure draws both curves
 * with a vertex per point of the line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluate } from '../../../src/train/evaluate.js';
import { restoreWeights } from '../../../src/train/snapshot.js';
import {
  LINE_POINTS,
  LINE_RANGE,
  lossAlongLine,
  lossAlongLineFigure,
  trainForLine,
} from '../../../src/plot/figures/lossAlongLine.js';
import { renderSvg } from '../../../src/plot/svg.js';
import { countClass, pathsOfClass, textsOfClass } from '../svgQuery.js';

const run = trainForLine();
const line = lossAlongLine(run);
const index = (t: number): number => line.t.findIndex((v) => Math.abs(v - t) < 1e-12);

test('t = 0 is the untrained network and t = 1 the trained one', () => {
  assert.equal(line.t.length, LINE_POINTS);
  assert.deepEqual([line.t[0], line.t[LINE_POINTS - 1]], [...LINE_RANGE]);
  const at = (weights: typeof run.initial): [number, number] => {
    restoreWeights(run.layout, weights);
    return [evaluate(run.model, run.train).loss, evaluate(run.model, run.validation).loss];
  };
  assert.deepEqual(at(run.initial), [line.train[index(0)], line.validation[index(0)]]);
  assert.deepEqual(at(run.final), [line.train[index(1)], line.validation[index(1)]]);
  assert.ok(Math.abs(line.train[index(0)] - Math.log(2)) < 0.05, 'untrained: about ln 2 for two classes');
  assert.ok(line.train[index(1)] < 0.15 * line.train[index(0)]);
  assert.ok(line.trainAccuracy[index(1)] > 0.95);
});

test('the training loss falls monotonically from θ₀ to θ₁ and rises beyond; the validation loss is lowest in between', () => {
  for (let k = index(0) + 1; k <= index(1); k++) assert.ok(line.train[k] < line.train[k - 1], `t = ${line.t[k]}`);
  const last = LINE_POINTS - 1;
  assert.ok(line.train[last] > Math.min(...line.train) * 1.5, 'rises past θ₁');
  assert.ok(line.validation[last] > line.validation[index(1)]);
  const lowest = line.validation.indexOf(Math.min(...line.validation));
  assert.ok(line.t[lowest] > 0.5 && line.t[lowest] < 1.3, `validation lowest at t = ${line.t[lowest]}`);
});

test("the figure: both curves over the whole line, θ₀ and θ₁ marked, each curve's lowest point starred", () => {
  const svg = renderSvg(lossAlongLineFigure().scene);
  assert.deepEqual(
    pathsOfClass(svg, 'curve').map((c) => [c.label, c.vertices]),
    [
      ['training loss', LINE_POINTS],
      ['validation loss', LINE_POINTS],
    ],
  );
  assert.deepEqual(textsOfClass(svg, 'endpoint-label'), ['θ₀ (initial)', 'θ₁ (final)']);
  assert.equal(countClass(svg, 'endpoint'), 2);
  assert.equal(countClass(svg, 'minimum'), 2);
});
