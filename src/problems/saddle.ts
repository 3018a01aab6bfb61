/** The simplest saddle point: L(x, y) = x² − y², curving up along x and down along y; no minimum. */
import { defineSurface, type Surface } from './surface.js';

export function saddle(): Surface {
  return defineSurface({
    name: 'saddle',
    params: {},
    value: (x, y) => x * x - y * y,
    gradient(x, y, out) {
      out[0] = 2 * x;
      out[1] = -2 * y;
      return out;
    },
    hessian(_x, _y, out) {
      out.set([2, 0, 0, -2]);
      return out;
    },
    minima: [],
    window: { x: [-2, 2], y: [-2, 2] },
  });
}
