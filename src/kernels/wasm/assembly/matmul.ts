/**
 * float32 matrix product C[m×n] (+)= A[m×k] · B[k×n] with 128-bit WebAssembly SIMD, the GotoBLAS/BLIS
 * scheme (Goto & van de Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 2008):
 *
 *   for each block of KC terms p:          pack B[p-block, :] into panels of NR columns, kc×NR each
 *     for each block of MC rows i:         pack A[i-block, p-block] into panels of MR rows, kc×MR each
 *       for each B panel, each A panel:    C tile[MR×NR] (+)= A panel · B panel  (the micro-kernel)
 *
 * Packing reads A and B through (row stride, column stride) pairs, so one kernel serves the three layouts
 * of a linear layer: A·B, Aᵀ·B (A stored [k×m]: strides 1, m) and A·Bᵀ (B stored [n×k]: strides 1, k).
 * Packing also pads the ragged edges with zeros, so the micro-kernel never branches on sizes.
 *
 * The micro-kernel keeps the 4×8 tile of C in eight f32x4 registers; each term p loads two vectors of the
 * B panel and splats four scalars of the A panel: 8 multiplies and 8 adds per 6 loads, all from L1
 * (a kc×NR B panel is 8 KiB, reused by every A panel of the block). Sums run in p order per element, as
 * the TypeScript reference does within a block, so results agree to float32 rounding.
 *
 * All pointers are byte offsets into this module's memory; the caller (src/kernels/wasm/matmul.ts) copies
 * the operands in and passes a workspace of `gemmWorkspaceBytes(m, n)` bytes.
 */

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;

/** Bytes of workspace gemmF32 needs: the packed B block, the packed A block and one spare C tile. */
export function gemmWorkspaceBytes(m: i32, n: i32): i32 {
  const mc = min(m, MC);
  return (KC * roundUp(n, NR) + KC * roundUp(mc, MR) + MR * NR) * 4;
}

/**
 * C (+)= A·B where A[i, p] = a[i·ars + p·acs] and B[p, j] = b[p·brs + j·bcs] (strides in elements),
 * C[i, j] at c[i·ldc + j] (ldc = n for a whole row-major C; larger for a block of columns, which is how
 * src/node/ splits one product over threads). `accumulate` adds into C; otherwise C is overwritten.
 */
export function gemmF32(
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, m: i32, k: i32, n: i32, ldc: i32,
  accumulate: bool, work: usize,
): void {
  if (k == 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + (<usize>(i * ldc) << 2), 0, <usize>n << 2);
    return;
  }
  const packedB = work;
  const packedA = packedB + (<usize>(KC * roundUp(n, NR)) << 2);
  const tile = packedA + (<usize>(KC * roundUp(min(m, MC), MR)) << 2);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    packB(b, brs, bcs, p0, kc, n, packedB);
    const overwrite = p0 == 0 && !accumulate;
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = min(MC, m - i0);
      packA(a, ars, acs, i0, mc, p0, kc, packedA);
      multiplyBlock(packedA, packedB, c, i0, mc, kc, n, ldc, overwrite, tile);
    }
  }
}

/** C[i0 … i0+mc, :] (+)= packed A block · packed B block, tile by tile. */
function multiplyBlock(packedA: usize, packedB: usize, c: usize, i0: i32, mc: i32, kc: i32, n: i32, ldcElements: i32, overwrite: bool, tile: usize): void {
  const ldc = <usize>ldcElements << 2;
  for (let j = 0; j < n; j += NR) {
    const panelB = packedB + (<usize>(j * kc) << 2);
    const cols = min(NR, n - j);
    for (let i = 0; i < mc; i += MR) {
      const panelA = packedA + (<usize>(i * kc) << 2);
      const rows = min(MR, mc - i);
      const at = c + (<usize>((i0 + i) * ldcElements + j) << 2);
      if (rows == MR && cols == NR) {
        microKernel(kc, panelA, panelB, at, ldc, overwrite);
      } else {
        microKernel(kc, panelA, panelB, tile, <usize>NR << 2, true);
        mergeTile(tile, at, ldc, rows, cols, overwrite);
      }
    }
  }
}

/** The 4×8 tile at c (rows ldc bytes apart) (+)= Σ_p A panel[p, 0…3] ⊗ B panel[p, 0…7]. */
function microKernel(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, overwrite: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let x = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    pa += 16;
    pb += 32;
  }
  if (!overwrite) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc));
    c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
    c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
    c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** Copies (or adds) the rows×cols corner of a full 4×8 tile into C, for the ragged edges. */
function mergeTile(tile: usize, c: usize, ldc: usize, rows: i32, cols: i32, overwrite: bool): void {
  for (let r = 0; r < rows; r++) {
    const from = tile + (<usize>(r * NR) << 2);
    const to = c + <usize>r * ldc;
    for (let s = 0; s < cols; s++) {
      const offset = <usize>s << 2;
      const value = load<f32>(from + offset);
      store<f32>(to + offset, overwrite ? value : load<f32>(to + offset) + value);
    }
  }
}

/**
 * Packs B[p0 … p0+kc, 0 … n] into panels of NR columns: panel j holds B[p, j … j+NR] for each p, kc×NR
 * contiguous floats, zero past column n. Rows of B contiguous (bcs = 1): two vector copies per p. Columns
 * contiguous (brs = 1, B = Wᵀ in a forward pass X·Wᵀ): four terms of each of the eight columns are loaded
 * as vectors and turned into four panel rows by two 4×4 transposes in registers.
 */
function packB(b: usize, brs: i32, bcs: i32, p0: i32, kc: i32, n: i32, out: usize): void {
  for (let j = 0; j < n; j += NR) {
    const cols = min(NR, n - j);
    let p = 0;
    if (cols == NR && brs == 1 && bcs != 1) {
      const column = <usize>bcs << 2;
      for (; p + 4 <= kc; p += 4) {
        const from = b + (<usize>(p0 + p + j * bcs) << 2);
        transposeStore(from, column, out, <usize>NR << 2);
        transposeStore(from + 4 * column, column, out + 16, <usize>NR << 2);
        out += <usize>(4 * NR) << 2;
      }
    }
    for (; p < kc; p++) {
      const from = b + (<usize>((p0 + p) * brs + j * bcs) << 2);
      if (cols == NR && bcs == 1) {
        v128.store(out, v128.load(from));
        v128.store(out, v128.load(from, 16), 16);
      } else {
        for (let s = 0; s < NR; s++) store<f32>(out + (<usize>s << 2), s < cols ? load<f32>(from + (<usize>(s * bcs) << 2)) : 0);
      }
      out += <usize>NR << 2;
    }
  }
}

/**
 * Packs A[i0 … i0+mc, p0 … p0+kc] into panels of MR rows: panel i holds A[i … i+MR, p] for each p, kc×MR
 * contiguous floats, zero past row i0+mc. Columns of A contiguous (ars = 1, Aᵀ·B): one vector copy per p.
 * Rows contiguous (acs = 1, the usual A·B): four terms of each of the four rows are loaded as vectors and
 * transposed in registers into four panel rows.
 */
function packA(a: usize, ars: i32, acs: i32, i0: i32, mc: i32, p0: i32, kc: i32, out: usize): void {
  for (let i = 0; i < mc; i += MR) {
    const rows = min(MR, mc - i);
    let p = 0;
    if (rows == MR && acs == 1 && ars != 1) {
      for (; p + 4 <= kc; p += 4) {
        transposeStore(a + (<usize>((i0 + i) * ars + p0 + p) << 2), <usize>ars << 2, out, <usize>MR << 2);
        out += <usize>(4 * MR) << 2;
      }
    }
    for (; p < kc; p++) {
      const from = a + (<usize>((i0 + i) * ars + (p0 + p) * acs) << 2);
      if (rows == MR && ars == 1) {
        v128.store(out, v128.load(from));
      } else {
        for (let r = 0; r < MR; r++) store<f32>(out + (<usize>r << 2), r < rows ? load<f32>(from + (<usize>(r * ars) << 2)) : 0);
      }
      out += <usize>MR << 2;
    }
  }
}

/**
 * Loads four vectors x_r = from[r·stride … +4] (r = 0…3) and stores their transpose: vector q, made of
 * (x_0[q], x_1[q], x_2[q], x_3[q]), at out + q·outStride (strides in bytes).
 */
// @ts-ignore: decorator
@inline
function transposeStore(from: usize, stride: usize, out: usize, outStride: usize): void {
  const x0 = v128.load(from);
  const x1 = v128.load(from + stride);
  const x2 = v128.load(from + 2 * stride);
  const x3 = v128.load(from + 3 * stride);
  const low01 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
  const high01 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
  const low23 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
  const high23 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
  v128.store(out, v128.shuffle<f32>(low01, low23, 0, 1, 4, 5));
  v128.store(out + outStride, v128.shuffle<f32>(low01, low23, 2, 3, 6, 7));
  v128.store(out + 2 * outStride, v128.shuffle<f32>(high01, high23, 0, 1, 4, 5));
  v128.store(out + 3 * outStride, v128.shuffle<f32>(high01, high23, 2, 3, 6, 7));
}

function roundUp(value: i32, multiple: i32): i32 {
  return ((value + multiple - 1) / multiple) * multiple;
}
