/** The non-convex page's settings: the Gabor race's start and SGD's options, the line-search step, Newton's surface and start. */
import { integer, number, settingsTable, choice } from '../../../src/config/settings';
import { GABOR_GD, GABOR_SGD, GABOR_STARTS, GABOR_BAD_START } from '../../../src/plot/figures/gabor';
import { surfaceNames } from '../../../src/problems/registry';
import type { StateOf } from '../state/url';

export const nonconvexSettings = settingsTable('nonconvex', {
  x: number({ default: GABOR_STARTS[GABOR_BAD_START][0], help: 'the start: φ0' }),
  y: number({ default: GABOR_STARTS[GABOR_BAD_START][1], help: 'the start: φ1' }),
  lr: number({
    default: GABOR_SGD.lr,
    min: 1e-4,
    max: 1,
    scale: 'log',
    help: "SGD's learning rate (cosine-annealed to 0)",
  }),
  batch: integer({
    default: GABOR_SGD.batchSize,
    min: 1,
    max: 28,
    help: 'examples per SGD step (28: the whole data set)',
  }),
  steps: integer({ default: GABOR_SGD.steps, min: 1, max: 5000, help: 'SGD steps' }),
  gdSteps: integer({
    default: GABOR_GD.steps,
    min: 1,
    max: 1000,
    help: 'gradient-descent steps (each with a line search)',
  }),
  seed: integer({ default: GABOR_SGD.seed, min: 0, max: 0xffffffff, help: "the seed of SGD's mini-batches" }),
  search: integer({ default: 0, min: 0, max: 100, help: 'the line-search step shown' }),
  newtonFn: choice(surfaceNames, { default: 'himmelblau', help: "the surface of Newton's method" }),
  nx: number({ default: -0.5, help: "Newton's start: x" }),
  ny: number({ default: 0.6, help: "Newton's start: y" }),
});

export type NonconvexState = StateOf<typeof nonconvexSettings>;
