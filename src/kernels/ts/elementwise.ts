/**
 * Elementwise maps over flat arrays: the unary functions, whose forward and derivative loops are the rows
 * of the table in src/kernels/unaryOps.ts, and the four arithmetic operators with NumPy broadcasting.
 *
 * Each function is one loop with the op chosen outside it (a switch or a table lookup per call, never per
 * element).
 */
import type { Storage } from '../../tensor/storage.js';
import type { BinaryOp, BroadcastLayout } from '../interface.js';
import { unaryOps, type UnaryOp } from '../unaryOps.js';

/** out[i] = f(x[i]) by the op's forward loop (src/kernels/unaryOps.ts). */
export function unary(op: UnaryOp, x: Storage, out: Storage, param = 0): void {
  unaryOps[op].forward(x, out, param);
}

/** gx[i] += g[i] · f′(x[i]) by the op's derivative loop, with y = f(x) given for the derivatives that are cheaper from it. */
export function unaryBackward(op: UnaryOp, x: Storage, y: Storage, g: Storage, gx: Storage, param = 0): void {
  unaryOps[op].backward(x, y, g, gx, param);
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
function binaryRow(
  op: BinaryOp,
  a: Storage,
  ia: number,
  sa: number,
  b: Storage,
  ib: number,
  sb: number,
  out: Storage,
  o: number,
  n: number,
): void {
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
