/**
 * eˣ and eˣ − 1 on two doubles at once (f64x2), for the activations (activations.ts) and softmax
 * cross-entropy (softmax.ts).
 *
 * exp and expm1 (the scheme of fdlibm's e_exp.c and s_expm1.c, Sun Microsystems 1993, without its
 * tables): x = k·ln2 + r with k = round(x/ln2) and |r| ≤ ln2/2, ln2 split in a high part whose products
 * with k are exact and a low part (Cody & Waite); eʳ − 1 = r + r²/2! + … + r¹³/13! by Horner (truncation
 * below 10⁻¹⁷ relative on |r| ≤ 0.347); then eˣ = 2ᵏ·(1 + p) and eˣ − 1 = 2ᵏ·p + (2ᵏ − 1), 2ᵏ built in
 * the exponent bits. Inputs are clamped to ±708, where 2ᵏ is still a normal double: past that every
 * result here is 0, 1 or ±∞ after rounding to float32 anyway (α·(eˣ − 1) → −α, e^{−x} → 0 or huge).
 * NaN propagates through every step (f64x2.min/max keep it).
 */

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LOG2E: f64 = 1.44269504088896338700e+00;
const CLAMP: f64 = 708;

/** eʳ − 1 − r over |r| ≤ ln2/2 divided by r²: 1/2! + r/3! + … + r¹¹/13!, by Horner. */
// @ts-ignore: decorator
@inline
function tail(r: v128): v128 {
  let p = f64x2.splat(1.0 / 6227020800.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 479001600.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  return f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
}

/** x clamped to ±708, where 2ᵏ stays a normal double. */
// @ts-ignore: decorator
@inline
function clamp(x: v128): v128 {
  return f64x2.max(f64x2.min(x, f64x2.splat(CLAMP)), f64x2.splat(-CLAMP));
}

/** k = round(x/ln2) for x = k·ln2 + r. */
// @ts-ignore: decorator
@inline
function multipleOfLn2(x: v128): v128 {
  return f64x2.nearest(f64x2.mul(x, f64x2.splat(LOG2E)));
}

/** eʳ − 1 for r = x − k·ln2 (ln2 in two parts, so that k·LN2_HI is exact). */
// @ts-ignore: decorator
@inline
function expm1Reduced(x: v128, k: v128): v128 {
  const r = f64x2.sub(f64x2.sub(x, f64x2.mul(k, f64x2.splat(LN2_HI))), f64x2.mul(k, f64x2.splat(LN2_LO)));
  return f64x2.add(r, f64x2.mul(f64x2.mul(r, r), tail(r)));
}

/** 2ᵏ for integral k in [−1022, 1023], built in the exponent bits. */
// @ts-ignore: decorator
@inline
function powerOfTwo(k: v128): v128 {
  return i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(k)), i64x2.splat(1023)), 52);
}

/** eˣ for two doubles. */
// @ts-ignore: decorator
@inline
export function exp2x(x: v128): v128 {
  const c = clamp(x);
  const k = multipleOfLn2(c);
  return f64x2.mul(powerOfTwo(k), f64x2.add(f64x2.splat(1), expm1Reduced(c, k)));
}

/** eˣ − 1 for two doubles, without the cancellation of eˣ − 1 near 0. */
// @ts-ignore: decorator
@inline
export function expm1x(x: v128): v128 {
  const c = clamp(x);
  const k = multipleOfLn2(c);
  const scale = powerOfTwo(k);
  return f64x2.add(f64x2.mul(scale, expm1Reduced(c, k)), f64x2.sub(scale, f64x2.splat(1)));
}

