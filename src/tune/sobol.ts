/**
 * Sobol points (Sobol', 1967) in up to 16 dimensions, in Gray-code order (Antonov & Saleev, 1979): point n
 * is point n − 1 with the direction number of n − 1's lowest zero bit XORed in, so each point costs one XOR
 * per dimension. Direction numbers of dimensions 2–16 are Joe & Kuo's (new-joe-kuo-6.21201: s, a, m₁…m_s),
 * the ones SciPy uses; test/fixtures/tune/sobol.json holds SciPy's points to compare against.
 *
 * A digital shift (every coordinate's 32 bits XORed with a seeded random word) gives each seed its own
 * sequence while keeping the stratification of the unshifted one: among the first 2^k points, each
 * dyadic interval of length 2^−k in any one coordinate holds exactly one point.
 */
import { InputError } from '../errors.js';
import { Random } from '../tensor/random.js';

const BITS = 32;

/** [s, a, m₁, …, m_s] for dimensions 2, 3, …: the degree of the primitive polynomial, its coefficients, the initial m. */
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1],
  [2, 1, 1, 3],
  [3, 1, 1, 3, 1],
  [3, 2, 1, 1, 1],
  [4, 1, 1, 1, 3, 3],
  [4, 4, 1, 3, 5, 13],
  [5, 2, 1, 1, 5, 5, 17],
  [5, 4, 1, 1, 5, 5, 5],
  [5, 7, 1, 1, 7, 11, 19],
  [5, 11, 1, 1, 5, 1, 1],
  [5, 13, 1, 1, 1, 3, 11],
  [5, 14, 1, 3, 5, 5, 31],
  [6, 1, 1, 3, 3, 9, 7, 49],
  [6, 13, 1, 1, 1, 15, 21, 21],
  [6, 16, 1, 3, 1, 13, 27, 49],
];

export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

/** The 32 direction numbers v₁…v₃₂ of one dimension, as 32-bit integers (v_k = m_k · 2^(32−k)). */
function directions(dimension: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dimension === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const [s, a, ...m] = JOE_KUO[dimension - 1];
  for (let k = 0; k < s; k++) v[k] = m[k] * 2 ** (BITS - 1 - k);
  // v_k = a₁v_{k−1} ⊕ a₂v_{k−2} ⊕ … ⊕ a_{s−1}v_{k−s+1} ⊕ v_{k−s} ⊕ (v_{k−s} >> s)   (Bratley & Fox, 1988)
  for (let k = s; k < BITS; k++) {
    let value = v[k - s] ^ (v[k - s] >>> s);
    for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) value ^= v[k - i];
    v[k] = value >>> 0;
  }
  return v;
}

/** The first `count` points of the `dimensions`-dimensional Sobol sequence, shifted by `seed` (none when null). */
export function sobolPoints(dimensions: number, count: number, seed: number | null): number[][] {
  if (dimensions > SOBOL_MAX_DIMENSIONS)
    throw new InputError(
      `sampler sobol: at most ${SOBOL_MAX_DIMENSIONS} dimensions (got ${dimensions}); use random or tpe`,
    );
  const v = Array.from({ length: dimensions }, (_, d) => directions(d));
  const random = seed === null ? null : new Random(seed);
  const shift = Array.from({ length: dimensions }, () => (random === null ? 0 : random.nextUint32()));
  const x = new Uint32Array(dimensions);
  const points: number[][] = [];
  for (let n = 0; n < count; n++) {
    if (n > 0) {
      const c = lowestZeroBit(n - 1);
      for (let d = 0; d < dimensions; d++) x[d] ^= v[d][c];
    }
    points.push(Array.from(x, (bits, d) => ((bits ^ shift[d]) >>> 0) / 2 ** BITS));
  }
  return points;
}

function lowestZeroBit(n: number): number {
  let c = 0;
  while ((n >>> c) & 1) c++;
  return c;
}
