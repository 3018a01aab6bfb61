/**
 * Parameter importance: how much of the spread of the metric over a sweep's trials each setting explains by
 * itself — a first-order, variance-based estimate (the idea behind fANOVA's main effects, Hutter et al. 2014,
 * without its random forest): the trials are grouped by the setting (a choice: one group per value; a
 * numeric range: k groups of equal size by rank, k = round(√n) but at most the distinct values; a
 * conditional setting that was off: a group of its own), and the share of the variance between the groups
 * is taken, corrected for the share that k groups explain by chance — epsilon squared (Kelley 1935):
 *
 *   ε² = (SS_between − (k − 1) · SS_within / (n − k)) / SS_total,   clipped to [0, 1],
 *
 *   SS_total = Σ_i (y_i − ȳ)²,  SS_between = Σ_g n_g (ȳ_g − ȳ)²,  SS_within = SS_total − SS_between.
 *
 * A setting that drives the metric alone gets about 1 (less the variance left inside its groups, ≈ 1/k² of it
 * for a linear effect), one that does nothing about 0. Interactions are not counted: the shares need not sum
 * to 1. With n ≤ k there is no within-group variance to correct by, and with one group (every trial alike in
 * the setting) nothing to compare: no estimate.
 */
import type { Assignment, Dimension } from './space.js';

export interface Sample {
  readonly config: Assignment;
  readonly value: number;
}

export interface Importance {
  readonly key: string;
  /** ε² in [0, 1]; undefined when there are too few trials for the groups. */
  readonly share: number | undefined;
  readonly groups: number;
}

/** The importance of each dimension over the samples, most important first (unestimated ones last). */
export function parameterImportance(dimensions: readonly Dimension[], samples: readonly Sample[]): Importance[] {
  return dimensions
    .map((d) => {
      const groups = groupsOf(d, samples);
      return { key: d.key, share: epsilonSquared(samples, groups), groups: new Set(groups).size };
    })
    .sort((a, b) => (b.share ?? -1) - (a.share ?? -1));
}

/** Each sample's group index under dimension d. */
function groupsOf(d: Dimension, samples: readonly Sample[]): number[] {
  if (d.kind === 'choice') return samples.map((s) => (d.key in s.config ? d.values.indexOf(s.config[d.key]) : -1));
  const on = samples
    .map((s, i) => ({ i, v: s.config[d.key] }))
    .filter((x): x is { i: number; v: number } => typeof x.v === 'number');
  const distinct = new Set(on.map((x) => x.v)).size;
  const k = Math.max(1, Math.min(distinct, Math.round(Math.sqrt(on.length))));
  const groups = samples.map(() => -1);
  on.sort((a, b) => a.v - b.v).forEach((x, rank) => (groups[x.i] = Math.floor((rank * k) / on.length)));
  // Equal values belong to one group: each takes the group of the first of them.
  for (let r = 1; r < on.length; r++) if (on[r].v === on[r - 1].v) groups[on[r].i] = groups[on[r - 1].i];
  return groups;
}

export function epsilonSquared(samples: readonly Sample[], groups: readonly number[]): number | undefined {
  const n = samples.length;
  const k = new Set(groups).size;
  if (k < 2 || n - k < 1) return undefined;
  const mean = samples.reduce((s, x) => s + x.value, 0) / n;
  const total = samples.reduce((s, x) => s + (x.value - mean) ** 2, 0);
  if (total === 0) return 0;
  const sums = new Map<number, { sum: number; count: number }>();
  samples.forEach((x, i) => {
    const g = sums.get(groups[i]) ?? { sum: 0, count: 0 };
    sums.set(groups[i], { sum: g.sum + x.value, count: g.count + 1 });
  });
  let between = 0;
  for (const { sum, count } of sums.values()) between += count * (sum / count - mean) ** 2;
  const within = total - between;
  return Math.min(1, Math.max(0, (between - ((k - 1) * within) / (n - k)) / total));
}
