/**
 * The seeded random number generator behind every random choice in downhill (initial weights, shuffles,
 * dropout masks, toy data, noise): the same seed gives the same numbers in Node and in the browser.
 *
 * xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018): 128 bits of
 * state in four uint32 words, period 2¹²⁸ − 1, seeded through splitmix32 so that nearby seeds give
 * unrelated streams. Doubles take 53 random bits from two draws; normals come from the Box–Muller
 * transform, whose second value is kept for the next call and is part of the saved state.
 */
import { InputError } from '../errors.js';

export interface RandomState {
  /** The four state words of xoshiro128**. */
  s: [number, number, number, number];
  /** The second Box–Muller value, waiting for the next `normal()`; null when none is waiting. */
  spare: number | null;
}

export class Random {
  private s = new Uint32Array(4);
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new InputError(`seed must be an integer in [0, 4294967295] (got ${seed})`);
    }
    // splitmix32 (Steele, Lea & Flood, 2014) spreads one 32-bit seed over the four words.
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }

  /** A uniform 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5; // 27 bits
    const low = this.nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform double in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** A standard normal value (Box–Muller: √(−2 ln u₁)·cos(2πu₂), and the sine for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const value = this.spare;
      this.spare = null;
      return value;
    }
    const u1 = 1 - this.uniform(); // in (0, 1], so the logarithm is finite
    const u2 = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.spare = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  }

  /** A uniform integer in [0, n), without modulo bias (rejection of the incomplete last block). */
  integer(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000)
      throw new RangeError(`integer(n) needs 1 <= n <= 2^32 (got ${n})`);
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [index: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** The indices 0 … n−1 in a random order. */
  permutation(n: number): Uint32Array {
    const indices = new Uint32Array(n);
    for (let i = 0; i < n; i++) indices[i] = i;
    return this.shuffle(indices);
  }

  /** Fills `out` with values from N(mean, std²). */
  fillNormal(out: Float32Array | Float64Array, mean = 0, std = 1): void {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
  }

  /** Fills `out` with values from U[low, high). */
  fillUniform(out: Float32Array | Float64Array, low: number, high: number): void {
    for (let i = 0; i < out.length; i++) out[i] = this.uniformIn(low, high);
  }

  getState(): RandomState {
    return { s: [this.s[0], this.s[1], this.s[2], this.s[3]], spare: this.spare };
  }

  setState(state: RandomState): void {
    const ok =
      Array.isArray(state?.s) &&
      state.s.length === 4 &&
      state.s.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff);
    if (!ok || !(state.spare === null || typeof state.spare === 'number')) {
      throw new InputError('random state must be {"s": four uint32 words, "spare": a number or null}');
    }
    this.s.set(state.s);
    this.spare = state.spare;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
