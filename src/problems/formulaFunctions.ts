/**
 * The functions a formula (`--fn "cosh(x) + y^2"`) may call: each mathjs elementary function that has a
 * derivative, as a number function for values and a tensor function for downhill's autodiff. Those the
 * engine has as ops (sin, exp, tanh, …) use them; the others are `mapUnary` / `mapBinary` ops with the
 * derivative written beside the value (standard calculus; the inverse reciprocal functions follow mathjs's
 * definitions, asec(v) = acos(1/v) and so on):
 *
 *   sinh′ = cosh   cosh′ = sinh   asinh′ = 1/√(v² + 1)   acosh′ = 1/√(v² − 1)   atanh′ = 1/(1 − v²)
 *   asin′ = 1/√(1 − v²)   acos′ = −1/√(1 − v²)   atan′ = 1/(1 + v²)
 *   sec′ = sec·tan   csc′ = −csc·cot   cot′ = −1/sin²      sech′ = −sech·tanh   csch′ = −csch·coth   coth′ = −1/sinh²
 *   asec′ = 1/(|v|√(v² − 1))   acsc′ = −asec′   acot′ = −1/(1 + v²)
 *   asech′ = −1/(v√(1 − v²))   acsch′ = −1/(|v|√(1 + v²))   acoth′ = 1/(1 − v²)
 *   log2′ = 1/(v ln 2)   log10′ = 1/(v ln 10)   log1p′ = 1/(1 + v)   expm1′ = eᵛ
 *   cbrt′ = 1/(3·cbrt(v)²)   square′ = 2v   cube′ = 3v²
 *   atan2(a, b): ∂a = b/(a² + b²), ∂b = −a/(a² + b²)      hypot(a, b, …): ∂a = a/hypot
 *   log(v, base) = log v / log base    nthRoot(v, n) = v^(1/n) (real, so negative v for odd n), n a constant
 *
 * Functions whose derivative is zero or undefined wherever it exists (floor, sign, mod, …) or not
 * elementary (gamma, erf) are refused by name.
 */
import { mapBinary, mapUnary } from '../autograd/ops/unary.js';
import type { Tensor } from '../tensor/tensor.js';

export interface UnaryFunction {
  value(v: number): number;
  tensor(t: Tensor): Tensor;
}

export interface BinaryFunction {
  value(a: number, b: number): number;
  tensor(a: Tensor, b: Tensor): Tensor;
}

/** A function of one argument from its value and derivative (a function of v and the value y). */
function mapped(
  name: string,
  value: (v: number) => number,
  derivative: (v: number, y: number) => number,
): UnaryFunction {
  return { value, tensor: (t) => mapUnary(name, t, value, derivative) };
}

const sec = (v: number): number => 1 / Math.cos(v);
const csc = (v: number): number => 1 / Math.sin(v);
const cot = (v: number): number => 1 / Math.tan(v);
const sech = (v: number): number => 1 / Math.cosh(v);
const csch = (v: number): number => 1 / Math.sinh(v);
const coth = (v: number): number => 1 / Math.tanh(v);

/** Each number formula of the engine's ops is the kernel's (src/kernels/unaryOps.ts), so both paths agree. */
export const UNARY_FUNCTIONS: Record<string, UnaryFunction> = {
  sin: { value: Math.sin, tensor: (t) => t.sin() },
  cos: { value: Math.cos, tensor: (t) => t.cos() },
  // The engine has no tan op; the quotient rule on sin/cos gives (cos² + sin²)/cos² = 1/cos².
  tan: { value: (v) => Math.sin(v) / Math.cos(v), tensor: (t) => t.sin().div(t.cos()) },
  exp: { value: Math.exp, tensor: (t) => t.exp() },
  log: { value: Math.log, tensor: (t) => t.log() },
  sqrt: { value: Math.sqrt, tensor: (t) => t.sqrt() },
  abs: { value: Math.abs, tensor: (t) => t.abs() },
  tanh: { value: Math.tanh, tensor: (t) => t.tanh() },
  sigmoid: { value: (v) => 1 / (1 + Math.exp(-v)), tensor: (t) => t.sigmoid() },
  softplus: { value: (v) => (v > 20 ? v : Math.log1p(Math.exp(v))), tensor: (t) => t.softplus() },
  sinh: mapped('sinh', Math.sinh, Math.cosh),
  cosh: mapped('cosh', Math.cosh, Math.sinh),
  asinh: mapped('asinh', Math.asinh, (v) => 1 / Math.sqrt(v * v + 1)),
  acosh: mapped('acosh', Math.acosh, (v) => 1 / Math.sqrt(v * v - 1)),
  atanh: mapped('atanh', Math.atanh, (v) => 1 / (1 - v * v)),
  asin: mapped('asin', Math.asin, (v) => 1 / Math.sqrt(1 - v * v)),
  acos: mapped('acos', Math.acos, (v) => -1 / Math.sqrt(1 - v * v)),
  atan: mapped('atan', Math.atan, (v) => 1 / (1 + v * v)),
  sec: mapped('sec', sec, (v, y) => y * Math.tan(v)),
  csc: mapped('csc', csc, (v, y) => -y * cot(v)),
  cot: mapped('cot', cot, (v) => -1 / Math.sin(v) ** 2),
  sech: mapped('sech', sech, (v, y) => -y * Math.tanh(v)),
  csch: mapped('csch', csch, (v, y) => -y * coth(v)),
  coth: mapped('coth', coth, (v) => -1 / Math.sinh(v) ** 2),
  asec: mapped(
    'asec',
    (v) => Math.acos(1 / v),
    (v) => 1 / (Math.abs(v) * Math.sqrt(v * v - 1)),
  ),
  acsc: mapped(
    'acsc',
    (v) => Math.asin(1 / v),
    (v) => -1 / (Math.abs(v) * Math.sqrt(v * v - 1)),
  ),
  acot: mapped(
    'acot',
    (v) => Math.atan(1 / v),
    (v) => -1 / (1 + v * v),
  ),
  asech: mapped(
    'asech',
    (v) => Math.acosh(1 / v),
    (v) => -1 / (v * Math.sqrt(1 - v * v)),
  ),
  acsch: mapped(
    'acsch',
    (v) => Math.asinh(1 / v),
    (v) => -1 / (Math.abs(v) * Math.sqrt(1 + v * v)),
  ),
  acoth: mapped(
    'acoth',
    (v) => Math.atanh(1 / v),
    (v) => 1 / (1 - v * v),
  ),
  log2: mapped('log2', Math.log2, (v) => 1 / (v * Math.LN2)),
  log10: mapped('log10', Math.log10, (v) => 1 / (v * Math.LN10)),
  log1p: mapped('log1p', Math.log1p, (v) => 1 / (1 + v)),
  expm1: mapped('expm1', Math.expm1, Math.exp),
  cbrt: mapped('cbrt', Math.cbrt, (_v, y) => 1 / (3 * y * y)),
  square: mapped(
    'square',
    (v) => v * v,
    (v) => 2 * v,
  ),
  cube: mapped(
    'cube',
    (v) => v * v * v,
    (v) => 3 * v * v,
  ),
};

export const BINARY_FUNCTIONS: Record<string, BinaryFunction> = {
  atan2: {
    value: Math.atan2,
    tensor: (a, b) =>
      mapBinary('atan2', a, b, Math.atan2, [(u, v) => v / (u * u + v * v), (u, v) => -u / (u * u + v * v)]),
  },
  hypot: {
    value: Math.hypot,
    tensor: (a, b) => mapBinary('hypot', a, b, Math.hypot, [(u, _v, z) => u / z, (_u, v, z) => v / z]),
  },
};

/** nthRoot(v, n) = the real n-th root: negative v only for odd n (as mathjs). */
export function nthRoot(n: number): UnaryFunction {
  const value = (v: number): number => (v < 0 && Math.abs(n % 2) === 1 ? -Math.pow(-v, 1 / n) : Math.pow(v, 1 / n));
  return mapped('nthRoot', value, (v, y) => y / (n * v));
}

/** mathjs functions a formula may not use: no useful derivative, or not elementary. */
export const WITHOUT_DERIVATIVE = [
  'ceil',
  'floor',
  'round',
  'fix',
  'sign',
  'mod',
  'gcd',
  'lcm',
  'max',
  'min',
  'gamma',
  'lgamma',
  'erf',
  'factorial',
  'random',
];
