/**
 * The objectives of the optimizer fixtures (test/fixtures/optim/generate.py), with gradients written in
 * the same order of floating-point operations as the generator, so that both sides feed the optimizer
 * identical bits.
 *
 *   rosenbrock  f(x, y) = (a − x)² + b(y − x²)², a = 1, b = 100; one parameter [x, y].
 *   quadratic   f(θ) = ½ Σ c_i (θ_i − t_i)² over five coordinates, held as two parameters (2 + 3 values).
 */
import type { Param } from '../../src/optim/optimizer.js';

export type ObjectiveName = 'rosenbrock' | 'quadratic';

export const ROSENBROCK = { a: 1, b: 100, start: [[-1.5, 2]] };
export const QUADRATIC = {
  curvature: [1, 10, 0.1, 3, 30],
  target: [1, -2, 0.5, 3, -1],
  start: [
    [2.5, 1],
    [-1.5, 0.5, 2],
  ],
};

type BufferType = typeof Float64Array | typeof Float32Array;

/** Parameters at the objective's start, with zeroed gradients. */
export function startParams(objective: ObjectiveName, type: BufferType = Float64Array): Param[] {
  const start = objective === 'rosenbrock' ? ROSENBROCK.start : QUADRATIC.start;
  return start.map((values) => ({ data: type.from(values), grad: new type(values.length) }));
}

/** Writes ∇f (or −∇f when `negate`) at the parameters' current values into their `grad` buffers. */
export function writeGradient(objective: ObjectiveName, params: readonly Param[], negate = false): void {
  const signed = (value: number) => (negate ? -value : value);
  if (objective === 'rosenbrock') {
    const { data, grad } = params[0];
    const [x, y] = data;
    const { a, b } = ROSENBROCK;
    grad[0] = signed(-2 * (a - x) - 4 * b * x * (y - x * x));
    grad[1] = signed(2 * b * (y - x * x));
    return;
  }
  let k = 0;
  for (const { data, grad } of params) {
    for (let i = 0; i < data.length; i++, k++) {
      grad[i] = signed(QUADRATIC.curvature[k] * (data[i] - QUADRATIC.target[k]));
    }
  }
}
