/**
 * The unary ops y = f(x), one row each: the forward loop and the derivative loop side by side
 * (∂L/∂x += ∂L/∂y · f′(x), from x or from y, whichever is cheaper), and for the activations what the rest
 * of downhill needs to know about them. Everything else comes from this table: the kernel interface's
 * `unary`/`unaryBackward` (src/kernels/ts/elementwise.ts), the autograd op and the Tensor method of each
 * (src/autograd/ops/unary.ts), the nn activation layers and the names `--activation` accepts
 * (src/nn/activations.ts), and the initialisers' gains (src/nn/init.ts).
 *
 * Each function is one loop over flat arrays (a call per op, never per element). Formulas and their
 * PyTorch 1.13 counterparts (aten/src/ATen/native/cpu/*Kernel.cpp, tools/autograd/derivatives.yaml) are
 * next to each row; where PyTorch picks a value at a kink (relu, abs at 0) we pick the same.
 *
 * Adding an activation: a row here with `layer` (and `param`, `gain` where PyTorch has them); for its
 * PyTorch check, a case in test/fixtures/autograd/generate.py and the regenerated autograd.json (the test
 * runs every row of the table through gradcheck and every fixture case through its Tensor method). The
 * WebAssembly kernels run it through the TypeScript loops until they get their own.
 */
import type { Storage } from '../tensor/storage.js';

export interface UnaryOpRow {
  /** out[i] = f(x[i]); `out` may be `x`. */
  forward(x: Storage, out: Storage, param: number): void;
  /** gx[i] += g[i] · f′(x[i]), given x and y = f(x). */
  backward(x: Storage, y: Storage, g: Storage, gx: Storage, param: number): void;
  /** The op's one constant, if it has one: its name and, when it may be left out, PyTorch's default. */
  param?: { readonly name: string; readonly default?: number };
  /** An activation: the name of its layer (PyTorch's torch.nn class) and `--activation` takes its key. */
  layer?: string;
  /** torch.nn.init.calculate_gain for the activation, given its param, where PyTorch defines one. */
  gain?: (param: number) => number;
}

/** PyTorch's softplus threshold (beta = 1): above it softplus(x) = x to double precision. */
const SOFTPLUS_THRESHOLD = 20;

export const unaryOps = {
  // −x; d(−x) = −1
  neg: {
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = -x[i];
    },
    backward(x, _y, g, gx) {
      for (let i = 0; i < x.length; i++) gx[i] -= g[i];
    },
  },
  // eˣ; d eˣ = eˣ = y
  exp: {
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]);
    },
    backward(x, y, g, gx) {
      for (let i = 0; i < x.length; i++) gx[i] += g[i] * y[i];
    },
  },
  // log x; d log x = 1/x
  log: {
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
    },
    backward(x, _y, g, gx) {
      for (let i = 0; i < x.length; i++) gx[i] += g[i] / x[i];
    },
  },
  // √x; d √x = 1/(2√x) = 1/(2y)
  sqrt: {
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]);
    },
    backward(x, y, g, gx) {
      for (let i = 0; i < x.length; i++) gx[i] += g[i] / (2 * y[i]);
    },
  },
  // |x|; d|x| = sign(x), 0 at 0
  abs: {
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]);
    },
    backward(x, _y, g, gx) {
      for (let i = 0; i < x.length; i++) gx[i] += g[i] * Math.sign(x[i]);
    },
  },
  // sin x; d sin x = cos x
  sin: {
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = Math.sin(x[i]);
    },
    backward(x, _y, g, gx) {
      for (let i = 0; i < x.length; i++) gx[i] += g[i] * Math.cos(x[i]);
    },
  },
  // cos x; d cos x = −sin x
  cos: {
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = Math.cos(x[i]);
    },
    backward(x, _y, g, gx) {
      for (let i = 0; i < x.length; i++) gx[i] -= g[i] * Math.sin(x[i]);
    },
  },
  // xᵖ for a constant p; d xᵖ = p·xᵖ⁻¹, and 0 for p = 0 (not 0·x⁻¹, which is NaN at x = 0)
  pow: {
    param: { name: 'exponent' },
    forward(x, out, p) {
      for (let i = 0; i < x.length; i++) out[i] = Math.pow(x[i], p);
    },
    backward(x, _y, g, gx, p) {
      if (p === 0) return;
      for (let i = 0; i < x.length; i++) gx[i] += g[i] * (p * Math.pow(x[i], p - 1));
    },
  },
  // max(x, 0); 1 for x > 0, else 0 (0 at the kink, as PyTorch's threshold_backward)
  relu: {
    layer: 'ReLU',
    gain: () => Math.sqrt(2),
    forward(x, out) {
      // x > 0 ? x : 0, written so that NaN stays NaN as in PyTorch.
      for (let i = 0; i < x.length; i++) out[i] = x[i] <= 0 ? 0 : x[i];
    },
    backward(x, _y, g, gx) {
      for (let i = 0; i < x.length; i++) if (x[i] > 0) gx[i] += g[i];
    },
  },
  // x if x > 0, else s·x; 1 for x > 0, else the slope s (PyTorch's negative_slope, 0.01)
  leakyRelu: {
    layer: 'LeakyReLU',
    param: { name: 'slope', default: 0.01 },
    gain: (slope) => Math.sqrt(2 / (1 + slope * slope)),
    forward(x, out, slope) {
      for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : x[i] * slope;
    },
    backward(x, _y, g, gx, slope) {
      for (let i = 0; i < x.length; i++) gx[i] += x[i] > 0 ? g[i] : g[i] * slope;
    },
  },
  // x if x > 0, else α(eˣ − 1); 1 for x > 0, else αeˣ (α = 1)
  elu: {
    layer: 'ELU',
    param: { name: 'alpha', default: 1 },
    forward(x, out, alpha) {
      // expm1 keeps the digits that eˣ − 1 cancels near 0.
      for (let i = 0; i < x.length; i++) out[i] = x[i] > 0 ? x[i] : alpha * Math.expm1(x[i]);
    },
    backward(x, _y, g, gx, alpha) {
      for (let i = 0; i < x.length; i++) gx[i] += x[i] > 0 ? g[i] : g[i] * alpha * Math.exp(x[i]);
    },
  },
  // tanh x; 1 − tanh²x = 1 − y²
  tanh: {
    layer: 'Tanh',
    gain: () => 5 / 3,
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
    },
    backward(x, y, g, gx) {
      for (let i = 0; i < x.length; i++) gx[i] += g[i] * (1 - y[i] * y[i]);
    },
  },
  // σ(x) = 1/(1 + e⁻ˣ); σ(x)(1 − σ(x)) = (1 − y)y
  sigmoid: {
    layer: 'Sigmoid',
    gain: () => 1,
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
    },
    backward(x, y, g, gx) {
      for (let i = 0; i < x.length; i++) gx[i] += g[i] * (1 - y[i]) * y[i];
    },
  },
  // log(1 + eˣ), and x itself above the threshold, where log1p(eˣ) − x < 2e-9 (PyTorch's rule);
  // σ(x) = eˣ/(eˣ + 1), and 1 above the threshold (PyTorch's softplus_backward)
  softplus: {
    forward(x, out) {
      for (let i = 0; i < x.length; i++) out[i] = x[i] > SOFTPLUS_THRESHOLD ? x[i] : Math.log1p(Math.exp(x[i]));
    },
    backward(x, _y, g, gx) {
      for (let i = 0; i < x.length; i++) {
        const z = Math.exp(x[i]);
        gx[i] += x[i] > SOFTPLUS_THRESHOLD ? g[i] : (g[i] * z) / (z + 1);
      }
    },
  },
} satisfies Record<string, UnaryOpRow>;

export type UnaryOp = keyof typeof unaryOps;

/** The ops in the table's order. */
export const unaryOpNames = Object.keys(unaryOps) as UnaryOp[];

/** The ops that are activations: those with a layer. */
export type ActivationName = { [K in UnaryOp]: (typeof unaryOps)[K] extends { layer: string } ? K : never }[UnaryOp];

export const activationNames = unaryOpNames.filter((op) => 'layer' in unaryOps[op]) as ActivationName[];

/** The row of `op`, with every optional field visible to the type checker. */
export function unaryOpRow(op: UnaryOp): UnaryOpRow {
  return unaryOps[op];
}
