/**
 * The figures of the course, by name: what `downhill figures` renders and what the web lab can show. Each
 * entry is one figure — a name (its file name), a title and caption for the index page, and a builder that
 * returns the figure (the still, and the animation when it has one). A new figure is one more entry.
 *
 * Figures 6, 7, 10 and 11 of the figures issue (linear regression, the Gabor model, over-fitting, the loss
 * along a line) run the training engine in-process (the over-fitting figure trains its network with `fit`,
 * in about half a second). A builder may be async and may read what `FigureContext` offers.
 */
import { registry } from '../../config/registry.js';
import type { Figure } from '../figure.js';
import { adaptiveFigure, udl69Figure } from './adaptive.js';
import { gaborFigure } from './gabor.js';
import { gradientDescent1dFigure } from './gradientDescent1d.js';
import { lineSearchFigure } from './lineSearch.js';
import { linearRegressionFigure } from './linearRegression.js';
import { lossAlongLineFigure } from './lossAlongLine.js';
import { momentumFigure } from './momentum.js';
import { momentumNesterovFigure } from './momentumNesterov.js';
import { overfittingRunFigure } from './overfitting.js';
import { raceFigure } from './race.js';
import { stepSizeFigure } from './stepSize.js';

/** What a builder may use beyond its own code; empty for the figures that need only 2-D surfaces. */
export type FigureContext = Record<string, never>;

export interface FigureEntry {
  name: string;
  title: string;
  caption: string;
  build(context: FigureContext): Figure | Promise<Figure>;
}

export const FIGURES: readonly FigureEntry[] = [
  {
    name: 'race',
    title: 'Race on the Rosenbrock function',
    caption:
      'SGD, SGD with momentum and Adam from (−1.5, 2), 300 steps: filled contours on log-spaced levels, the minimum at (1, 1).',
    build: raceFigure,
  },
  {
    name: 'gradient-descent-1d',
    title: 'Gradient descent in one dimension',
    caption:
      'Ten steps θ ← θ − α·L′(θ) from the left and from the right of the minimum: the step is proportional to the slope.',
    build: gradientDescent1dFigure,
  },
  {
    name: 'step-size',
    title: 'Step size',
    caption:
      'Gradient descent on L = x² + 10y² with four step sizes: one crawls, one is good, one oscillates across the valley, one diverges.',
    build: stepSizeFigure,
  },
  {
    name: 'momentum',
    title: 'Momentum β',
    caption:
      'SGD with momentum β = 0, 0.6, 0.8, 0.9 and the same step size and budget: stops short, gets closer, reaches with a small overshoot, reaches with heavy oscillation.',
    build: momentumFigure,
  },
  {
    name: 'adaptive',
    title: 'Adaptive methods',
    caption:
      "AdaGrad, RMSProp and Adam with the same learning rate on Himmelblau's function: AdaGrad slowest, RMSProp fast but rattling at the end, Adam fast and steady.",
    build: adaptiveFigure,
  },
  {
    name: 'adaptive-axes',
    title: 'One step size for two axes (UDL Figure 6.9)',
    caption:
      'On a loss steep in y and shallow in x: a step for the steep axis crawls, a step for the shallow axis is unstable, normalised steps bounce, Adam is smooth.',
    build: udl69Figure,
  },
  {
    name: 'linear-regression',
    title: 'Linear regression (UDL Figure 6.1)',
    caption:
      'Four iterations of gradient descent with a bracketing line search on the least-squares loss of a line: the data with the line of each iterate, and the path over (intercept, slope), turning by a right angle at each iterate.',
    build: linearRegressionFigure,
  },
  {
    name: 'gabor',
    title: 'Non-convex losses: the Gabor model (UDL Figures 6.4–6.6)',
    caption:
      "The Gabor model's least-squares loss over (φ0, φ1) with its minima, saddle points and maxima, found by Newton's method and classified by the Hessian; gradient descent from three starts, one ending in a local minimum; SGD from the same starts escaping it; the model at two minima.",
    build: gaborFigure,
  },
  {
    name: 'momentum-nesterov',
    title: 'Momentum and Nesterov (UDL Figures 6.7–6.8)',
    caption:
      "SGD on noisy gradients without and with momentum, and one step of classical momentum beside Nesterov's look-ahead, as arrows.",
    build: momentumNesterovFigure,
  },
  {
    name: 'line-search',
    title: 'Line search by bracketing (UDL Figure 6.10)',
    caption: 'The golden-section search narrowing the bracket [a, d] along one direction, step by step.',
    build: lineSearchFigure,
  },
  {
    name: 'overfitting',
    title: 'Over-fitting and early stopping',
    caption:
      'Training and validation loss per epoch of a large MLP on 15 noisy points: the training loss keeps falling while the validation loss turns and rises; early stopping keeps the epoch of the lowest validation loss. downhill plot-metrics draws the same for any run.',
    build: overfittingRunFigure,
  },
  {
    name: 'loss-along-line',
    title: 'The loss along a line',
    caption:
      'The training and validation loss of a network at the weights (1 − t)·θ₀ + t·θ₁ on the straight line through its initial and final weights, t from −0.5 to 1.5: a smooth descent without barriers, rising again beyond the final weights.',
    build: lossAlongLineFigure,
  },
];

/** The figures as a registry (lookup by name, `downhill list figures`), in the order above. */
export const figures = registry(
  'figure',
  Object.fromEntries(FIGURES.map((entry) => [entry.name, { ...entry, summary: entry.title }])),
);

export const figureNames = figures.names;
