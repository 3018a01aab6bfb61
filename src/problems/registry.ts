/**
 * The named 2-D surfaces, as a config or the CLI names them: `{"name": "rosenbrock", "a": 1, "b": 100}`;
 * and formulas in x and y, either in place of a name (`{"name": "x^2 + 10*y^2"}`) or spelled out
 * (`{"name": "expression", "expression": "x^2 + 10*y^2", "window": [-3, 3, -3, 3]}`).
 */
import { normalizeName } from '../config/names.js';
import { registry, type RegistryEntry } from '../config/registry.js';
import { InputError } from '../errors.js';
import { resolveOptions } from '../config/validate.js';
import {
  GABOR_BOOK,
  gaborBookData,
  LINE_BOOK,
  lineBookData,
  LOGISTIC_BOOK,
  logisticBookData,
  SHALLOW_NETWORK_BOOK,
  shallowNetworkBookData,
} from '../data/book.js';
import { beale } from './beale.js';
import { DEFAULT_EXPRESSION_WINDOW, EXPRESSION_EXAMPLE, expressionSurface, isExpressionText } from './expression.js';
import { gaborSurface } from './gabor.js';
import { himmelblau } from './himmelblau.js';
import { linearRegressionSurface } from './linearRegression.js';
import { logisticRegressionSurface } from './logisticRegression.js';
import { quadratic } from './quadratic.js';
import { rastrigin } from './rastrigin.js';
import { rosenbrock } from './rosenbrock.js';
import { saddle } from './saddle.js';
import { shallowNetworkSurface } from './shallowNetworkSlice.js';
import type { Surface } from './surface.js';

export interface SurfaceEntry extends RegistryEntry {
  /** The surface's parameters and their defaults. */
  readonly defaults: Readonly<Record<string, number>>;
  create(params: Record<string, number>): Surface;
}

export const surfaces = registry<SurfaceEntry>('function', {
  quadratic: { defaults: { a: 1, b: 10 }, create: quadratic, summary: 'a·x² + b·y², an ill-conditioned bowl' },
  rosenbrock: { defaults: { a: 1, b: 100 }, create: rosenbrock, summary: '(a − x)² + b(y − x²)², a curved valley' },
  beale: { defaults: {}, create: beale, summary: "Beale's function: flat plateaus, sharp ridges" },
  himmelblau: { defaults: {}, create: himmelblau, summary: "Himmelblau's function: four minima" },
  saddle: { defaults: {}, create: saddle, summary: 'x² − y², a saddle point at the origin' },
  rastrigin: { defaults: {}, create: rastrigin, summary: 'Rastrigin: a local minimum near every integer point' },
  // The course's losses over data: the book-matching re-draws (src/data/book.ts), or another draw by the same recipe.
  gabor: {
    defaults: { ...GABOR_BOOK },
    create: (draw) => gaborSurface(gaborBookData(draw), draw),
    summary: "the Gabor model's least squares (UDL 6.1.2), non-convex",
  },
  linearRegression: {
    defaults: { seed: LINE_BOOK.seed, n: LINE_BOOK.n, noise: LINE_BOOK.noise },
    create: (draw) => linearRegressionSurface(lineBookData(draw), draw),
    summary: 'least squares of a line over (intercept, slope) (UDL 6.1)',
  },
  logisticRegression: {
    defaults: { ...LOGISTIC_BOOK },
    create: (draw) => logisticRegressionSurface(logisticBookData(draw), draw),
    summary: 'binary cross-entropy of logistic regression (UDL problem 6.4), convex',
  },
  shallowNetwork: {
    defaults: { ...SHALLOW_NETWORK_BOOK },
    create: (draw) => shallowNetworkSurface(shallowNetworkBookData(draw), draw),
    summary: 'a (θ10, θ11) slice of the ReLU network of UDL eq. 3.1',
  },
});

export const surfaceNames = surfaces.names;

export function createSurface(spec: { name: string; [param: string]: unknown }): Surface {
  const { name, ...params } = spec;
  if (typeof name === 'string' && !surfaces.has(name)) return createFormulaSurface(name, params);
  const entry = surfaces.get(name);
  return entry.create(resolveOptions(String(name), entry.defaults, params));
}

/** `{name: "expression", expression, window?}`, or `{name: <formula>, window?}`; any other word is a typo. */
function createFormulaSurface(name: string, params: Record<string, unknown>): Surface {
  const window = [...DEFAULT_EXPRESSION_WINDOW];
  if (normalizeName(name) === 'expression') {
    const options = resolveOptions('expression', { expression: '', window }, params);
    if (params.expression === undefined)
      throw new InputError(`expression: needs an 'expression', a formula in x and y such as "${EXPRESSION_EXAMPLE}"`);
    return expressionSurface(options.expression, options.window);
  }
  if (!isExpressionText(name)) {
    throw new InputError(
      `unknown function '${name}'; valid: ${surfaceNames.join(', ')}, or a formula in x and y such as "${EXPRESSION_EXAMPLE}"`,
    );
  }
  return expressionSurface(name, resolveOptions(`function ${JSON.stringify(name)}`, { window }, params).window);
}
