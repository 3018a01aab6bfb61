/**
 * Input features computed from two inputs (x1, x2), as TensorFlow Playground offers them (Smilkov & Carter,
 * https://github.com/tensorflow/playground, `INPUTS` in playground.ts): a network given x1² and x2² learns
 * the circle with no hidden layer. `downhill train --features x1,x2,x1Squared` trains on those columns,
 * in that order; the lab's playground toggles the same names.
 */
import { registry, type RegistryEntry } from '../config/registry.js';
import { InputError } from '../errors.js';
import type { Dataset } from './dataset.js';

export interface FeatureEntry extends RegistryEntry {
  /** The feature's value at (x1, x2). */
  value(x1: number, x2: number): number;
  /** How the lab writes it. */
  label: string;
}

export const inputFeatures = registry<FeatureEntry>('feature', {
  x1: { summary: 'the first input', label: 'x₁', value: (x1) => x1 },
  x2: { summary: 'the second input', label: 'x₂', value: (_x1, x2) => x2 },
  x1Squared: { summary: 'x1²', label: 'x₁²', value: (x1) => x1 * x1 },
  x2Squared: { summary: 'x2²', label: 'x₂²', value: (_x1, x2) => x2 * x2 },
  x1x2: { summary: 'x1·x2', label: 'x₁x₂', value: (x1, x2) => x1 * x2 },
  sinX1: { summary: 'sin x1', label: 'sin x₁', value: (x1) => Math.sin(x1) },
  sinX2: { summary: 'sin x2', label: 'sin x₂', value: (_x1, x2) => Math.sin(x2) },
});

/** "x1,x1Squared" → ['x1', 'x1Squared'] (canonical names); an unknown or repeated name is an InputError. */
export function parseFeatureList(text: string): string[] {
  const names = text.split(',').map((name) => inputFeatures.canonical(name.trim()));
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new InputError(`features: '${repeated}' is listed twice`);
  return names;
}

/**
 * Fills `out` (n rows of names.length) with the features of n points given as rows of `stride` numbers
 * whose first two are (x1, x2): the data sets' rows (stride = features) or the lab's grid (stride 2).
 */
export function computeFeatures(
  names: readonly string[],
  points: ArrayLike<number>,
  stride: number,
  out: Float32Array,
): Float32Array {
  const fns = names.map((name) => inputFeatures.get(name).value);
  const width = fns.length;
  const n = out.length / width;
  for (let i = 0; i < n; i++) {
    const x1 = points[i * stride];
    const x2 = points[i * stride + 1];
    for (let f = 0; f < width; f++) out[i * width + f] = fns[f](x1, x2);
  }
  return out;
}

/** The data set with `names` as its inputs; it must have exactly two (x1, x2). */
export function withFeatures(dataset: Dataset, names: readonly string[]): Dataset {
  if (dataset.features !== 2)
    throw new InputError(
      `features: computed from two inputs (x1, x2), but the data set has ${dataset.features} input columns`,
    );
  const x = computeFeatures(names, dataset.x, 2, new Float32Array(dataset.n * names.length));
  return { ...dataset, x, features: names.length, featureNames: [...names] };
}

/** The data set with the inputs a `--features` list names, or as it is without one. */
export function withFeatureList(dataset: Dataset, list: string | undefined): Dataset {
  return list === undefined ? dataset : withFeatures(dataset, parseFeatureList(list));
}
