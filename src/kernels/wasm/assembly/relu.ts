/**
 * ReLU and its backward over float32 arrays with 128-bit WebAssembly SIMD, the same formulas as the
 * TypeScript reference (src/kernels/unaryOps.ts), lane by lane and without branches:
 *
 *   forward   y = x ≤ 0 ? 0 : x            (NaN stays NaN, −0 becomes 0, as PyTorch's relu)
 *   backward  gx = x > 0 ? gx + g : gx      (0 at the kink, as PyTorch's threshold_backward)
 *
 * JavaScript compiles these selects into branches, which the random signs of activations mispredict
 * about half the time; here they are bit masks (v128.bitselect). The results are bit for bit those of
 * the TypeScript loops. Pointers are byte offsets into this module's memory, 16-byte aligned.
 */

/** out[i] = x[i] ≤ 0 ? 0 : x[i] for i < n. */
export function reluF32(x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const vectors = n & ~3;
  for (let i = 0; i < vectors; i += 4) {
    const offset = <usize>i << 2;
    const v = v128.load(x + offset);
    v128.store(out + offset, v128.bitselect(zero, v, f32x4.le(v, zero)));
  }
  for (let i = vectors; i < n; i++) {
    const offset = <usize>i << 2;
    const v = load<f32>(x + offset);
    store<f32>(out + offset, v <= 0 ? 0 : v);
  }
}

/** gx[i] += g[i] where x[i] > 0, for i < n. */
export function reluBackwardF32(x: usize, g: usize, gx: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const vectors = n & ~3;
  for (let i = 0; i < vectors; i += 4) {
    const offset = <usize>i << 2;
    const before = v128.load(gx + offset);
    const after = f32x4.add(before, v128.load(g + offset));
    v128.store(gx + offset, v128.bitselect(after, before, f32x4.gt(v128.load(x + offset), zero)));
  }
  for (let i = vectors; i < n; i++) {
    const offset = <usize>i << 2;
    if (load<f32>(x + offset) > 0) store<f32>(gx + offset, load<f32>(gx + offset) + load<f32>(g + offset));
  }
}
