/**
 * Column sums of a float32 matrix with 128-bit WebAssembly SIMD: out[j] += Σᵢ x[i, j] over the rows of
 * x [rows×cols] — the bias gradient of a linear layer, Σₙ ∂L/∂Y[n, ·]. As in the TypeScript reference
 * (src/kernels/ts/reduce.ts, sumAxis with outer = 1), the rows are added to `out` one after another, each
 * sum rounded to float32, so the results are bit for bit the same. Pointers are byte offsets into this
 * module's memory.
 */

/** out[j] += x[i·cols + j] for each row i in order, j < cols. */
export function sumRowsF32(x: usize, rows: i32, cols: i32, out: usize): void {
  const vectors = cols & ~3;
  const rowBytes = <usize>cols << 2;
  for (let j = 0; j < vectors; j += 4) {
    const offset = <usize>j << 2;
    let sum = v128.load(out + offset);
    let from = x + offset;
    for (let i = 0; i < rows; i++) {
      sum = f32x4.add(sum, v128.load(from));
      from += rowBytes;
    }
    v128.store(out + offset, sum);
  }
  for (let j = vectors; j < cols; j++) {
    const offset = <usize>j << 2;
    let sum = load<f32>(out + offset);
    for (let i = 0; i < rows; i++) sum += load<f32>(x + <usize>i * rowBytes + offset);
    store<f32>(out + offset, sum);
  }
}
