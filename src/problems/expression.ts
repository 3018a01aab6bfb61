/**
 * A 2-D surface typed as a formula in x and y, such as `x^2 + 10*y^2`, `sin(x)*cos(y)` or
 * `(1-x)^2 + 100*(y-x^2)^2`, differentiated by the tensor engine rather than by hand:
 *
 *   value(x, y)     the formula evaluated on plain numbers (fast enough for contour grids)
 *   ∇L(x, y)        one backward() pass through the same formula built from float64 tensor ops
 *   ∇²L(x, y)       src/autograd/hessian.ts: Richardson-extrapolated central differences of that gradient
 *
 * mathjs parses the text (its number-only build with just the parser, to keep the browser bundle small),
 * loaded on first use as an optional package (src/util/optionalPackage.ts);
 * the syntax tree is compiled once into a tree of closures. Subtrees without x or y are folded to numbers.
 *
 * Grammar: numbers, x, y, the constants pi and e, + − * / ^ (also implicit products such as 2x), unary
 * minus, parentheses, and the functions of formulaFunctions.ts (with pow, log(v, base) and nthRoot). A power with a constant exponent is the engine's
 * pow; a variable exponent (2^x, x^y) is differentiated as exp(p·log b), so its gradient needs b > 0.
 * Anything else is an InputError naming the expression and the problem in one line.
 */
import type { ConstantNode, FunctionNode, MathNode, OperatorNode, ParenthesisNode, SymbolNode } from 'mathjs/number';
import { gradient, hessian, type ScalarFunction } from '../autograd/hessian.js';
import { parseSpec, type Spec } from '../config/spec.js';
import { InputError } from '../errors.js';
import { show } from '../config/validate.js';
import { Tensor } from '../tensor/tensor.js';
import { optionalPackage } from '../util/optionalPackage.js';
import {
  BINARY_FUNCTIONS,
  nthRoot,
  UNARY_FUNCTIONS,
  WITHOUT_DERIVATIVE,
  type BinaryFunction,
  type UnaryFunction,
} from './formulaFunctions.js';
import { defineSurface, type Surface, type Window } from './surface.js';

/** [x0, x1, y0, y1]: the plotting window of a surface whose minima are unknown. */
export const DEFAULT_EXPRESSION_WINDOW: readonly [number, number, number, number] = [-2, 2, -2, 2];

export interface ExpressionSurface extends Surface {
  /** The formula as given (trimmed); also the surface's `name`, so `createSurface({name})` rebuilds it. */
  readonly expression: string;
}

/** A compiled formula: the number path for values and the tensor path for derivatives. */
export interface CompiledExpression {
  value(x: number, y: number): number;
  /** The formula as tensor ops on x and y (same dtype and shape), for backward(). */
  tensor(x: Tensor, y: Tensor): Tensor;
}

/** What mathjs can parse as a literal: "abc", true and null too, which are rejected. */
type AnyConstant = ConstantNode<number | string | boolean | null | undefined>;

/** A node of the compiled tree: a folded constant, or closures over x and y. */
type Term =
  | { constant: number }
  | { constant?: undefined; value: (x: number, y: number) => number; tensor: (x: Tensor, y: Tensor) => Tensor };

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

const SYNTAX_NAMES: Record<string, string> = {
  AssignmentNode: 'assignment',
  FunctionAssignmentNode: 'function definition',
  ArrayNode: 'matrix',
  ObjectNode: 'object',
  RangeNode: 'range',
  ConditionalNode: 'condition a ? b : c',
  RelationalNode: 'comparison',
  BlockNode: 'several statements',
  AccessorNode: 'indexing',
  IndexNode: 'indexing',
};

/** The formula that error messages show as an example. */
export const EXPRESSION_EXAMPLE = 'x^2 + 10*y^2';

let parser: ((text: string) => MathNode) | undefined;

/** mathjs's parser, built on first use from the parse function's dependencies only. */
function formulaParser(): (text: string) => MathNode {
  const { create, parseDependencies } = optionalPackage<typeof import('mathjs/number')>(
    'mathjs/number',
    'formula surfaces',
  );
  parser ??= create({ parseDependencies }).parse as (text: string) => MathNode;
  return parser;
}

/** Reports a problem with the formula (throws); carries the names the formula's variables go by. */
type Fail = ((problem: string) => never) & { readonly variables: readonly string[] };

/** Compiles `text` (a formula in x and y) or throws an InputError `function "<text>": <problem>`. */
export function compileExpression(text: unknown): CompiledExpression {
  if (typeof text !== 'string')
    throw new InputError(`function expression must be a string such as "${EXPRESSION_EXAMPLE}" (got ${show(text)})`);
  const root = compileText(text, ['x', 'y'], `function ${JSON.stringify(text)}`);
  if (root.constant !== undefined)
    throw new InputError(`function ${JSON.stringify(text)}: the expression uses neither x nor y`);
  return { value: root.value, tensor: root.tensor };
}

/**
 * A formula in one variable (`name`, e.g. epoch) as a number function, parsed by the same grammar as the
 * surfaces' formulas; a constant is allowed. Errors read `<owner>: <problem>`.
 */
export function compileFormulaIn(name: string, text: unknown, owner: string): (v: number) => number {
  if (typeof text !== 'string')
    throw new InputError(`${owner}: must be a formula in ${name} such as "0.95^${name}" (got ${show(text)})`);
  const root = compileText(text, [name], `${owner} ${JSON.stringify(text)}`);
  const { constant } = root;
  if (constant !== undefined) return () => constant;
  return (v) => root.value(v, 0);
}

function compileText(text: string, variables: readonly string[], owner: string): Term {
  const fail = Object.assign(
    (problem: string): never => {
      throw new InputError(`${owner}: ${problem}`);
    },
    { variables },
  );
  const parse = formulaParser();
  let tree: MathNode;
  try {
    tree = parse(text);
  } catch (error) {
    return fail(`syntax error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (tree.type === 'ConstantNode' && (tree as AnyConstant).value === undefined)
    return fail(
      `empty expression; write one in ${variables.join(' and ')} such as ${variables.length === 2 ? EXPRESSION_EXAMPLE : `0.95^${variables[0]}`}`,
    );
  return compileNode(tree, fail);
}

function compileNode(node: MathNode, fail: Fail): Term {
  switch (node.type) {
    case 'ConstantNode':
      return compileConstant((node as AnyConstant).value, fail);
    case 'SymbolNode':
      return compileSymbol((node as SymbolNode).name, fail);
    case 'ParenthesisNode':
      return compileNode((node as ParenthesisNode).content, fail);
    case 'OperatorNode':
      return compileOperator(node as OperatorNode, fail);
    case 'FunctionNode':
      return compileFunction(node as FunctionNode, fail);
    default:
      return fail(
        `unsupported syntax (${SYNTAX_NAMES[node.type] ?? node.type}); write a formula in x and y such as ${EXPRESSION_EXAMPLE}`,
      );
  }
}

function compileConstant(value: unknown, fail: Fail): Term {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`${show(value)} is not a finite number`);
  return { constant: value };
}

function compileSymbol(name: string, fail: Fail): Term {
  const [first, second] = fail.variables;
  if (name === first) return { value: (x) => x, tensor: (x) => x };
  if (name === second) return { value: (_x, y) => y, tensor: (_x, y) => y };
  if (name in CONSTANTS) return { constant: CONSTANTS[name] };
  return fail(`unknown variable '${name}'; use ${fail.variables.join(' and ')} (and the constants pi and e)`);
}

function compileOperator(node: OperatorNode, fail: Fail): Term {
  const args = node.args.map((arg) => compileNode(arg, fail));
  const fn = node.fn as string;
  if (fn === 'unaryPlus') return args[0];
  if (fn === 'unaryMinus') return unary(args[0], { value: (v) => -v, tensor: (t) => t.neg() });
  if (fn === 'add')
    return binary(
      args[0],
      args[1],
      (a, b) => a + b,
      (a, b) => a.add(b),
    );
  if (fn === 'subtract')
    return binary(
      args[0],
      args[1],
      (a, b) => a - b,
      (a, b) => a.sub(b),
    );
  if (fn === 'multiply')
    return binary(
      args[0],
      args[1],
      (a, b) => a * b,
      (a, b) => a.mul(b),
    );
  if (fn === 'divide')
    return binary(
      args[0],
      args[1],
      (a, b) => a / b,
      (a, b) => a.div(b),
    );
  if (fn === 'pow') return power(args[0], args[1]);
  return fail(`unsupported operator '${node.op}'; use + - * / ^ and parentheses`);
}

/** The names a formula may call, for error messages. */
const FUNCTION_NAMES = [
  ...Object.keys(UNARY_FUNCTIONS),
  ...Object.keys(BINARY_FUNCTIONS),
  'pow',
  'log(v, base)',
  'nthRoot',
].join(', ');

function compileFunction(node: FunctionNode, fail: Fail): Term {
  const name = node.fn.type === 'SymbolNode' ? node.fn.name : node.fn.toString();
  const args = node.args.map((arg) => compileNode(arg, fail));
  const arity = (allowed: number[]): void => {
    if (!allowed.includes(args.length))
      fail(
        `${name} takes ${allowed.join(' or ')} argument${allowed.length === 1 && allowed[0] === 1 ? '' : 's'} (got ${args.length})`,
      );
  };
  if (Object.hasOwn(UNARY_FUNCTIONS, name)) {
    if (name === 'log' && args.length === 2)
      return binary(
        unary(args[0], UNARY_FUNCTIONS.log),
        unary(args[1], UNARY_FUNCTIONS.log),
        (a, b) => a / b,
        (a, b) => a.div(b),
      );
    arity(name === 'log' ? [1, 2] : [1]);
    return unary(args[0], UNARY_FUNCTIONS[name]);
  }
  if (name === 'hypot') {
    if (args.length === 0) fail('hypot takes at least 1 argument (got 0)');
    return args
      .slice(1)
      .reduce((a, b) => binaryFunction(a, b, BINARY_FUNCTIONS.hypot), unary(args[0], UNARY_FUNCTIONS.abs));
  }
  if (Object.hasOwn(BINARY_FUNCTIONS, name)) {
    arity([2]);
    return binaryFunction(args[0], args[1], BINARY_FUNCTIONS[name]);
  }
  if (name === 'pow') {
    arity([2]);
    return power(args[0], args[1]);
  }
  if (name === 'nthRoot') {
    arity([1, 2]);
    const n = args.length === 1 ? 2 : args[1].constant;
    if (n === undefined || !Number.isInteger(n) || n === 0)
      return fail('nthRoot(v, n) needs n a non-zero integer constant');
    return unary(args[0], nthRoot(n));
  }
  if (WITHOUT_DERIVATIVE.includes(name))
    return fail(`'${name}' has no derivative for gradient methods to follow; valid functions: ${FUNCTION_NAMES}`);
  return fail(`unknown function '${name}'; valid: ${FUNCTION_NAMES}`);
}

/** f(a, b) for a function of two arguments; a constant argument becomes a scalar tensor of x's dtype. */
function binaryFunction(a: Term, b: Term, fn: BinaryFunction): Term {
  if (a.constant !== undefined && b.constant !== undefined) return { constant: fn.value(a.constant, b.constant) };
  return { value: binaryValue(a, b, fn.value), tensor: (x, y) => fn.tensor(tensorOf(a, x, y), tensorOf(b, x, y)) };
}

function unary(arg: Term, fn: UnaryFunction): Term {
  if (arg.constant !== undefined) return { constant: fn.value(arg.constant) };
  const { value, tensor } = arg;
  return { value: (x, y) => fn.value(value(x, y)), tensor: (x, y) => fn.tensor(tensor(x, y)) };
}

/** a ∘ b; a constant left operand becomes a scalar tensor of x's dtype (the engine takes numbers on the right only). */
function binary(
  a: Term,
  b: Term,
  number: (a: number, b: number) => number,
  tensor: (a: Tensor, b: Tensor | number) => Tensor,
): Term {
  if (a.constant !== undefined && b.constant !== undefined) return { constant: number(a.constant, b.constant) };
  return {
    value: binaryValue(a, b, number),
    tensor: (x, y) => tensor(tensorOf(a, x, y), b.constant ?? b.tensor(x, y)),
  };
}

/** bᵖ: the engine's pow for a constant p, else exp(p·log b). The value is Math.pow's either way (defined for b < 0 too). */
function power(base: Term, exponent: Term): Term {
  if (exponent.constant !== undefined) {
    const p = exponent.constant;
    return unary(base, { value: (v) => Math.pow(v, p), tensor: (t) => t.pow(p) });
  }
  return {
    value: binaryValue(base, exponent, Math.pow),
    tensor: (x, y) =>
      exponent
        .tensor(x, y)
        .mul(tensorOf(base, x, y).log())
        .exp(),
  };
}

function binaryValue(a: Term, b: Term, number: (a: number, b: number) => number): (x: number, y: number) => number {
  const va = valueOf(a);
  const vb = valueOf(b);
  return (x, y) => number(va(x, y), vb(x, y));
}

function valueOf(term: Term): (x: number, y: number) => number {
  if (term.constant === undefined) return term.value;
  const c = term.constant;
  return () => c;
}

function tensorOf(term: Term, x: Tensor, y: Tensor): Tensor {
  if (term.constant === undefined) return term.tensor(x, y);
  return Tensor.full([], term.constant, x.dtype);
}

/** The surface L(x, y) = `text` on `window` [x0, x1, y0, y1] (default [−2, 2]²); its minima are unknown. */
export function expressionSurface(
  text: unknown,
  window: readonly number[] = DEFAULT_EXPRESSION_WINDOW,
): ExpressionSurface {
  const compiled = compileExpression(text);
  const expression = (text as string).trim();
  const f: ScalarFunction = (p) => compiled.tensor(p.slice(0, 0, 1), p.slice(0, 1, 2));
  const at = new Float64Array(2);
  const surface = defineSurface({
    name: expression,
    params: {},
    value: compiled.value,
    gradient(x, y, out) {
      at[0] = x;
      at[1] = y;
      out.set(gradient(f, at));
      return out;
    },
    hessian(x, y, out) {
      at[0] = x;
      at[1] = y;
      out.set(hessian(f, at));
      return out;
    },
    minima: [],
    window: toWindow(expression, window),
  });
  return { ...surface, expression };
}

function toWindow(expression: string, w: readonly number[]): Window {
  const ok = w.length === 4 && w.every(Number.isFinite) && w[0] < w[1] && w[2] < w[3];
  if (!ok)
    throw new InputError(
      `function ${JSON.stringify(expression)}: window must be [x0, x1, y0, y1], finite, with x0 < x1 and y0 < y1 (got ${show(w)})`,
    );
  return { x: [w[0], w[1]], y: [w[2], w[3]] };
}

/**
 * Whether a function name is meant as a formula: anything but a bare word, except the bare words x and y.
 * A bare word (`banana`) stays a surface name, so a typo gets the list of valid names.
 */
export function isExpressionText(name: string): boolean {
  const text = name.trim();
  return text === 'x' || text === 'y' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

/**
 * A `--fn` argument: `name` or `name:key=value,…` as parseSpec reads it, or else a whole formula, kept
 * intact (parseSpec would split `max(x, y)` or `a ? b : c` at the ':' and ',').
 */
export function parseFunctionSpec(text: string): Spec {
  return /^\s*[A-Za-z_][A-Za-z0-9_-]*\s*(:|$)/.test(text) ? parseSpec('function', text) : { name: text.trim() };
}
