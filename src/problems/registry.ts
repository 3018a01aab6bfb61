/**
 * The named 2-D surfaces, as a config or the CLI names them: `{"name": "rosenbrock", "a": 1, "b": 100}`;
 * and formulas in x and y, either in place of a name (`{"name": "x^2 + 10*y^2"}`) or spelled out
 * (`{"name": "expression", "expression": "x^2 + 10*y^2", "window": [-3, 3, -3, 3]}`).
 */
import { normalizeName } from '../config/names.js';
import { registry, type RegistryEntry } from '../config/registry.js';
import { InputError } from '../errors.js';
import { optionTable, type OptionTable } from '../config/options.js';
import { number, point, text } from '../config/settings.js';
import {
  GABOR_DRAW,
  gaborBookData,
  LINE_DRAW,
  lineBookData,
  LOGISTIC_DRAW,
  logisticBookData,
  SHALLOW_NETWORK_DRAW,
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
  /** The surface's parameters as rows: defaults, ranges, help. */
  readonly options: OptionTable<Record<string, number>>;
  create(params: Record<string, number>): Surface;
}

/** A surface's parameters: none, or a and b of a·x² + b·y² and (a − x)² + b(y − x²)². */
const NONE = optionTable({});
const AB = (a: number, b: number) =>
  optionTable({
    a: number({ default: a, help: 'the parameter a' }),
    b: number({ default: b, help: 'the parameter b' }),
  });

export const surfaces = registry<SurfaceEntry>('function', {
  quadratic: { options: AB(1, 10), create: quadratic, summary: 'a·x² + b·y², an ill-conditioned bowl' },
  rosenbrock: { options: AB(1, 100), create: rosenbrock, summary: '(a − x)² + b(y − x²)², a curved valley' },
  beale: { options: NONE, create: beale, summary: "Beale's function: flat plateaus, sharp ridges" },
  himmelblau: { options: NONE, create: himmelblau, summary: "Himmelblau's function: four minima" },
  saddle: { options: NONE, create: saddle, summary: 'x² − y², a saddle point at the origin' },
  rastrigin: { options: NONE, create: rastrigin, summary: 'Rastrigin: a local minimum near every integer point' },
  // The course's losses over data: the book-matching re-draws (src/data/book.ts), or another draw by the same recipe.
  gabor: {
    options: GABOR_DRAW,
    create: (draw) => gaborSurface(gaborBookData(draw), draw),
    summary: "the Gabor model's least squares (UDL 6.1.2), non-convex",
  },
  linearRegression: {
    options: LINE_DRAW,
    create: (draw) => linearRegressionSurface(lineBookData(draw), draw),
    summary: 'least squares of a line over (intercept, slope) (UDL 6.1)',
  },
  logisticRegression: {
    options: LOGISTIC_DRAW,
    create: (draw) => logisticRegressionSurface(logisticBookData(draw), draw),
    summary: 'binary cross-entropy of logistic regression (UDL problem 6.4), convex',
  },
  shallowNetwork: {
    options: SHALLOW_NETWORK_DRAW,
    create: (draw) => shallowNetworkSurface(shallowNetworkBookData(draw), draw),
    summary: 'a (θ10, θ11) slice of the ReLU network of UDL eq. 3.1',
  },
});

export const surfaceNames = surfaces.names;

export function createSurface(spec: { name: string; [param: string]: unknown }): Surface {
  const { name, ...params } = spec;
  if (typeof name === 'string' && !surfaces.has(name)) return createFormulaSurface(name, params);
  const entry = surfaces.get(name);
  return entry.create(entry.options.resolve(surfaces.canonical(name), params));
}

const WINDOW = point({
  length: 4,
  default: [...DEFAULT_EXPRESSION_WINDOW],
  describe: 'four numbers [x0, x1, y0, y1]',
  help: 'the plotting window',
});
const FORMULA_OPTIONS = optionTable({ window: WINDOW });
const EXPRESSION_OPTIONS = optionTable({
  expression: text({
    required: true,
    describe: `a formula in x and y such as "${EXPRESSION_EXAMPLE}"`,
    help: 'the loss L(x, y)',
  }),
  window: WINDOW,
});

/** `{name: "expression", expression, window?}`, or `{name: <formula>, window?}`; any other word is a typo. */
function createFormulaSurface(name: string, params: Record<string, unknown>): Surface {
  if (normalizeName(name) === 'expression') {
    const options = EXPRESSION_OPTIONS.resolve('expression', params);
    return expressionSurface(options.expression, options.window);
  }
  if (!isExpressionText(name)) {
    throw new InputError(
      `unknown function '${name}'; valid: ${surfaceNames.join(', ')}, or a formula in x and y such as "${EXPRESSION_EXAMPLE}"`,
    );
  }
  return expressionSurface(name, FORMULA_OPTIONS.resolve(`function ${JSON.stringify(name)}`, params).window);
}
