/**
 * The tree-structured Parzen estimator (Bergstra, Bardenet, Bengio & Kégl, "Algorithms for Hyper-Parameter
 * Optimization", NeurIPS 2011), one dimension at a time as Optuna's default (independent) TPE does.
 *
 * The finished trials, best first, are split into the best ⌈γ·n⌉ ("good") and the rest. For each dimension
 * a density is fitted to each group's coordinates — l(x) to the good ones, g(x) to the rest — and, of
 * `candidates` draws from l, the one with the largest l(x)/g(x) is proposed: the place where good results
 * are dense and bad ones are not, which maximises expected improvement under the model (ibid., §4.1).
 *
 * Ranges (coordinates in [0, 1], already on a log scale where the dimension is) get a Parzen window: an
 * equal mixture of a uniform prior and a Gaussian at each observation, truncated to [0, 1], its width the
 * larger gap to the neighbouring observations (hyperopt's rule), clipped to [1/min(100, n + 1), 1].
 * Choices get counts with one pseudo-count each (the prior): p(k) = (count(k) + 1) / (n + K).
 * A dimension inactive in a trial (a conditional one) ignores that trial.
 */
import type { Random } from '../tensor/random.js';
import type { Dimension } from './space.js';

export interface TpeObservation {
  readonly point: readonly number[];
  /** Per dimension: whether it was active in that trial. */
  readonly active: readonly boolean[];
}

export interface TpeOptions {
  /** The share of finished trials counted as good. */
  gamma: number;
  /** Draws from l(x) compared per dimension. */
  candidates: number;
}

/** A point proposed from `history` (finished trials, best first). */
export function tpeSuggest(
  dimensions: readonly Dimension[],
  history: readonly TpeObservation[],
  random: Random,
  options: TpeOptions,
): number[] {
  const good = Math.max(1, Math.ceil(options.gamma * history.length));
  return dimensions.map((d, i) => {
    const coordinates = (trials: readonly TpeObservation[]) => trials.filter((t) => t.active[i]).map((t) => t.point[i]);
    const below = coordinates(history.slice(0, good));
    const above = coordinates(history.slice(good));
    return d.kind === 'choice'
      ? suggestChoice(d.values.length, below, above, random, options)
      : suggestRange(below, above, random, options);
  });
}

// ——— Choices ———

function suggestChoice(
  k: number,
  below: readonly number[],
  above: readonly number[],
  random: Random,
  options: TpeOptions,
): number {
  const l = choiceProbabilities(k, below);
  const g = choiceProbabilities(k, above);
  let best = -1;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < options.candidates; c++) {
    const index = drawIndex(l, random.uniform());
    const score = Math.log(l[index]) - Math.log(g[index]);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  }
  return (best + 0.5) / k;
}

function choiceProbabilities(k: number, coordinates: readonly number[]): number[] {
  const counts = new Array<number>(k).fill(1);
  for (const u of coordinates) counts[Math.min(k - 1, Math.floor(u * k))] += 1;
  return counts.map((c) => c / (coordinates.length + k));
}

function drawIndex(probabilities: readonly number[], u: number): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    sum += probabilities[i];
    if (u < sum) return i;
  }
  return probabilities.length - 1;
}

// ——— Ranges ———

interface Parzen {
  readonly centres: readonly number[];
  readonly widths: readonly number[];
  /** Each Gaussian's normaliser σ·√(2π)·Z(μ, σ), computed once per fit rather than once per density evaluated. */
  readonly normalisers: Float64Array;
}

function suggestRange(below: readonly number[], above: readonly number[], random: Random, options: TpeOptions): number {
  if (below.length === 0) return random.uniform();
  const l = parzen(below);
  const g = parzen(above);
  let best = 0.5;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < options.candidates; c++) {
    const x = drawParzen(l, random);
    const score = Math.log(density(l, x)) - Math.log(density(g, x));
    if (score > bestScore) {
      best = x;
      bestScore = score;
    }
  }
  return best;
}

function parzen(coordinates: readonly number[]): Parzen {
  const sorted = [...coordinates].sort((a, b) => a - b);
  const padded = [0, ...sorted, 1];
  const minWidth = 1 / Math.min(100, sorted.length + 1);
  const widths = sorted.map((_, i) =>
    Math.min(1, Math.max(minWidth, padded[i + 1] - padded[i], padded[i + 2] - padded[i + 1])),
  );
  const normalisers = Float64Array.from(sorted, (mu, i) => {
    const sigma = widths[i];
    const z = normalCdf((1 - mu) / sigma) - normalCdf((0 - mu) / sigma);
    return sigma * Math.sqrt(2 * Math.PI) * z;
  });
  return { centres: sorted, widths, normalisers };
}

/** One draw: the uniform prior or one of the Gaussians (equal weights), kept inside [0, 1]. */
function drawParzen(p: Parzen, random: Random): number {
  const component = random.integer(p.centres.length + 1);
  if (component === p.centres.length) return random.uniform();
  for (let attempt = 0; attempt < 16; attempt++) {
    const x = p.centres[component] + p.widths[component] * random.normal();
    if (x >= 0 && x <= 1) return x;
  }
  return p.centres[component];
}

/** The mixture's density at x: (1 + Σ N(x; μ, σ)/Z(μ, σ)) / (n + 1), Z the Gaussian's mass inside [0, 1]. */
function density(p: Parzen, x: number): number {
  let sum = 1;
  for (let i = 0; i < p.centres.length; i++) {
    const u = (x - p.centres[i]) / p.widths[i];
    sum += Math.exp(-0.5 * u ** 2) / p.normalisers[i];
  }
  return sum / (p.centres.length + 1);
}

/** Φ(x) through erf, Abramowitz & Stegun 7.1.26 (|error| < 1.5·10⁻⁷). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
