/**
 * Fused float32 optimizer steps with 128-bit WebAssembly SIMD, in the order of floating-point operations
 * of PyTorch 2.x's `_single_tensor_adam` / `_single_tensor_sgd` on float32 tensors (each tensor op
 * rounds to float32; scalars are float32, as ATen casts them), four elements per instruction:
 *
 * Adam / AdamW (src/optim/adam.ts gives the derivation):
 *   g ← sign·∇;  g ← g + λ·θ  (when λ ≠ 0)          grad.add(param, alpha=λ)
 *   θ ← θ·shrink                                      AdamW's param.mul_(1 − ηλ); shrink = 1 for Adam
 *   m ← lerp(m, g, w), w = 1 − β1                     exp_avg.lerp_(g, 1 − β1): m + w·(g − m) for w < ½,
 *                                                     else g − (g − m)·(1 − w) (ATen's Lerp.h)
 *   v ← v·β2 + ((1 − β2)·g)·g                         exp_avg_sq.mul_(β2).addcmul_(g, g, value=1 − β2)
 *   v̂ ← max(v̂_max, v) with amsgrad, else v          torch.maximum (NaN propagates, as f32x4.max)
 *   d ← √v̂ / √(1 − β2ᵗ) + ε   (or √(v̂ / (1 − β2ᵗ) + ε), the textbook form)
 *   θ ← θ + (−η/(1 − β1ᵗ)·m) / d                      param.addcdiv_(m, d, value=−step_size)
 *
 * SGD (momentum μ, dampening τ, Nesterov; `keep`/`take` are 0/1 on PyTorch's first step, μ/(1 − τ) after):
 *   g ← sign·∇;  g ← g + λ·θ  (when λ ≠ 0)
 *   b ← keep·b + take·g;  g ← g + μ·b with nesterov, else g ← b   (no buffer: g as it is)
 *   θ ← θ + (−η)·g
 *
 * Every buffer is float32 at a 16-byte aligned byte offset of this module's memory (a parameter arena,
 * src/kernels/wasm/arena.ts); `vMax` and `buf` are 0 when absent. The JavaScript side passes the
 * scalars as numbers; the f32 parameters round them exactly as a C++ static_cast<float> does.
 */

/** One Adam / AdamW step over n float32 parameters. */
export function adamF32(
  data: usize, grad: usize, m: usize, v: usize, vMax: usize, n: i32,
  sign: f32, l2: f32, shrink: f32,
  oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  negStepSize: f32, biasCorrection2: f32, biasCorrection2Sqrt: f32, eps: f32, epsInsideSqrt: bool,
): void {
  // lerp's weight w = 1 − β1 and, for w ≥ ½, 1 − w in float32, as ATen computes it (opmath float).
  const smallWeight = abs<f32>(oneMinusBeta1) < 0.5;
  const beta1Back: f32 = <f32>1 - oneMinusBeta1;
  const vectors = n & ~3;
  for (let i = 0; i < vectors; i += 4) {
    const at = <usize>i << 2;
    let g = f32x4.mul(f32x4.splat(sign), v128.load(grad + at));
    let p = v128.load(data + at);
    if (l2 != 0) g = f32x4.add(g, f32x4.mul(f32x4.splat(l2), p));
    if (shrink != 1) p = f32x4.mul(p, f32x4.splat(shrink));
    const mOld = v128.load(m + at);
    const mi = smallWeight
      ? f32x4.add(mOld, f32x4.mul(f32x4.splat(oneMinusBeta1), f32x4.sub(g, mOld)))
      : f32x4.sub(g, f32x4.mul(f32x4.sub(g, mOld), f32x4.splat(beta1Back)));
    const vi = f32x4.add(f32x4.mul(v128.load(v + at), f32x4.splat(beta2)), f32x4.mul(f32x4.mul(f32x4.splat(oneMinusBeta2), g), g));
    v128.store(m + at, mi);
    v128.store(v + at, vi);
    let vHat = vi;
    if (vMax != 0) {
      vHat = f32x4.max(v128.load(vMax + at), vi);
      v128.store(vMax + at, vHat);
    }
    const denom = epsInsideSqrt
      ? f32x4.sqrt(f32x4.add(f32x4.div(vHat, f32x4.splat(biasCorrection2)), f32x4.splat(eps)))
      : f32x4.add(f32x4.div(f32x4.sqrt(vHat), f32x4.splat(biasCorrection2Sqrt)), f32x4.splat(eps));
    v128.store(data + at, f32x4.add(p, f32x4.div(f32x4.mul(f32x4.splat(negStepSize), mi), denom)));
  }
  for (let i = vectors; i < n; i++) {
    const at = <usize>i << 2;
    let g = sign * load<f32>(grad + at);
    let p = load<f32>(data + at);
    if (l2 != 0) g = g + l2 * p;
    if (shrink != 1) p = p * shrink;
    const mOld = load<f32>(m + at);
    const mi = smallWeight ? mOld + oneMinusBeta1 * (g - mOld) : g - (g - mOld) * beta1Back;
    const vi = load<f32>(v + at) * beta2 + oneMinusBeta2 * g * g;
    store<f32>(m + at, mi);
    store<f32>(v + at, vi);
    let vHat = vi;
    if (vMax != 0) {
      vHat = max(load<f32>(vMax + at), vi);
      store<f32>(vMax + at, vHat);
    }
    const denom = epsInsideSqrt ? sqrt<f32>(vHat / biasCorrection2 + eps) : sqrt<f32>(vHat) / biasCorrection2Sqrt + eps;
    store<f32>(data + at, p + (negStepSize * mi) / denom);
  }
}

/** One SGD step over n float32 parameters; `buf` is the momentum buffer (0: no momentum). */
export function sgdF32(
  data: usize, grad: usize, buf: usize, n: i32,
  sign: f32, weightDecay: f32, keep: f32, take: f32, momentum: f32, nesterov: bool, negLr: f32,
): void {
  const vectors = n & ~3;
  for (let i = 0; i < vectors; i += 4) {
    const at = <usize>i << 2;
    const p = v128.load(data + at);
    let g = f32x4.mul(f32x4.splat(sign), v128.load(grad + at));
    if (weightDecay != 0) g = f32x4.add(g, f32x4.mul(f32x4.splat(weightDecay), p));
    if (buf != 0) {
      const b = f32x4.add(f32x4.mul(f32x4.splat(keep), v128.load(buf + at)), f32x4.mul(f32x4.splat(take), g));
      v128.store(buf + at, b);
      g = nesterov ? f32x4.add(g, f32x4.mul(f32x4.splat(momentum), b)) : b;
    }
    v128.store(data + at, f32x4.add(p, f32x4.mul(f32x4.splat(negLr), g)));
  }
  for (let i = vectors; i < n; i++) {
    const at = <usize>i << 2;
    const p = load<f32>(data + at);
    let g = sign * load<f32>(grad + at);
    if (weightDecay != 0) g = g + weightDecay * p;
    if (buf != 0) {
      const b = keep * load<f32>(buf + at) + take * g;
      store<f32>(buf + at, b);
      g = nesterov ? g + momentum * b : b;
    }
    store<f32>(data + at, p + negLr * g);
  }
}
