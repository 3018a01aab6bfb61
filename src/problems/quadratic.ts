/** The course's elongated bowl: L(x, y) = a·x² + b·y². With a ≠ b the step that suits one axis is wrong for the other. */
import { InputError } from '../errors.js';
import { defineSurface, type Surface } from './surface.js';

export function quadratic({ a = 1, b = 10 }: { a?: number; b?: number } = {}): Surface {
  if (a === 0 || b === 0) throw new InputError(`quadratic: a and b must be non-zero (got a=${a}, b=${b})`);
  const minima: [number, number][] = a > 0 && b > 0 ? [[0, 0]] : [];
  return defineSurface({
    name: 'quadratic',
    params: { a, b },
    value: (x, y) => a * x * x + b * y * y,
    gradient(x, y, out) {
      out[0] = 2 * a * x;
      out[1] = 2 * b * y;
      return out;
    },
    hessian(_x, _y, out) {
      out.set([2 * a, 0, 0, 2 * b]);
      return out;
    },
    minima,
    window: { x: [-2, 2], y: [-2, 2] },
  });
}
