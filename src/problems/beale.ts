/**
 * Beale's function: L(x, y) = Σᵢ tᵢ², tᵢ = cᵢ − x + x·yⁱ for i = 1, 2, 3 and c = (1.5, 2.25, 2.625);
 * minimum 0 at (3, 0.5), with flat plateaus and steep ridges around it.
 *   ∂tᵢ/∂x = yⁱ − 1,   ∂tᵢ/∂y = i·x·yⁱ⁻¹,   ∂²tᵢ/∂x∂y = i·yⁱ⁻¹,   ∂²tᵢ/∂y² = i(i − 1)·x·yⁱ⁻²
 *   L'' = 2 Σᵢ (∇tᵢ ∇tᵢᵀ + tᵢ ∇²tᵢ)
 */
import { defineSurface, type Surface } from './surface.js';

const C = [1.5, 2.25, 2.625];

export function beale(): Surface {
  return defineSurface({
    name: 'beale',
    params: {},
    value(x, y) {
      let sum = 0;
      for (let i = 1; i <= 3; i++) sum += (C[i - 1] - x + x * y ** i) ** 2;
      return sum;
    },
    gradient(x, y, out) {
      out[0] = 0;
      out[1] = 0;
      for (let i = 1; i <= 3; i++) {
        const t = C[i - 1] - x + x * y ** i;
        out[0] += 2 * t * (y ** i - 1);
        out[1] += 2 * t * i * x * y ** (i - 1);
      }
      return out;
    },
    hessian(x, y, out) {
      let xx = 0;
      let xy = 0;
      let yy = 0;
      for (let i = 1; i <= 3; i++) {
        const t = C[i - 1] - x + x * y ** i;
        const tx = y ** i - 1;
        const ty = i * x * y ** (i - 1);
        xx += 2 * tx * tx;
        xy += 2 * (tx * ty + t * i * y ** (i - 1));
        yy += 2 * (ty * ty + (i > 1 ? t * i * (i - 1) * x * y ** (i - 2) : 0));
      }
      out.set([xx, xy, xy, yy]);
      return out;
    },
    minima: [[3, 0.5]],
    window: { x: [-4.5, 4.5], y: [-4.5, 4.5] },
  });
}
