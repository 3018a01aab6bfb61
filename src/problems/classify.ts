/**
 * Classifying a critical point of a 2-D function by the eigenvalues of its Hessian: both positive, a
 * minimum; both negative, a maximum; opposite signs, a saddle point; a zero eigenvalue, degenerate (the
 * second-order test cannot tell).
 */
export type CriticalKind = 'minimum' | 'maximum' | 'saddle' | 'degenerate';

export interface CriticalPoint {
  kind: CriticalKind;
  /** The Hessian's eigenvalues, smaller first. */
  eigenvalues: [number, number];
}

/**
 * Eigenvalues of the symmetric 2×2 matrix [[p, q], [q, r]] (the Hessian is symmetric):
 * λ = (p + r)/2 ± √(((p − r)/2)² + q²).
 */
export function symmetricEigenvalues2(p: number, q: number, r: number): [number, number] {
  const mean = (p + r) / 2;
  const radius = Math.hypot((p - r) / 2, q);
  return [mean - radius, mean + radius];
}

/** `hessian` is row-major [Lxx, Lxy, Lyx, Lyy]; eigenvalues within `tolerance` of zero count as zero. */
export function classifyCriticalPoint(hessian: ArrayLike<number>, tolerance = 1e-9): CriticalPoint {
  const eigenvalues = symmetricEigenvalues2(hessian[0], (hessian[1] + hessian[2]) / 2, hessian[3]);
  const scale = Math.max(1, Math.abs(eigenvalues[0]), Math.abs(eigenvalues[1]));
  const [lo, hi] = eigenvalues.map((e) => (Math.abs(e) <= tolerance * scale ? 0 : Math.sign(e)));
  const kind: CriticalKind = lo === 0 || hi === 0 ? 'degenerate' : lo > 0 ? 'minimum' : hi < 0 ? 'maximum' : 'saddle';
  return { kind, eigenvalues };
}
