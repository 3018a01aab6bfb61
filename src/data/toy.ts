/**
 * Small synthetic datasets, in the manner of TensorFlow Playground's `dataset.ts` (Smilkov & Carter,
 * https://github.com/tensorflow/playground): each is a plain `(n, noise, random) => Dataset`.
 *
 * Classification sets have two inputs (x1, x2) and two classes, 0 ('negative', Playground's −1) and
 * 1 ('positive', Playground's +1); `gaussians` and `spiral` take `classes` for k of them (k blobs, k arms).
 * `circle`, `gaussians`, `spiral` and `moons` make ⌈n/2⌉ examples of class 0 and ⌊n/2⌋ of class 1 (k
 * classes: ⌊n/k⌋ each, the first n mod k classes one more) before label noise flips any; `xor` draws points
 * uniformly, so its balance is only about even. Rows are shuffled (as Playground shuffles), so any prefix mixes the classes. `noise`
 * follows Playground's 0 … 0.5 slider, except for `moons` (scikit-learn's Gaussian std, ~0.1):
 *
 *   circle     class 1 at radius r ~ U[0, 2.5], class 0 at r ~ U[3.5, 5]; the label is that of the point
 *              moved by U[−5, 5]·noise in each coordinate (the stored point is not moved), as Playground.
 *   xor        x1, x2 ~ U[−5, 5] pushed 0.3 away from the axes; label 1 when x1·x2 ≥ 0 after the same
 *              label noise as circle.
 *   gaussians  class 1 around (2, 2), class 0 around (−2, −2), each coordinate with variance
 *              0.5 + 7·noise (Playground maps noise [0, 0.5] to variance [0.5, 4]); k classes: class c
 *              around the point at angle 5π/4 + 2πc/k on the circle of radius 2√2 through those two.
 *   spiral     two interleaved spirals r = 5t, θ = 3.5πt (+π for class 0), t = i/m, plus U[−1, 1]·noise;
 *              k classes: arm c turned by π(1 − 2c/k), which is π and 0 for two.
 *   moons      scikit-learn's make_moons: an upper half circle (class 0) and a lower one shifted by
 *              (1, −0.5) (class 1), evenly spaced, plus N(0, noise²) in each coordinate.
 *
 * Regression: `noisyLine` has one input x ~ U[−1, 1] and y = slope·x + intercept + N(0, noise²);
 * `gaborData` draws 1-D data by the recipe of UDL (Prince, Understanding Deep Learning, 2023) Figure 6.3
 * (the book-matching draw and its seed are in book.ts).
 */
import { registry, type RegistryEntry } from '../config/registry.js';
import { InputError } from '../errors.js';
import { check, checkInteger } from '../config/validate.js';
import type { Random } from '../tensor/random.js';
import type { Dataset } from './dataset.js';

export type ToyGenerator = (n: number, noise: number, random: Random) => Dataset;

const CLASS_NAMES = ['negative', 'positive'];

/** At most this many classes in a toy set (the lab has a colour for each). */
export const MAX_TOY_CLASSES = 6;

/** Two-input data of `classes` classes from points given in generation order, shuffled by `random`. */
function classification(points: number[], labels: number[], random: Random, classes = 2): Dataset {
  const n = labels.length;
  const order = random.permutation(n);
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = points[2 * order[i]];
    x[2 * i + 1] = points[2 * order[i] + 1];
    y[i] = labels[order[i]];
  }
  return {
    x,
    y,
    n,
    features: 2,
    task: 'classification',
    classes,
    featureNames: ['x1', 'x2'],
    classNames: classes === 2 ? [...CLASS_NAMES] : Array.from({ length: classes }, (_, c) => `class ${c}`),
  };
}

function checkArgs(name: string, n: number, noise: number): void {
  checkInteger(name, 'n', n, 1);
  check(Number.isFinite(noise) && noise >= 0, name, 'noise', 'a finite number >= 0', noise);
}

/** Examples of class 0, then of class 1, …: ⌊n/k⌋ each, one more for the first n mod k (⌈n/2⌉, ⌊n/2⌋ for two). */
function classSizes(n: number, classes = 2): number[] {
  return Array.from({ length: classes }, (_, c) => Math.floor(n / classes) + (c < n % classes ? 1 : 0));
}

function checkClasses(name: string, classes: number): void {
  check(
    Number.isInteger(classes) && classes >= 2 && classes <= MAX_TOY_CLASSES,
    name,
    'classes',
    `an integer in [2, ${MAX_TOY_CLASSES}]`,
    classes,
  );
}

export function circle(n: number, noise: number, random: Random): Dataset {
  checkArgs('circle', n, noise);
  const radius = 5;
  const points: number[] = [];
  const labels: number[] = [];
  const ring = (count: number, rMin: number, rMax: number) => {
    for (let i = 0; i < count; i++) {
      const r = random.uniformIn(rMin, rMax);
      const angle = random.uniformIn(0, 2 * Math.PI);
      const px = r * Math.sin(angle);
      const py = r * Math.cos(angle);
      const nx = px + random.uniformIn(-radius, radius) * noise;
      const ny = py + random.uniformIn(-radius, radius) * noise;
      points.push(px, py);
      labels.push(Math.hypot(nx, ny) < radius * 0.5 ? 1 : 0);
    }
  };
  const [outside, inside] = classSizes(n);
  ring(outside, radius * 0.7, radius);
  ring(inside, 0, radius * 0.5);
  return classification(points, labels, random);
}

export function xor(n: number, noise: number, random: Random): Dataset {
  checkArgs('xor', n, noise);
  const padding = 0.3;
  const points: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    let px = random.uniformIn(-5, 5);
    px += px > 0 ? padding : -padding;
    let py = random.uniformIn(-5, 5);
    py += py > 0 ? padding : -padding;
    const nx = px + random.uniformIn(-5, 5) * noise;
    const ny = py + random.uniformIn(-5, 5) * noise;
    points.push(px, py);
    labels.push(nx * ny >= 0 ? 1 : 0);
  }
  return classification(points, labels, random);
}

export function gaussians(n: number, noise: number, random: Random, classes = 2): Dataset {
  checkArgs('gaussians', n, noise);
  checkClasses('gaussians', classes);
  const std = Math.sqrt(0.5 + 7 * noise);
  const points: number[] = [];
  const labels: number[] = [];
  // Rounded to 1e−12 so that the two classes' centres are exactly (−2, −2) and (2, 2).
  const at = (v: number) => Math.round(v * 1e12) / 1e12;
  classSizes(n, classes).forEach((count, label) => {
    const angle = (5 * Math.PI) / 4 + (2 * Math.PI * label) / classes;
    const cx = at(2 * Math.SQRT2 * Math.cos(angle));
    const cy = at(2 * Math.SQRT2 * Math.sin(angle));
    for (let i = 0; i < count; i++) {
      points.push(cx + std * random.normal(), cy + std * random.normal());
      labels.push(label);
    }
  });
  return classification(points, labels, random, classes);
}

export function spiral(n: number, noise: number, random: Random, classes = 2): Dataset {
  checkArgs('spiral', n, noise);
  checkClasses('spiral', classes);
  const points: number[] = [];
  const labels: number[] = [];
  const arm = (count: number, deltaT: number, label: number) => {
    for (let i = 0; i < count; i++) {
      const t = i / count;
      const r = 5 * t;
      const angle = 1.75 * t * 2 * Math.PI + deltaT;
      points.push(
        r * Math.sin(angle) + random.uniformIn(-1, 1) * noise,
        r * Math.cos(angle) + random.uniformIn(-1, 1) * noise,
      );
      labels.push(label);
    }
  };
  classSizes(n, classes).forEach((count, label) => arm(count, Math.PI * (1 - (2 * label) / classes), label));
  return classification(points, labels, random, classes);
}

export function moons(n: number, noise: number, random: Random): Dataset {
  checkArgs('moons', n, noise);
  const points: number[] = [];
  const labels: number[] = [];
  const [upper, lower] = classSizes(n);
  for (let i = 0; i < upper; i++) {
    const angle = upper === 1 ? 0 : (Math.PI * i) / (upper - 1);
    points.push(Math.cos(angle) + noise * random.normal(), Math.sin(angle) + noise * random.normal());
    labels.push(0);
  }
  for (let i = 0; i < lower; i++) {
    const angle = lower === 1 ? 0 : (Math.PI * i) / (lower - 1);
    points.push(1 - Math.cos(angle) + noise * random.normal(), 0.5 - Math.sin(angle) + noise * random.normal());
    labels.push(1);
  }
  return classification(points, labels, random);
}

/** One input x ~ U[−1, 1], one target y = slope·x + intercept + N(0, noise²). */
export function noisyLine(
  n: number,
  noise: number,
  random: Random,
  line: { slope?: number; intercept?: number } = {},
): Dataset {
  checkArgs('noisyLine', n, noise);
  const { slope = 1, intercept = 0 } = line;
  check(Number.isFinite(slope), 'noisyLine', 'slope', 'a finite number', slope);
  check(Number.isFinite(intercept), 'noisyLine', 'intercept', 'a finite number', intercept);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = random.uniformIn(-1, 1);
    y[i] = slope * x[i] + intercept + noise * random.normal();
  }
  return { x, y, n, features: 1, task: 'regression', targets: 1, featureNames: ['x'] };
}

/** The Gabor model's true parameters in UDL Figure 6.3: φ0 = 0, φ1 = 16.6. */
export const GABOR_PHI: readonly [number, number] = [0, 16.6];

/**
 * The noise std of `gaborData`: 0.15 is the std of the residuals of the 30 points of the book's notebook
 * 6.3 (Stochastic gradient descent) about the Gabor curve with φ = [0, 16.6] (0.1498), so the scatter looks
 * like the book's figure.
 */
export const GABOR_NOISE = 0.15;

/** The Gabor model of UDL eq. 6.8: f(x) = sin(φ0 + 0.06·φ1·x) · exp(−(φ0 + 0.06·φ1·x)² / 32). */
export function gabor(x: number, phi: readonly [number, number] = GABOR_PHI): number {
  const a = phi[0] + 0.06 * phi[1] * x;
  return Math.sin(a) * Math.exp(-(a * a) / 32);
}

/**
 * Data drawn by the recipe of UDL Figure 6.3's training data: 28 points (default), x ~ U[−15, 15], y = gabor(x; φ = [0, 16.6]) plus
 * N(0, GABOR_NOISE²).
 */
export function gaborData(random: Random, options: { n?: number; noise?: number } = {}): Dataset {
  const { n = 28, noise = GABOR_NOISE } = options;
  checkArgs('gabor', n, noise);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = random.uniformIn(-15, 15);
    y[i] = gabor(x[i]) + noise * random.normal();
  }
  return { x, y, n, features: 1, task: 'regression', targets: 1, featureNames: ['x'] };
}

export interface ToyOptions {
  /** The source of every random choice; required. */
  random: Random;
  /** Number of examples; default 200 (28 for gabor). */
  n?: number;
  /** Noise level (see each generator); default: the entry's `noise` below. */
  noise?: number;
  /** gaussians and spiral: the number of classes (default 2). */
  classes?: number;
  /** noisyLine only. */
  slope?: number;
  intercept?: number;
}

export interface ToyEntry extends RegistryEntry {
  n: number;
  noise: number;
  /** Extra option names this generator accepts. */
  extra: string[];
  create(n: number, noise: number, random: Random, options: ToyOptions): Dataset;
}

export const toyDatasets = registry<ToyEntry>('toy dataset', {
  circle: { n: 200, noise: 0, extra: [], create: circle, summary: 'two classes: a disc inside a ring' },
  xor: { n: 200, noise: 0, extra: [], create: xor, summary: 'two classes by the signs of x and y' },
  gaussians: {
    n: 200,
    noise: 0,
    extra: ['classes'],
    create: (n, noise, random, o) => gaussians(n, noise, random, o.classes),
    summary: 'Gaussian blobs, one per class (classes=2 by default)',
  },
  spiral: {
    n: 200,
    noise: 0,
    extra: ['classes'],
    create: (n, noise, random, o) => spiral(n, noise, random, o.classes),
    summary: 'interleaved spirals, one arm per class (classes=2 by default)',
  },
  moons: { n: 200, noise: 0.1, extra: [], create: moons, summary: 'two interleaving half circles' },
  noisyLine: {
    n: 200,
    noise: 0.1,
    extra: ['slope', 'intercept'],
    create: (n, noise, random, o) => noisyLine(n, noise, random, o),
    summary: 'regression: points around a line',
  },
  gabor: {
    n: 28,
    noise: GABOR_NOISE,
    extra: [],
    create: (n, noise, random) => gaborData(random, { n, noise }),
    summary: "regression: the Gabor model's data (UDL Figure 6.3's recipe)",
  },
});

export const toyDatasetNames = toyDatasets.names;

/** The toy dataset `name` (case, '-' and '_' ignored); an unknown name is an InputError listing the valid ones. */
export function toyDataset(name: string, options: ToyOptions): Dataset {
  const entry = toyDatasets.get(name);
  const valid = ['random', 'n', 'noise', ...entry.extra];
  for (const key of Object.keys(options)) {
    if (!valid.includes(key))
      throw new InputError(`${name}: unknown option '${key}'; valid options: ${valid.join(', ')}`);
  }
  if (options.random === undefined) throw new InputError(`${name}: a random (a seeded Random) is required`);
  return entry.create(options.n ?? entry.n, options.noise ?? entry.noise, options.random, options);
}
