/**
 * 16-bit floats as bit patterns (the numbers of a Uint16Array), converted from and to float32 values:
 *
 *   F16 (IEEE 754 binary16): sign, 5 exponent bits (bias 15), 10 fraction bits; value (1 + f/2^10)·2^(e−15),
 *        subnormals (e = 0) f·2^−24, e = 31 infinities and NaN.
 *   BF16 (bfloat16): the upper 16 bits of a float32 (8 exponent bits, 7 fraction bits).
 *
 * Widening is exact. Narrowing rounds the float32 value (a float64 is first rounded to float32, as PyTorch
 * converts a float32 tensor) to the nearest 16-bit value, ties to the even one, overflow to infinity —
 * what torch's .half() and .bfloat16() give (checked against PyTorch 1.13: test/fixtures/halfprecision).
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 value of F16 bits. */
export function fromHalfBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The F16 bits nearest to `value` (ties to even). */
export function halfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const fraction = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (fraction === 0 ? 0 : 0x200);
  const e = exponent - 127 + 15; // the exponent field in F16
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // A subnormal F16: the significand 1.f (24 bits) times 2^(e − 14) in units of 2^−24.
    if (e < -10) return sign;
    return sign | roundShift(fraction | 0x800000, 14 - e);
  }
  // A carry out of the fraction rounds up into the exponent (and from 65504 past it to infinity), as it should.
  return sign | ((e << 10) + roundShift(fraction, 13));
}

/** The float32 value of BF16 bits. */
export function fromBfloat16Bits(bits: number): number {
  u32[0] = bits << 16;
  return f32[0];
}

/** The BF16 bits nearest to `value` (ties to even); NaN stays a (quiet) NaN. */
export function bfloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  if (Number.isNaN(f32[0])) return ((x >>> 16) & 0x8000) | 0x7fc0;
  return roundShift(x, 16);
}

/** x / 2^shift rounded to the nearest integer, ties to even (x < 2^32, 0 < shift ≤ 24). */
function roundShift(x: number, shift: number): number {
  const kept = Math.floor(x / 2 ** shift);
  const rest = x - kept * 2 ** shift;
  const half = 2 ** (shift - 1);
  return rest > half || (rest === half && kept % 2 === 1) ? kept + 1 : kept;
}
