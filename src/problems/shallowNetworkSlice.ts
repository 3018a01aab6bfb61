/**
 * A 2-parameter slice of the least-squares loss of the shallow network of UDL eq. 3.1,
 *
 *   f(x) = φ0 + φ1·a[θ10 + θ11·x] + φ2·a[θ20 + θ21·x] + φ3·a[θ30 + θ31·x],   a = ReLU,
 *
 * over the first hidden unit's offset and slope (θ10, θ11), the other eight parameters held at
 * SHALLOW_NETWORK_PARAMETERS (the network that drew the default data, src/data/book.ts). With
 * h = θ10 + θ11·x and rᵢ = f(xᵢ) − yᵢ, ReLU being piecewise linear,
 *
 *   ∂f/∂θ1· = φ1·[h > 0]·(1, x),   ∇ℓᵢ = 2 rᵢ ∂f/∂θ1·,   ∇²ℓᵢ = 2 ∂f/∂θ1· ∂f/∂θ1·ᵀ
 *
 * (a[h]′ = 0 at h = 0, as PyTorch). Where h ≤ 0 for every input the unit is dead: the loss is flat
 * there, with zero gradient — the plateau that stalls gradient descent on a ReLU network. The loss is
 * not differentiable where h = 0 at an input; the formulas are exact everywhere else.
 */
import { SHALLOW_NETWORK_PARAMETERS, shallowNetworkBookData } from '../data/book.js';
import type { Dataset } from '../data/dataset.js';
import { finiteSumSurface, type ExampleTerm, type FiniteSumSurface } from './finiteSum.js';
import type { Window } from './surface.js';

export const SHALLOW_NETWORK_WINDOW: Window = { x: [-1.5, 1.5], y: [-3, 2] };

const relu = (v: number): number => (v > 0 ? v : 0);

function sliceTerm(): ExampleTerm {
  const { phi, theta } = SHALLOW_NETWORK_PARAMETERS;
  return (x, y, theta10, theta11, sums, withHessian) => {
    const h = theta10 + theta11 * x;
    const rest = phi[0] + phi[2] * relu(theta[1][0] + theta[1][1] * x) + phi[3] * relu(theta[2][0] + theta[2][1] * x);
    const r = rest + phi[1] * relu(h) - y;
    const d0 = h > 0 ? phi[1] : 0;
    const d1 = d0 * x;
    sums[0] += r * r;
    sums[1] += 2 * r * d0;
    sums[2] += 2 * r * d1;
    if (withHessian) {
      sums[3] += 2 * d0 * d0;
      sums[4] += 2 * d0 * d1;
      sums[5] += 2 * d1 * d1;
    }
  };
}

export function shallowNetworkSurface(
  data: Pick<Dataset, 'x' | 'y' | 'n'> = shallowNetworkBookData(),
  params: Record<string, number> = {},
): FiniteSumSurface {
  const start: [number, number] = [SHALLOW_NETWORK_PARAMETERS.theta[0][0], SHALLOW_NETWORK_PARAMETERS.theta[0][1]];
  return finiteSumSurface({
    name: 'shallowNetwork',
    params,
    data,
    term: sliceTerm(),
    minimaNear: [start],
    window: SHALLOW_NETWORK_WINDOW,
  });
}
