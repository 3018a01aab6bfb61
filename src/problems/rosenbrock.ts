/**
 * Rosenbrock's banana valley: L(x, y) = (a − x)² + b(y − x²)², minimum at (a, a²).
 *   ∂L/∂x = −2(a − x) − 4bx(y − x²),   ∂L/∂y = 2b(y − x²)
 *   Lxx = 2 − 4b(y − x²) + 8bx²,   Lxy = −4bx,   Lyy = 2b
 * The gradient rounds as PyTorch's autograd does on `(a - x)**2 + b*(y - x**2)**2`: b·r first, then ·x
 * (the factors 2 and 4 are exact), so paths that amplify rounding (L-BFGS) follow PyTorch's.
 */
import { defineSurface, type Surface } from './surface.js';

export function rosenbrock({ a = 1, b = 100 }: { a?: number; b?: number } = {}): Surface {
  return defineSurface({
    name: 'rosenbrock',
    params: { a, b },
    value: (x, y) => (a - x) ** 2 + b * (y - x * x) ** 2,
    gradient(x, y, out) {
      const r = y - x * x;
      out[0] = -2 * (a - x) - 4 * b * r * x;
      out[1] = 2 * b * r;
      return out;
    },
    hessian(x, y, out) {
      const lxy = -4 * b * x;
      out.set([2 - 4 * b * (y - x * x) + 8 * b * x * x, lxy, lxy, 2 * b]);
      return out;
    },
    minima: [[a, a * a]],
    window: { x: [a - 3, a + 1], y: [a * a - 2, a * a + 2] },
  });
}
