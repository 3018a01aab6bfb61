/**
 * The critical points of a 2-D loss inside a window, found and classified: Newton's method θ ← θ − H⁻¹∇L
 * (the library's `newton`, undamped, lr = 1) from every point of a grid of starts. Undamped Newton jumps
 * to the critical point of the local quadratic model whatever its kind, so unlike gradient descent (or
 * damped Newton, which only goes downhill) it converges to saddle points and maxima as well as minima.
 * A run counts when |∇L| falls below the tolerance inside the window; runs that leave the window (with a
 * margin), meet a singular Hessian or do not settle are dropped. Points closer than `mergeDistance` are
 * one; each is classified by the signs of its Hessian's eigenvalues (src/problems/classify.ts).
 */
import { newton } from '../../optim/newton.js';
import type { HessianClosure } from '../../optim/optimizer.js';
import type { CriticalKind } from '../../problems/classify.js';
import type { Point, Surface, Window } from '../../problems/surface.js';

export interface FoundCriticalPoint {
  point: Point;
  kind: CriticalKind;
  /** The Hessian's eigenvalues, smaller first. */
  eigenvalues: [number, number];
  value: number;
}

export interface CriticalPointSearch {
  /** Starts per axis: a starts × starts grid spanning the window. */
  starts: number;
  maxIterations: number;
  /** |∇L| below this counts as a critical point. */
  gradientTolerance: number;
  /** Points closer than this fraction of the window's diagonal are the same point. */
  mergeDistance: number;
}

const DEFAULTS: CriticalPointSearch = { starts: 41, maxIterations: 60, gradientTolerance: 1e-9, mergeDistance: 1e-4 };
/** How far past the window (as a fraction of its size) a Newton run may wander before it is dropped. */
const MARGIN = 0.25;

/** Every critical point found inside `window`, lowest loss first. */
export function findCriticalPoints(
  surface: Surface,
  window: Window,
  options: Partial<CriticalPointSearch> = {},
): FoundCriticalPoint[] {
  const o = { ...DEFAULTS, ...options };
  const diagonal = Math.hypot(window.x[1] - window.x[0], window.y[1] - window.y[0]);
  const found: FoundCriticalPoint[] = [];
  for (let i = 0; i < o.starts; i++) {
    for (let j = 0; j < o.starts; j++) {
      const start: Point = [lerp(window.x, i / (o.starts - 1)), lerp(window.y, j / (o.starts - 1))];
      const point = newtonFrom(surface, start, window, o);
      if (point === null || !inside(point, window, 0)) continue;
      if (found.some((p) => Math.hypot(p.point[0] - point[0], p.point[1] - point[1]) < o.mergeDistance * diagonal))
        continue;
      found.push({ point, ...surface.classify(point), value: surface.value(point[0], point[1]) });
    }
  }
  return found.sort((a, b) => a.value - b.value);
}

/** Where undamped Newton from `start` settles, or null. */
function newtonFrom(surface: Surface, start: Point, window: Window, o: CriticalPointSearch): Point | null {
  const param = { data: Float64Array.from(start), grad: new Float64Array(2) };
  const hessian = new Float64Array(4);
  const { data, grad } = param;
  const closure: HessianClosure = Object.assign(
    () => {
      surface.gradient(data[0], data[1], grad);
      return surface.value(data[0], data[1]);
    },
    { hessian: () => surface.hessian(data[0], data[1], hessian) },
  );
  const optimizer = newton([param], { lr: 1, damping: 0 });
  for (let k = 0; k < o.maxIterations; k++) {
    try {
      optimizer.step(closure);
    } catch {
      return null; // a singular Hessian: no Newton step from here
    }
    if (!inside([data[0], data[1]], window, MARGIN)) return null;
    surface.gradient(data[0], data[1], grad);
    if (Math.hypot(grad[0], grad[1]) < o.gradientTolerance) return [data[0], data[1]];
  }
  return null;
}

function lerp([a, b]: readonly [number, number], t: number): number {
  return a + (b - a) * t;
}

function inside([x, y]: Point, window: Window, margin: number): boolean {
  const mx = margin * (window.x[1] - window.x[0]);
  const my = margin * (window.y[1] - window.y[0]);
  return x >= window.x[0] - mx && x <= window.x[1] + mx && y >= window.y[0] - my && y <= window.y[1] + my;
}
