/**
 * Rastrigin's function: L(x, y) = 20 + x² − 10cos(2πx) + y² − 10cos(2πy): a bowl covered in local minima
 * near every integer point, the global minimum 0 at the origin.
 *   ∂L/∂x = 2x + 20π·sin(2πx),   Lxx = 2 + 40π²·cos(2πx),   Lxy = 0
 */
import { defineSurface, type Surface } from './surface.js';

const TAU = 2 * Math.PI;

export function rastrigin(): Surface {
  return defineSurface({
    name: 'rastrigin',
    params: {},
    value: (x, y) => 20 + x * x - 10 * Math.cos(TAU * x) + y * y - 10 * Math.cos(TAU * y),
    gradient(x, y, out) {
      out[0] = 2 * x + 10 * TAU * Math.sin(TAU * x);
      out[1] = 2 * y + 10 * TAU * Math.sin(TAU * y);
      return out;
    },
    hessian(x, y, out) {
      out.set([2 + 10 * TAU * TAU * Math.cos(TAU * x), 0, 0, 2 + 10 * TAU * TAU * Math.cos(TAU * y)]);
      return out;
    },
    minima: [[0, 0]],
    window: { x: [-5.12, 5.12], y: [-5.12, 5.12] },
  });
}
