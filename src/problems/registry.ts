/**
 * The named 2-D surfaces, as a config or the CLI names them: `{"name": "rosenbrock", "a": 1, "b": 100}`;
 * and formulas in x and y, either in place of a name (`{"name": "x^2 + 10*y^2"}`) or spelled out
 * (`{"name": "expression", "expression": "x^2 + 10*y^2", "window": [-3, 3, -3, 3]}`).
 */
import { lookupName, normalizeName } from '../config/names.js';
import { InputError } from '../errors.js';
import { resolveOptions } from '../optim/options.js';
import { GABOR_BOOK, gaborBookData, LINE_BOOK, lineBookData, LOGISTIC_BOOK, logisticBookData, SHALLOW_NETWORK_BOOK, shallowNetworkBookData } from '../data/book.js';
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

interface SurfaceEntry {
  /** The surface's parameters and their defaults. */
  defaults: Record<string, number>;
  create(params: Record<string, number>): Surface;
}

const surfaces: Record<string, SurfaceEntry> = {
  quadratic: { defaults: { a: 1, b: 10 }, create: quadratic },
  rosenbrock: { defaults: { a: 1, b: 100 }, create: rosenbrock },
  beale: { defaults: {}, create: beale },
  himmelblau: { defaults: {}, create: himmelblau },
  saddle: { defaults: {}, create: saddle },
  rastrigin: { defaults: {}, create: rastrigin },
  // The course's losses over data: the book-matching re-draws (src/data/book.ts), or another draw by the same recipe.
  gabor: { defaults: { ...GABOR_BOOK }, create: (draw) => gaborSurface(gaborBookData(draw), draw) },
  linearRegression: { defaults: { seed: LINE_BOOK.seed, n: LINE_BOOK.n, noise: LINE_BOOK.noise }, create: (draw) => linearRegressionSurface(lineBookData(draw), draw) },
  logisticRegression: { defaults: { ...LOGISTIC_BOOK }, create: (draw) => logisticRegressionSurface(logisticBookData(draw), draw) },
  shallowNetwork: { defaults: { ...SHALLOW_NETWORK_BOOK }, create: (draw) => shallowNetworkSurface(shallowNetworkBookData(draw), draw) },
};

export const surfaceNames = Object.keys(surfaces);

export function createSurface(spec: { name: string; [param: string]: unknown }): Surface {
  const { name, ...params } = spec;
  if (typeof name === 'string' && !isSurfaceName(name)) return createFormulaSurface(name, params);
  const entry = lookupName('function', surfaces, name);
  return entry.create(resolveOptions(String(name), entry.defaults, params));
}

function isSurfaceName(name: string): boolean {
  return surfaceNames.some((known) => normalizeName(known) === normalizeName(name));
}

/** `{name: "expression", expression, window?}`, or `{name: <formula>, window?}`; any other word is a typo. */
function createFormulaSurface(name: string, params: Record<string, unknown>): Surface {
  const window = [...DEFAULT_EXPRESSION_WINDOW];
  if (normalizeName(name) === 'expression') {
    const options = resolveOptions('expression', { expression: '', window }, params);
    if (params.expression === undefined) throw new InputError(`expression: needs an 'expression', a formula in x and y such as "${EXPRESSION_EXAMPLE}"`);
    return expressionSurface(options.expression, options.window);
  }
  if (!isExpressionText(name)) {
    throw new InputError(`unknown function '${name}'; valid: ${surfaceNames.join(', ')}, or a formula in x and y such as "${EXPRESSION_EXAMPLE}"`);
  }
  return expressionSurface(name, resolveOptions(`function ${JSON.stringify(name)}`, { window }, params).window);
}
