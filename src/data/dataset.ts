/**
 * A dataset as plain typed arrays, independent of any tensor type: `x` holds n rows of `features` numbers
 * (row-major, row i is x[i·features … (i+1)·features)); `y` holds one class index per row (Int32Array) for
 * classification, or n rows of `targets` numbers (Float32Array) for regression.
 *
 * The train/validation split is a random permutation cut in two (sampling without replacement), so each
 * example lands in exactly one part; every random choice comes from the `Random` passed in.
 */
import { InputError } from '../errors.js';
import type { Random } from '../tensor/random.js';

export type Task = 'classification' | 'regression';

export interface Dataset {
  /** n × features, row-major. */
  x: Float32Array;
  /** Class indices in [0, classes) (classification) or n × targets values, row-major (regression). */
  y: Float32Array | Int32Array;
  n: number;
  features: number;
  task: Task;
  /** Number of classes (classification). */
  classes?: number;
  /** Number of target values per example (regression). */
  targets?: number;
  featureNames?: string[];
  classNames?: string[];
}

/** The number of y values per example: 1 for classification, `targets` for regression. */
export function yWidth(ds: Dataset): number {
  return ds.task === 'classification' ? 1 : (ds.targets ?? 1);
}

/** Throws an InputError naming the first inconsistency between the arrays and the declared sizes. */
export function checkDataset(ds: Dataset): void {
  if (!Number.isInteger(ds.n) || ds.n < 0) throw new InputError(`dataset: n must be an integer >= 0 (got ${ds.n})`);
  if (!Number.isInteger(ds.features) || ds.features < 1)
    throw new InputError(`dataset: features must be an integer >= 1 (got ${ds.features})`);
  if (ds.x.length !== ds.n * ds.features) {
    throw new InputError(
      `dataset: x has ${ds.x.length} values; n × features = ${ds.n} × ${ds.features} = ${ds.n * ds.features}`,
    );
  }
  if (ds.task === 'classification') checkLabels(ds);
  else if (ds.task === 'regression') checkTargets(ds);
  else throw new InputError(`dataset: task must be 'classification' or 'regression' (got ${JSON.stringify(ds.task)})`);
}

function checkLabels(ds: Dataset): void {
  if (!(ds.y instanceof Int32Array))
    throw new InputError('dataset: y must be an Int32Array of class indices for classification');
  if (ds.y.length !== ds.n) throw new InputError(`dataset: y has ${ds.y.length} labels; n = ${ds.n}`);
  const classes = ds.classes;
  if (classes === undefined || !Number.isInteger(classes) || classes < 1) {
    throw new InputError(`dataset: classes must be an integer >= 1 for classification (got ${classes})`);
  }
  for (let i = 0; i < ds.n; i++) {
    if (ds.y[i] < 0 || ds.y[i] >= classes)
      throw new InputError(`dataset: label ${ds.y[i]} of example ${i} is outside [0, ${classes})`);
  }
}

function checkTargets(ds: Dataset): void {
  if (!(ds.y instanceof Float32Array))
    throw new InputError('dataset: y must be a Float32Array of target values for regression');
  const targets = yWidth(ds);
  if (ds.y.length !== ds.n * targets) {
    throw new InputError(
      `dataset: y has ${ds.y.length} values; n × targets = ${ds.n} × ${targets} = ${ds.n * targets}`,
    );
  }
}

/** A new dataset holding copies of the rows `indices` (in that order; an index may repeat). */
export function subset(ds: Dataset, indices: ArrayLike<number>): Dataset {
  const m = indices.length;
  const f = ds.features;
  const w = yWidth(ds);
  const x = new Float32Array(m * f);
  const y = ds.y instanceof Int32Array ? new Int32Array(m * w) : new Float32Array(m * w);
  for (let i = 0; i < m; i++) {
    const row = indices[i];
    if (!Number.isInteger(row) || row < 0 || row >= ds.n)
      throw new InputError(`subset: index ${row} is outside [0, ${ds.n})`);
    x.set(ds.x.subarray(row * f, (row + 1) * f), i * f);
    y.set(ds.y.subarray(row * w, (row + 1) * w), i * w);
  }
  return { ...ds, x, y, n: m };
}

/**
 * The row indices of a shuffled split: `validation` gets round(n · validationFraction) rows (at least one,
 * and at most n − 1, so neither part is empty), `train` the rest.
 */
export function splitIndices(
  n: number,
  validationFraction: number,
  random: Random,
): { train: Uint32Array; validation: Uint32Array } {
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw new InputError(`validationFraction must be in (0, 1) (got ${validationFraction})`);
  }
  if (n < 2) throw new InputError(`a train/validation split needs at least 2 examples (got ${n})`);
  const size = Math.min(n - 1, Math.max(1, Math.round(n * validationFraction)));
  const order = random.permutation(n);
  return { train: order.slice(size), validation: order.slice(0, size) };
}

/** A shuffled train/validation split (see `splitIndices` for the sizes); both parts are copies. */
export function trainValidationSplit(
  ds: Dataset,
  validationFraction: number,
  random: Random,
): { train: Dataset; validation: Dataset } {
  const { train, validation } = splitIndices(ds.n, validationFraction, random);
  return { train: subset(ds, train), validation: subset(ds, validation) };
}
