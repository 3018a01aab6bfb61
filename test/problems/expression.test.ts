/**
 * Surfaces typed as formulas: values, engine gradients and Hessians against closed forms; Rosenbrock as a
 * formula against src/problems/rosenbrock.ts; the number path against the tensor path; every error
 * message; createSurface's two spellings; and `downhill trace --fn <formula>` end to end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  compileExpression,
  expressionSurface,
  isExpressionText,
  parseFunctionSpec,
} from '../../src/problems/expression.js';
import { createSurface } from '../../src/problems/registry.js';
import { rosenbrock } from '../../src/problems/rosenbrock.js';
import type { Surface } from '../../src/problems/surface.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { parseTraceConfig } from '../../src/trace/config.js';
import { runTrace } from '../../src/trace/trace.js';
import { runDownhill } from '../helpers/cli.js';
import { assertClose } from '../helpers/close.js';

type Pair = [number, number];
type Quad = [number, number, number, number];

interface ClosedForm {
  text: string;
  /** Where to sample: x0, x1, y0, y1 (inside the functions' domains). */
  box: Quad;
  value(x: number, y: number): number;
  gradient(x: number, y: number): Pair;
  hessian(x: number, y: number): Quad;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

const CLOSED_FORMS: ClosedForm[] = [
  {
    text: 'x^2 + 10*y^2',
    box: [-2, 2, -2, 2],
    value: (x, y) => x * x + 10 * y * y,
    gradient: (x, y) => [2 * x, 20 * y],
    hessian: () => [2, 0, 0, 20],
  },
  {
    text: 'sin(x)*cos(y)',
    box: [-3, 3, -3, 3],
    value: (x, y) => Math.sin(x) * Math.cos(y),
    gradient: (x, y) => [Math.cos(x) * Math.cos(y), -Math.sin(x) * Math.sin(y)],
    hessian: (x, y) => {
      const xy = -Math.cos(x) * Math.sin(y);
      return [-Math.sin(x) * Math.cos(y), xy, xy, -Math.sin(x) * Math.cos(y)];
    },
  },
  {
    text: 'exp(-(x^2 + y^2)/2)',
    box: [-2, 2, -2, 2],
    value: (x, y) => Math.exp(-(x * x + y * y) / 2),
    gradient: (x, y) => {
      const g = Math.exp(-(x * x + y * y) / 2);
      return [-x * g, -y * g];
    },
    hessian: (x, y) => {
      const g = Math.exp(-(x * x + y * y) / 2);
      return [(x * x - 1) * g, x * y * g, x * y * g, (y * y - 1) * g];
    },
  },
  {
    text: 'log(1 + x^2) + sqrt(y^2 + 1) - abs(x - 3)',
    box: [-2, 2, -2, 2],
    value: (x, y) => Math.log(1 + x * x) + Math.sqrt(y * y + 1) - Math.abs(x - 3),
    gradient: (x, y) => [(2 * x) / (1 + x * x) + 1, y / Math.sqrt(y * y + 1)],
    hessian: (x, y) => [(2 * (1 - x * x)) / (1 + x * x) ** 2, 0, 0, 1 / (y * y + 1) ** 1.5],
  },
  {
    // implicit products, unary minus and plus, tanh, sigmoid
    text: '-x^2 + 3x y + +tanh(y) + sigmoid(2x)',
    box: [-2, 2, -2, 2],
    value: (x, y) => -(x ** 2) + 3 * x * y + Math.tanh(y) + sigmoid(2 * x),
    gradient: (x, y) => [-2 * x + 3 * y + 2 * sigmoid(2 * x) * (1 - sigmoid(2 * x)), 3 * x + 1 - Math.tanh(y) ** 2],
    hessian: (x, y) => {
      const s = sigmoid(2 * x);
      const t = Math.tanh(y);
      return [-2 + 4 * s * (1 - s) * (1 - 2 * s), 3, 3, -2 * t * (1 - t * t)];
    },
  },
  {
    // variable exponents (exp(p·log b) in the engine) and the constants pi and e
    text: 'x^y + 2^x + e^y - pi*x',
    box: [0.5, 2, -1.5, 1.5],
    value: (x, y) => x ** y + 2 ** x + Math.E ** y - Math.PI * x,
    gradient: (x, y) => [y * x ** (y - 1) + 2 ** x * Math.LN2 - Math.PI, x ** y * Math.log(x) + Math.E ** y],
    hessian: (x, y) => {
      const xy = x ** (y - 1) * (1 + y * Math.log(x));
      return [y * (y - 1) * x ** (y - 2) + 2 ** x * Math.LN2 ** 2, xy, xy, x ** y * Math.log(x) ** 2 + Math.E ** y];
    },
  },
  {
    text: 'tan(y) / x + softplus(x*y)',
    box: [0.5, 2, -1.2, 1.2],
    value: (x, y) => Math.tan(y) / x + Math.log1p(Math.exp(x * y)),
    gradient: (x, y) => {
      const s = sigmoid(x * y);
      return [-Math.tan(y) / (x * x) + y * s, 1 / (x * Math.cos(y) ** 2) + x * s];
    },
    hessian: (x, y) => {
      const s = sigmoid(x * y);
      const ds = s * (1 - s);
      const xy = -1 / (x * x * Math.cos(y) ** 2) + s + x * y * ds;
      return [(2 * Math.tan(y)) / x ** 3 + y * y * ds, xy, xy, (2 * Math.tan(y)) / (x * Math.cos(y) ** 2) + x * x * ds];
    },
  },
];

function pointIn([x0, x1, y0, y1]: readonly number[]): fc.Arbitrary<Pair> {
  return fc.tuple(fc.double({ min: x0, max: x1, noNaN: true }), fc.double({ min: y0, max: y1, noNaN: true }));
}

/** Evenly spread points (fc.double favours 0, tiny numbers and the bounds, where many formulas round alike). */
function spreadPointIn([x0, x1, y0, y1]: readonly number[]): fc.Arbitrary<Pair> {
  const unit = fc.integer({ min: 0, max: 2 ** 30 }).map((i) => i / 2 ** 30);
  return fc.tuple(unit, unit).map(([u, v]) => [x0 + (x1 - x0) * u, y0 + (y1 - y0) * v]);
}

/** |a − b| ≤ tolerance · max(1, largest |entry| of b), entry by entry: the Hessian's error is relative to its scale. */
function assertNearScaled(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: number,
  what: string,
): void {
  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

for (const form of CLOSED_FORMS) {
  test(`"${form.text}": value, engine gradient and Hessian match the closed forms`, () => {
    const surface = createSurface({ name: form.text });
    fc.assert(
      fc.property(pointIn(form.box), ([x, y]) => {
        assertClose(surface.value(x, y), form.value(x, y), 1e-13, 1e-15);
        assertClose(surface.gradient(x, y, new Float64Array(2)), form.gradient(x, y), 1e-12, 1e-14);
        assertNearScaled(surface.hessian(x, y, new Float64Array(4)), form.hessian(x, y), 1e-9, 'hessian');
      }),
      { numRuns: 40 },
    );
  });
}

test('Rosenbrock as a formula agrees with rosenbrock.ts: value and gradient to 1e-12, Hessian to 2e-12 of its scale', () => {
  const named = rosenbrock();
  const formula = createSurface({ name: '(1-x)^2 + 100*(y-x^2)^2' });
  fc.assert(
    fc.property(pointIn([-2, 2, -1, 3]), ([x, y]) => {
      assertClose(formula.value(x, y), named.value(x, y), 1e-12);
      assertClose(formula.gradient(x, y, new Float64Array(2)), named.gradient(x, y, new Float64Array(2)), 1e-12);
      const expected = named.hessian(x, y, new Float64Array(4));
      const scale = Math.max(...expected.map(Math.abs));
      const actual = formula.hessian(x, y, new Float64Array(4));
      expected.forEach((h, i) =>
        assert.ok(Math.abs(actual[i] - h) <= 2e-12 * scale, `H[${i}] at (${x}, ${y}): ${actual[i]} vs ${h}`),
      );
    }),
    { numRuns: 200 },
  );
});

// (Except for variable exponents: there the value is Math.pow's, defined for a negative base too.)
test('the number path (value) and the tensor path (what backward() differentiates) compute the same float64 numbers', () => {
  // one function per factor, so that a last-bit difference in any of them shows
  const texts = [
    '(1-x)^2 + 100*(y-x^2)^2',
    'sin(x)*cos(y)',
    'tan(x) * y',
    'exp(x) * log(y^2 + 1)',
    'sqrt(abs(x)) / y',
    'tanh(x) * sigmoid(y)',
    'softplus(30x) * y',
  ];
  for (const text of texts) {
    const compiled = compileExpression(text);
    fc.assert(
      fc.property(spreadPointIn([-2, 2, -2, 2]), ([x, y]) => {
        const tensor = compiled.tensor(Tensor.scalar(x, 'float64'), Tensor.scalar(y, 'float64')).item();
        assert.ok(
          Object.is(compiled.value(x, y), tensor),
          `${text} at (${x}, ${y}): ${compiled.value(x, y)} vs ${tensor}`,
        );
      }),
      { numRuns: 50 },
    );
  }
});

test('constant subtrees are folded, so a formula and its simplified form agree exactly', () => {
  const folded = createSurface({ name: 'x * (2*pi) + sqrt(4)*y^(1+1)' });
  const plain = createSurface({ name: `x * ${2 * Math.PI} + 2*y^2` });
  for (const [x, y] of [
    [0.3, -1.1],
    [1.7, 0.2],
  ]) {
    assert.equal(folded.value(x, y), plain.value(x, y));
    assert.deepEqual(folded.gradient(x, y, new Float64Array(2)), plain.gradient(x, y, new Float64Array(2)));
  }
});

test('createSurface takes a formula as the name or as {name: "expression", expression, window}', () => {
  const byName = createSurface({ name: ' x^2 + 10*y^2 ' });
  const spelled = createSurface({ name: 'expression', expression: 'x^2 + 10*y^2', window: [-3, 1, 0, 5] });
  assert.equal(byName.name, 'x^2 + 10*y^2');
  assert.equal(byName.name, spelled.name);
  assert.deepEqual(byName.params, {});
  assert.deepEqual(byName.minima, []);
  assert.deepEqual(byName.window, { x: [-2, 2], y: [-2, 2] });
  assert.deepEqual(spelled.window, { x: [-3, 1], y: [0, 5] });
  assert.deepEqual(createSurface({ name: 'x^2', window: [0, 1, 2, 3] }).window, { x: [0, 1], y: [2, 3] });
  assert.equal(spelled.value(1, 2), 41);
  // the bare words x and y are formulas too, and a surface's name rebuilds it
  assert.equal(createSurface({ name: 'x' }).value(3, 4), 3);
  assert.equal(createSurface({ name: byName.name }).value(1, 2), 41);
  // named surfaces are untouched
  assert.equal(createSurface({ name: 'Rosenbrock', b: 10 }).params.b, 10);
});

test('classify works through the engine Hessian', () => {
  assert.equal(createSurface({ name: 'x^2 + 10*y^2' }).classify([0, 0]).kind, 'minimum');
  assert.equal(createSurface({ name: 'x^2 - y^2' }).classify([0, 0]).kind, 'saddle');
  assert.equal(createSurface({ name: '-(x^2 + y^2)' }).classify([0, 0]).kind, 'maximum');
  assert.equal(createSurface({ name: 'x^4 + y^2' }).classify([0, 0]).kind, 'degenerate');
  const { eigenvalues } = createSurface({ name: 'cos(x) + cos(y)' }).classify([Math.PI, 0]);
  assertClose(eigenvalues, [-1, 1], 1e-10);
});

test('the same formula gives the same numbers, call after call and surface after surface', () => {
  const a = createSurface({ name: 'sin(x)*cos(y) + x^y' });
  const b = createSurface({ name: 'sin(x)*cos(y) + x^y' });
  const first = a.gradient(0.7, 1.3, new Float64Array(2));
  a.gradient(-5, 9, new Float64Array(2)); // the scratch point is reused between calls
  assert.deepEqual(a.gradient(0.7, 1.3, new Float64Array(2)), first);
  assert.deepEqual(b.gradient(0.7, 1.3, new Float64Array(2)), first);
  assert.deepEqual(a.hessian(0.7, 1.3, new Float64Array(4)), b.hessian(0.7, 1.3, new Float64Array(4)));
  const out = new Float64Array(4);
  assert.equal(a.hessian(0.7, 1.3, out), out);
});

const ERRORS: [string, unknown, string][] = [
  [
    'unknown variable',
    { name: 'x^2 + z' },
    `function "x^2 + z": unknown variable 'z'; use x and y (and the constants pi and e)`,
  ],
  ['syntax error', { name: 'x^2 +' }, 'function "x^2 +": syntax error: Unexpected end of expression (char 6)'],
  ['unbalanced parenthesis', { name: '(x + y' }, 'function "(x + y": syntax error: Parenthesis ) expected (char 7)'],
  [
    'unknown function',
    { name: 'banana(x) + y' },
    `function "banana(x) + y": unknown function 'banana'; valid: sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid, softplus, sinh, cosh, asinh, acosh, atanh, asin, acos, atan, sec, csc, cot, sech, csch, coth, asec, acsc, acot, asech, acsch, acoth, log2, log10, log1p, expm1, cbrt, square, cube, atan2, hypot, pow, log(v, base), nthRoot`,
  ],
  [
    'a function without a derivative',
    { name: 'max(x, y)' },
    `function "max(x, y)": 'max' has no derivative for gradient methods to follow; valid functions: sin, cos, tan, exp, log, sqrt, abs, tanh, sigmoid, softplus, sinh, cosh, asinh, acosh, atanh, asin, acos, atan, sec, csc, cot, sech, csch, coth, asec, acsc, acot, asech, acsch, acoth, log2, log10, log1p, expm1, cbrt, square, cube, atan2, hypot, pow, log(v, base), nthRoot`,
  ],
  ['wrong number of arguments', { name: 'sin(x, y)' }, 'function "sin(x, y)": sin takes 1 argument (got 2)'],
  [
    'unsupported operator',
    { name: 'x % 2 + y' },
    `function "x % 2 + y": unsupported operator '%'; use + - * / ^ and parentheses`,
  ],
  ['factorial', { name: 'x! + y' }, `function "x! + y": unsupported operator '!'; use + - * / ^ and parentheses`],
  [
    'assignment',
    { name: 'x = y^2' },
    'function "x = y^2": unsupported syntax (assignment); write a formula in x and y such as x^2 + 10*y^2',
  ],
  [
    'function definition',
    { name: 'f(x, y) = x*y' },
    'function "f(x, y) = x*y": unsupported syntax (function definition); write a formula in x and y such as x^2 + 10*y^2',
  ],
  [
    'matrix',
    { name: '[x, y]' },
    'function "[x, y]": unsupported syntax (matrix); write a formula in x and y such as x^2 + 10*y^2',
  ],
  [
    'condition',
    { name: 'x > 0 ? x : y' },
    'function "x > 0 ? x : y": unsupported syntax (condition a ? b : c); write a formula in x and y such as x^2 + 10*y^2',
  ],
  [
    'comparison',
    { name: 'x < y < 1' },
    'function "x < y < 1": unsupported syntax (comparison); write a formula in x and y such as x^2 + 10*y^2',
  ],
  [
    'two statements, one line',
    { name: 'x\ny' },
    'function "x\\ny": unsupported syntax (several statements); write a formula in x and y such as x^2 + 10*y^2',
  ],
  ['string constant', { name: 'x + "a"' }, 'function "x + \\"a\\"": "a" is not a finite number'],
  ['infinite constant', { name: 'x * 1e999' }, 'function "x * 1e999": Infinity is not a finite number'],
  ['no variable', { name: '2 * pi' }, 'function "2 * pi": the expression uses neither x nor y'],
  [
    'empty expression',
    { name: 'expression', expression: ' ' },
    'function " ": empty expression; write one in x and y such as x^2 + 10*y^2',
  ],
  [
    'missing expression',
    { name: 'expression' },
    'expression: expression is required (the loss L(x, y)): a formula in x and y such as "x^2 + 10*y^2"',
  ],
  [
    'expression not a string',
    { name: 'expression', expression: 3 },
    'expression: expression must be a formula in x and y such as "x^2 + 10*y^2" (got 3)',
  ],
  [
    'unknown option',
    { name: 'expression', expression: 'x', a: 1 },
    `expression: unknown option 'a'; valid options: expression, window`,
  ],
  ['unknown option by name', { name: 'x^2', b: 1 }, `function "x^2": unknown option 'b'; valid options: window`],
  [
    'window of 3 numbers',
    { name: 'x^2', window: [0, 1, 2] },
    'function "x^2": window must be four numbers [x0, x1, y0, y1] (got [0,1,2])',
  ],
  [
    'empty window',
    { name: 'expression', expression: 'x', window: [1, 1, 0, 1] },
    'function "x": window must be [x0, x1, y0, y1], finite, with x0 < x1 and y0 < y1 (got [1,1,0,1])',
  ],
  [
    'unknown name',
    { name: 'banana' },
    `unknown function 'banana'; valid: quadratic, rosenbrock, beale, himmelblau, saddle, rastrigin, gabor, linearRegression, logisticRegression, shallowNetwork, or a formula in x and y such as "x^2 + 10*y^2"`,
  ],
];

for (const [what, spec, message] of ERRORS) {
  test(`error: ${what}`, () => {
    assert.throws(() => createSurface(spec as { name: string }), { name: 'InputError', message });
    assert.ok(!message.includes('\n'));
  });
}

test('expressionSurface checks its window', () => {
  assert.throws(() => expressionSurface('x', [0, 1, 3, Number.NaN]), /window must be \[x0, x1, y0, y1\], finite/);
  assert.deepEqual(expressionSurface('x', [0, 1, 2, 3]).window, { x: [0, 1], y: [2, 3] });
});

test('a --fn argument is a spec when it starts with a bare name, else a whole formula', () => {
  assert.deepEqual(parseFunctionSpec('rosenbrock:a=1,b=100'), { name: 'rosenbrock', a: 1, b: 100 });
  assert.deepEqual(parseFunctionSpec('beale'), { name: 'beale' });
  assert.deepEqual(parseFunctionSpec(' x^2 + 10*y^2 '), { name: 'x^2 + 10*y^2' });
  assert.deepEqual(parseFunctionSpec('sin(x)*cos(y)'), { name: 'sin(x)*cos(y)' });
  assert.deepEqual(parseFunctionSpec('max(x, y)'), { name: 'max(x, y)' });
  assert.deepEqual(parseFunctionSpec('x > 0 ? x : y'), { name: 'x > 0 ? x : y' });
  assert.deepEqual(parseFunctionSpec('expression:expression=x^2+y^2,window=[-3,3,-3,3]'), {
    name: 'expression',
    expression: 'x^2+y^2',
    window: [-3, 3, -3, 3],
  });
  assert.equal(isExpressionText('banana'), false);
  assert.equal(isExpressionText('y'), true);
  assert.equal(isExpressionText('x-y'), true);
});

const ADAM_CASE = { start: [-1.5, 2] as Pair, steps: 150, optimizer: { name: 'adam', lr: 0.01 } };

test('downhill trace --fn "(1-x)^2 + 100*(y-x^2)^2" follows the named Rosenbrock path to 1e-12', () => {
  const { status, stdout, stderr } = runDownhill([
    'trace',
    '--fn',
    '(1-x)^2 + 100*(y-x^2)^2',
    '--start',
    '-1.5,2',
    '--steps',
    '150',
    '--optimizer',
    'adam:lr=0.01',
  ]);
  assert.equal(stderr, '');
  assert.equal(status, 0);
  const formula = JSON.parse(stdout);
  const named = runTrace(parseTraceConfig({ ...ADAM_CASE, fn: 'rosenbrock' }));
  assert.equal(formula.points.length, 151);
  assertClose(formula.points, named.points, 1e-12);
  assertClose(formula.loss, named.loss, 1e-12);
});

test('a trace on "sin(x)*cos(y)" is the same whichever way the formula is given, run after run', () => {
  const run = (fn: unknown): unknown =>
    runTrace(parseTraceConfig({ fn, start: [0.5, 0.5], steps: 20, optimizer: { name: 'sgd', lr: 0.1 } }));
  const expected = run({ name: 'expression', expression: 'sin(x)*cos(y)' });
  assert.deepEqual(run('sin(x)*cos(y)'), expected);
  assert.deepEqual(run(parseFunctionSpec('sin(x)*cos(y)')), expected);
  assert.deepEqual(run('sin(x)*cos(y)'), expected);
});

test('downhill trace --fn with a bad formula prints one line and exits 2', () => {
  const { status, stdout, stderr } = runDownhill([
    'trace',
    '--fn',
    'x > 0 ? x : z',
    '--start',
    '0,0',
    '--optimizer',
    'sgd:lr=0.1',
  ]);
  assert.equal(status, 2);
  assert.equal(stdout, '');
  assert.equal(
    stderr,
    'downhill: function "x > 0 ? x : z": unsupported syntax (condition a ? b : c); write a formula in x and y such as x^2 + 10*y^2\n',
  );
});

test('Newton on a formula uses the engine Hessian and matches Newton on the named Rosenbrock', () => {
  const config = { start: [-1.2, 1] as Pair, steps: 8, optimizer: { name: 'newton' } };
  const formula = runTrace(parseTraceConfig({ ...config, fn: '(1-x)^2 + 100*(y-x^2)^2' }));
  const named = runTrace(parseTraceConfig({ ...config, fn: 'rosenbrock' }));
  assertClose(formula.points, named.points, 1e-9, 1e-12);
  assertClose(formula.points.at(-1), [1, 1], 1e-9);
});

test('a surface from a formula is a Surface', () => {
  const surface: Surface = createSurface({ name: 'x*y' });
  assert.deepEqual(surface.gradient(2, 3, new Float64Array(2)), Float64Array.from([3, 2]));
});
