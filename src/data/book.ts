/**
 * The data of the course's figures, re-drawn: Understanding Deep Learning (Prince, 2023) describes how its
 * small data sets were made but does not print the points, so each set here is drawn by the book's recipe
 * from a seeded generator, with the seed chosen so that the loss surface looks like the book's figure
 * (test/data/book.test.ts asserts what was matched). None of them is the book's own points.
 *
 *   gabor               UDL Figure 6.3: 28 points, x ~ U[−15, 15], y = gabor(x; φ = (0, 16.6)) + N(0, 0.15²),
 *                       seed GABOR_BOOK.seed: the global minimum's loss is 0.64 near φ = (0, 16.6), with
 *                       local minima and saddle points as in Figure 6.4.
 *   line                UDL Figure 6.1: 12 points, x ~ U[0, 2], y = 0.75 + 0.5·x + N(0, 0.1²).
 *   logistic            UDL problem 6.4: ten points from N(−1, 1) labelled 0 and ten from N(1, 1) labelled 1.
 *   shallowNetwork      20 points, x ~ U[0, 1], y = the network of UDL eq. 3.1 with SHALLOW_NETWORK_PARAMETERS
 *                       plus N(0, 0.05²).
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { integer, number } from '../config/settings.js';
import { Random } from '../tensor/random.js';
import type { Dataset } from './dataset.js';
import { gaborData } from './toy.js';

/** The recipe of each set and the seed of its default draw. */
export const GABOR_BOOK = { seed: 11, n: 28, noise: 0.15 } as const;
export const LINE_BOOK = { seed: 1, n: 12, noise: 0.1, intercept: 0.75, slope: 0.5 } as const;
export const LOGISTIC_BOOK = { seed: 1, n: 20 } as const;
export const SHALLOW_NETWORK_BOOK = { seed: 1, n: 20, noise: 0.05 } as const;

/** φ0…φ3 and θ (rows θk0, θk1) of the network that draws `shallowNetworkBookData`. */
export const SHALLOW_NETWORK_PARAMETERS = {
  phi: [-0.3, 2, -1, 7],
  theta: [
    [0.3, -1],
    [-1, 2],
    [-0.5, 0.65],
  ],
} as const;

/** A draw's options as rows (its seed, size and noise), the book-matching draw their defaults. */
const seed = (fallback: number) =>
  integer({ default: fallback, min: 0, max: 0xffffffff, help: 'the seed of the draw' });
const size = (fallback: number) => integer({ default: fallback, min: 1, help: 'how many examples' });
const noise = (fallback: number) => number({ default: fallback, min: 0, help: 'the standard deviation of the noise' });

export const GABOR_DRAW = optionTable({
  seed: seed(GABOR_BOOK.seed),
  n: size(GABOR_BOOK.n),
  noise: noise(GABOR_BOOK.noise),
});
export const LINE_DRAW = optionTable({
  seed: seed(LINE_BOOK.seed),
  n: size(LINE_BOOK.n),
  noise: noise(LINE_BOOK.noise),
});
export const LOGISTIC_DRAW = optionTable({ seed: seed(LOGISTIC_BOOK.seed), n: size(LOGISTIC_BOOK.n) });
export const SHALLOW_NETWORK_DRAW = optionTable({
  seed: seed(SHALLOW_NETWORK_BOOK.seed),
  n: size(SHALLOW_NETWORK_BOOK.n),
  noise: noise(SHALLOW_NETWORK_BOOK.noise),
});

export type BookDraw = Partial<OptionValues<typeof GABOR_DRAW>>;

export function gaborBookData(draw: BookDraw = {}): Dataset {
  const { seed, n, noise } = GABOR_DRAW.resolve('gabor', draw);
  return gaborData(new Random(seed), { n, noise });
}

export function lineBookData(draw: BookDraw = {}): Dataset {
  const { seed, n, noise } = LINE_DRAW.resolve('linearRegression', draw);
  const random = new Random(seed);
  return regression(
    n,
    () => random.uniformIn(0, 2),
    (x) => LINE_BOOK.intercept + LINE_BOOK.slope * x + noise * random.normal(),
  );
}

/** ⌈n/2⌉ points from N(−1, 1) labelled 0, then ⌊n/2⌋ from N(1, 1) labelled 1. */
export function logisticBookData(draw: Omit<BookDraw, 'noise'> = {}): Dataset {
  const { seed, n } = LOGISTIC_DRAW.resolve('logisticRegression', draw);
  const random = new Random(seed);
  const negatives = n - Math.floor(n / 2);
  const x = new Float32Array(n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i < negatives ? 0 : 1;
    x[i] = (y[i] === 0 ? -1 : 1) + random.normal();
  }
  return { x, y, n, features: 1, task: 'classification', classes: 2, featureNames: ['x'], classNames: ['0', '1'] };
}

/** The output of the network of UDL eq. 3.1 with SHALLOW_NETWORK_PARAMETERS at x. */
export function shallowNetworkOutput(x: number): number {
  const { phi, theta } = SHALLOW_NETWORK_PARAMETERS;
  let y = phi[0];
  for (let k = 0; k < 3; k++) y += phi[k + 1] * Math.max(0, theta[k][0] + theta[k][1] * x);
  return y;
}

export function shallowNetworkBookData(draw: BookDraw = {}): Dataset {
  const { seed, n, noise } = SHALLOW_NETWORK_DRAW.resolve('shallowNetwork', draw);
  const random = new Random(seed);
  return regression(
    n,
    () => random.uniformIn(0, 1),
    (x) => shallowNetworkOutput(x) + noise * random.normal(),
  );
}

/** n examples of one input and one target, drawing x then y for each in turn (the order fixes the stream). */
function regression(n: number, drawX: () => number, drawY: (x: number) => number): Dataset {
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = drawX();
    y[i] = drawY(x[i]);
  }
  return { x, y, n, features: 1, task: 'regression', targets: 1, featureNames: ['x'] };
}
