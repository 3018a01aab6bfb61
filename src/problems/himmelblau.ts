/**
 * Himmelblau's function: L(x, y) = (x² + y − 11)² + (x + y² − 7)², four minima of value 0, a local
 * maximum near (−0.27, −0.92) and saddles between the minima.
 *   with u = x² + y − 11, v = x + y² − 7:  ∂L/∂x = 4xu + 2v,  ∂L/∂y = 2u + 4yv
 *   Lxx = 4u + 8x² + 2,  Lxy = 4x + 4y,  Lyy = 4v + 8y² + 2
 */
import { defineSurface, type Surface } from './surface.js';

export function himmelblau(): Surface {
  return defineSurface({
    name: 'himmelblau',
    params: {},
    value: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
    gradient(x, y, out) {
      const u = x * x + y - 11;
      const v = x + y * y - 7;
      out[0] = 4 * x * u + 2 * v;
      out[1] = 2 * u + 4 * y * v;
      return out;
    },
    hessian(x, y, out) {
      const u = x * x + y - 11;
      const v = x + y * y - 7;
      const lxy = 4 * x + 4 * y;
      out.set([4 * u + 8 * x * x + 2, lxy, lxy, 4 * v + 8 * y * y + 2]);
      return out;
    },
    // The minima other than (3, 2) have no closed form; these are Newton-refined to machine precision.
    minima: [
      [3, 2],
      [-2.805118086952745, 3.131312518250573],
      [-3.779310253377747, -3.28318599128617],
      [3.584428340330492, -1.848126526964404],
    ],
    window: { x: [-5, 5], y: [-5, 5] },
  });
}
