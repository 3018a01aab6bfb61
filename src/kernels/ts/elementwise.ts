/**
 * Elementwise maps over flat arrays: the unary functions with their derivatives side by side, and the
 * four arithmetic operators with NumPy broadcasting.
 *
 * Each function is one loop with the op chosen outside it (a switch per call, never per element).
 * Formulas and their PyTorch 1.13 counterparts (aten/src/ATen/native/cpu/*Kernel.cpp, tools/autograd/
 * derivatives.yaml) are next to each case; where PyTorch picks a value at a kink (relu, abs at 0) we pick
 * the same.
 */
import type { Storage } from '../../tensor/storage.js';
import type { BinaryOp, BroadcastLayout, UnaryOp } from '../interface.js';

/** PyTorch's softplus threshold (beta = 1): above it softplus(x) = x to double precision. */
export const SOFTPLUS_THRESHOLD = 20;

export function unary(op: UnaryOp, x: Storage, out: Storage, param = 0): void {
  const n = x.length;
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -x[i];
      return;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
      return;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
      return;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]);
      return;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(x[i]);
      return;
    case 'sin':
      for (let i = 0; i < n; i++) out[i] = Math.sin(x[i]);
      return;
    case 'cos':
      for (let i = 0; i < n; i++) out[i] = Math.cos(x[i]);
      return;
    case 'pow':
      for (let i = 0; i < n; i++) out[i] = Math.pow(x[i], param);
      return;
    case 'relu':
      // x > 0 ? x : 0, written so that NaN stays NaN as in PyTorch.
      for (let i = 0; i < n; i++) out[i] = x[i] <= 0 ? 0 : x[i];
      return;
    case 'leakyRelu':
      for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : x[i] * param;
      return;
    case 'elu':
      // α(eˣ − 1) for x ≤ 0; expm1 keeps the digits that eˣ − 1 cancels near 0.
      for (let i = 0; i < n; i++) out[i] = x[i] > 0 ? x[i] : param * Math.expm1(x[i]);
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
      return;
    case 'softplus':
      // log(1 + eˣ), and x itself above the threshold, where log1p(eˣ) − x < 2e-9 (PyTorch's rule).
      for (let i = 0; i < n; i++) out[i] = x[i] > SOFTPLUS_THRESHOLD ? x[i] : Math.log1p(Math.exp(x[i]));
      return;
  }
}

/** gx[i] += g[i] · f′(x[i]), with y = f(x) given for the derivatives that are cheaper from it. */
export function unaryBackward(op: UnaryOp, x: Storage, y: Storage, g: Storage, gx: Storage, param = 0): void {
  const n = x.length;
  switch (op) {
    case 'neg': // d(−x) = −1
      for (let i = 0; i < n; i++) gx[i] -= g[i];
      return;
    case 'exp': // d eˣ = eˣ = y
      for (let i = 0; i < n; i++) gx[i] += g[i] * y[i];
      return;
    case 'log': // d log x = 1/x
      for (let i = 0; i < n; i++) gx[i] += g[i] / x[i];
      return;
    case 'sqrt': // d √x = 1/(2√x) = 1/(2y)
      for (let i = 0; i < n; i++) gx[i] += g[i] / (2 * y[i]);
      return;
    case 'abs': // d|x| = sign(x), 0 at 0
      for (let i = 0; i < n; i++) gx[i] += g[i] * Math.sign(x[i]);
      return;
    case 'sin': // d sin x = cos x
      for (let i = 0; i < n; i++) gx[i] += g[i] * Math.cos(x[i]);
      return;
    case 'cos': // d cos x = −sin x
      for (let i = 0; i < n; i++) gx[i] -= g[i] * Math.sin(x[i]);
      return;
    case 'pow': // d xᵖ = p·xᵖ⁻¹, and 0 for p = 0 (not 0·x⁻¹, which is NaN at x = 0)
      if (param === 0) return;
      for (let i = 0; i < n; i++) gx[i] += g[i] * (param * Math.pow(x[i], param - 1));
      return;
    case 'relu': // 1 for x > 0, else 0 (0 at the kink, as PyTorch's threshold_backward)
      for (let i = 0; i < n; i++) if (x[i] > 0) gx[i] += g[i];
      return;
    case 'leakyRelu': // 1 for x > 0, else the slope
      for (let i = 0; i < n; i++) gx[i] += x[i] > 0 ? g[i] : g[i] * param;
      return;
    case 'elu': // 1 for x > 0, else αeˣ
      for (let i = 0; i < n; i++) gx[i] += x[i] > 0 ? g[i] : g[i] * param * Math.exp(x[i]);
      return;
    case 'tanh': // 1 − tanh²x = 1 − y²
      for (let i = 0; i < n; i++) gx[i] += g[i] * (1 - y[i] * y[i]);
      return;
    case 'sigmoid': // σ(x)(1 − σ(x)) = (1 − y)y
      for (let i = 0; i < n; i++) gx[i] += g[i] * (1 - y[i]) * y[i];
      return;
    case 'softplus': // σ(x) = eˣ/(eˣ + 1), and 1 above the threshold (PyTorch's softplus_backward)
      for (let i = 0; i < n; i++) {
        const z = Math.exp(x[i]);
        gx[i] += x[i] > SOFTPLUS_THRESHOLD ? g[i] : (g[i] * z) / (z + 1);
      }
      return;
  }
}

export function binary(op: BinaryOp, a: Storage, b: Storage, out: Storage, layout?: BroadcastLayout): void {
  if (layout === undefined) {
    binaryRow(op, a, 0, 1, b, 0, 1, out, 0, out.length);
    return;
  }
  const { shape, aStrides, bStrides } = layout;
  const rank = shape.length;
  if (rank === 0) {
    binaryRow(op, a, 0, 0, b, 0, 0, out, 0, 1);
    return;
  }
  // One call per row along the last axis; the row's start in a and b comes from its index along the
  // leading axes times their strides (no index arrays, so nothing is allocated).
  const n = shape[rank - 1];
  const rows = n === 0 ? 0 : out.length / n;
  for (let row = 0; row < rows; row++) {
    let rest = row;
    let ia = 0;
    let ib = 0;
    for (let axis = rank - 2; axis >= 0; axis--) {
      const index = rest % shape[axis];
      rest = (rest - index) / shape[axis];
      ia += index * aStrides[axis];
      ib += index * bStrides[axis];
    }
    binaryRow(op, a, ia, aStrides[rank - 1], b, ib, bStrides[rank - 1], out, row * n, n);
  }
}

/** out[o + j] = a[ia + j·sa] ∘ b[ib + j·sb] for j < n. */
function binaryRow(op: BinaryOp, a: Storage, ia: number, sa: number, b: Storage, ib: number, sb: number, out: Storage, o: number, n: number): void {
  switch (op) {
    case 'add':
      for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] + b[ib + j * sb];
      return;
    case 'sub':
      for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] - b[ib + j * sb];
      return;
    case 'mul':
      for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] * b[ib + j * sb];
      return;
    case 'div':
      for (let j = 0; j < n; j++) out[o + j] = a[ia + j * sa] / b[ib + j * sb];
      return;
  }
}
