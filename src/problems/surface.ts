/**
 * A 2-D loss surface L(x, y) with its exact gradient and Hessian, its known minima and a plotting window:
 * the problems on which the course shows optimizers at work.
 */
import { classifyCriticalPoint, type CriticalPoint } from './classify.js';

export type Point = readonly [number, number];

export interface Window {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

export interface SurfaceDefinition {
  readonly name: string;
  /** The parameters the surface was built with (e.g. Rosenbrock's a and b). */
  readonly params: Readonly<Record<string, number>>;
  value(x: number, y: number): number;
  /** Writes [∂L/∂x, ∂L/∂y] into `out` and returns it. */
  gradient(x: number, y: number, out: Float64Array): Float64Array;
  /** Writes the Hessian row-major, [Lxx, Lxy, Lyx, Lyy], into `out` and returns it. */
  hessian(x: number, y: number, out: Float64Array): Float64Array;
  /** The known minima, global ones first. */
  readonly minima: readonly Point[];
  readonly window: Window;
}

export interface Surface extends SurfaceDefinition {
  /** Tells a minimum, maximum or saddle point (or a degenerate one) at `point` from the Hessian's eigenvalues. */
  classify(point: Point): CriticalPoint;
}

export function defineSurface(definition: SurfaceDefinition): Surface {
  return {
    ...definition,
    classify: ([x, y]) => classifyCriticalPoint(definition.hessian(x, y, new Float64Array(4))),
  };
}
