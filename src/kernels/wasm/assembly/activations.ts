/**
 * The smooth and leaky activations over float32 arrays with 128-bit WebAssembly SIMD, computed as the
 * TypeScript reference (src/kernels/unaryOps.ts) computes them: each float32 promoted to double,
 * the formula in double, the result rounded once to float32.
 *
 *   leakyRelu   y = x > 0 ? x : s·x                 gx += x > 0 ? g : g·s
 *   elu         y = x > 0 ? x : α·(eˣ − 1)          gx += x > 0 ? g : (g·α)·eˣ
 *   tanh        y = t / (t + 2) with t = e^{2|x|} − 1, the sign of x   (y = x for |x| < 2⁻²⁸, ±1 past 22)
 *   sigmoid     y = 1 / (1 + e^{−x})
 *
 * Leaky ReLU uses only multiplies and selects, so it is bit for bit the reference. The others replace
 * Math.exp / Math.expm1 / Math.tanh with the double-precision exp and expm1 of exp.ts, accurate to a few
 * units in the last place of a double: after rounding to float32 they differ from the reference only when
 * a result lies within that much of a float32 rounding boundary (test/kernels/wasm/activations.test.ts
 * counts such cases; none in 10⁵ random inputs).
 *
 * exp and expm1 are exp.ts's.
 */

import { exp2x, expm1x } from './exp';

/** The low and the high two of four float32, as doubles. */
// @ts-ignore: decorator
@inline
function low(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

// @ts-ignore: decorator
@inline
function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/** Two pairs of doubles rounded to four float32. */
// @ts-ignore: decorator
@inline
function round4(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** Which activation a loop computes (the forward kernels share one loop). */
const LEAKY_RELU = 0;
const ELU = 1;
const TANH = 2;
const SIGMOID = 3;

/** y(x) for two doubles. */
// @ts-ignore: decorator
@inline
function forward(op: i32, x: v128, param: f64): v128 {
  const zero = f64x2.splat(0);
  if (op == LEAKY_RELU) return v128.bitselect(x, f64x2.mul(x, f64x2.splat(param)), f64x2.gt(x, zero));
  if (op == ELU) return v128.bitselect(x, f64x2.mul(f64x2.splat(param), expm1x(x)), f64x2.gt(x, zero));
  if (op == SIGMOID) return f64x2.div(f64x2.splat(1), f64x2.add(f64x2.splat(1), exp2x(f64x2.neg(x))));
  // tanh: t/(t + 2) with t = e^{2|x|} − 1, signed; x itself where |x| < 2⁻²⁸ (and ±0, NaN); ±1 past 22.
  const magnitude = f64x2.abs(x);
  const t = expm1x(f64x2.add(magnitude, magnitude));
  let y = f64x2.div(t, f64x2.add(t, f64x2.splat(2)));
  y = v128.bitselect(f64x2.splat(1), y, f64x2.gt(magnitude, f64x2.splat(22)));
  y = v128.or(y, v128.and(x, f64x2.splat(-0.0)));
  return v128.bitselect(y, x, f64x2.ge(magnitude, f64x2.splat(3.725290298461914e-9)));
}

/** out[i] = y(x[i]) for i < n: `op` is one of the constants above, `param` the slope or α. */
export function activationF32(op: i32, x: usize, out: usize, n: i32, param: f64): void {
  const vectors = n & ~3;
  for (let i = 0; i < vectors; i += 4) {
    const at = <usize>i << 2;
    const v = v128.load(x + at);
    v128.store(out + at, round4(forward(op, low(v), param), forward(op, high(v), param)));
  }
  for (let i = vectors; i < n; i++) {
    const at = <usize>i << 2;
    const y = forward(op, f64x2.splat(<f64>load<f32>(x + at)), param);
    store<f32>(out + at, <f32>f64x2.extract_lane(y, 0));
  }
}

/** gx[i] + g[i]·y′(x[i]) for two doubles of each (leakyRelu and elu; tanh and sigmoid take theirs from y in TypeScript). */
// @ts-ignore: decorator
@inline
function backward(op: i32, x: v128, g: v128, gx: v128, param: f64): v128 {
  const positive = f64x2.gt(x, f64x2.splat(0));
  const slope = op == LEAKY_RELU ? f64x2.mul(g, f64x2.splat(param)) : f64x2.mul(f64x2.mul(g, f64x2.splat(param)), exp2x(x));
  return f64x2.add(gx, v128.bitselect(g, slope, positive));
}

/** gx[i] += g[i]·y′(x[i]) for i < n (`op` LEAKY_RELU or ELU). */
export function activationBackwardF32(op: i32, x: usize, g: usize, gx: usize, n: i32, param: f64): void {
  const vectors = n & ~3;
  for (let i = 0; i < vectors; i += 4) {
    const at = <usize>i << 2;
    const xs = v128.load(x + at), gs = v128.load(g + at), gxs = v128.load(gx + at);
    v128.store(gx + at, round4(backward(op, low(xs), low(gs), low(gxs), param), backward(op, high(xs), high(gs), high(gxs), param)));
  }
  for (let i = vectors; i < n; i++) {
    const at = <usize>i << 2;
    const y = backward(op, f64x2.splat(<f64>load<f32>(x + at)), f64x2.splat(<f64>load<f32>(g + at)), f64x2.splat(<f64>load<f32>(gx + at)), param);
    store<f32>(gx + at, <f32>f64x2.extract_lane(y, 0));
  }
}
