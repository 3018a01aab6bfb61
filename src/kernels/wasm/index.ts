/**
 * The WebAssembly kernels: the Kernels interface with float32 matmul (all three layouts), the activations
 * (ReLU, leaky ReLU, ELU, tanh, sigmoid; forward, and backward where it needs x), column sums (the bias
 * gradient), softmax cross-entropy and the fused Adam / SGD steps over a parameter arena in 128-bit WebAssembly SIMD, and every
 * other method —
 * and float64 throughout — delegated to the TypeScript reference kernels, where wasm does not pay yet
 * (see README.md in this folder).
 *
 *   setKernels(wasmKernels)            Node, workers: the module compiles synchronously on first use
 *   setKernels(await initWasmKernels()) the browser's main thread (no sync compile over 4 KB there)
 */
import type { Kernels, UnaryOp } from '../interface.js';
import { tsKernels } from '../ts/index.js';
import type { Storage } from '../../tensor/storage.js';
import { WasmArena } from './arena.js';
import { wasmMatmulF32, type MatmulLayout } from './matmul.js';
import { loadWasmModule, wasmModule } from './module.js';
import { hasWasmBackward, isWasmActivation, wasmActivationBackwardF32, wasmActivationF32 } from './activations.js';
import { wasmAdamStep, wasmSgdStep } from './optim.js';
import { wasmReluBackwardF32, wasmReluF32 } from './relu.js';
import { wasmSoftmaxCrossEntropyF32 } from './softmax.js';
import { wasmSumRowsF32 } from './sum.js';

export interface WasmKernelOptions {
  /**
   * Products with m·k·n below this, and ReLUs and column sums over fewer elements, run in TypeScript,
   * where copying into wasm memory and the call cost more than the work (bench/matmul.ts). 0 sends every
   * float32 product, ReLU and column sum to wasm (the tests do).
   */
  minWork?: number;
}

/** At 8³ multiply-adds wasm already matches the TypeScript loop (bench/matmul.ts); below, TypeScript wins. */
const DEFAULT_MIN_WORK = 512;

export function createWasmKernels({ minWork = DEFAULT_MIN_WORK }: WasmKernelOptions = {}): Kernels {
  const layout =
    (name: MatmulLayout): Kernels[MatmulLayout] =>
    (a: Storage, b: Storage, c: Storage, m: number, k: number, n: number, accumulate = false) => {
      if (a instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array && m * k * n >= minWork) {
        wasmMatmulF32(name, a, b, c, m, k, n, accumulate);
      } else {
        tsKernels[name](a, b, c, m, k, n, accumulate);
      }
    };
  const large = (x: Storage, elements: number): x is Float32Array => x instanceof Float32Array && elements >= minWork;
  return {
    ...tsKernels,
    name: 'wasm',
    matmul: layout('matmul'),
    matmulTransposeA: layout('matmulTransposeA'),
    matmulTransposeB: layout('matmulTransposeB'),
    unary(op: UnaryOp, x: Storage, out: Storage, param = 0): void {
      if (!large(x, x.length) || !(out instanceof Float32Array)) tsKernels.unary(op, x, out, param);
      else if (op === 'relu') wasmReluF32(x, out);
      else if (isWasmActivation(op)) wasmActivationF32(op, x, out, param);
      else tsKernels.unary(op, x, out, param);
    },
    unaryBackward(op: UnaryOp, x: Storage, y: Storage, g: Storage, gx: Storage, param = 0): void {
      if (!large(x, x.length) || !(g instanceof Float32Array) || !(gx instanceof Float32Array))
        tsKernels.unaryBackward(op, x, y, g, gx, param);
      else if (op === 'relu') wasmReluBackwardF32(x, g, gx);
      else if (hasWasmBackward(op)) wasmActivationBackwardF32(op, x, g, gx, param);
      else tsKernels.unaryBackward(op, x, y, g, gx, param);
    },
    sumAxis(x: Storage, outer: number, length: number, inner: number, out: Storage, accumulate = false): void {
      // A column sum (the bias gradient); row sums (inner = 1) are contiguous and fast in TypeScript already.
      if (outer === 1 && inner > 1 && large(x, length * inner) && out instanceof Float32Array)
        wasmSumRowsF32(x, length, inner, out, accumulate);
      else tsKernels.sumAxis(x, outer, length, inner, out, accumulate);
    },
    softmaxCrossEntropy(
      logits: Storage,
      labels: Int32Array,
      rows: number,
      cols: number,
      losses: Storage,
      gradient: Storage,
    ): void {
      if (large(logits, rows * cols) && losses instanceof Float32Array && gradient instanceof Float32Array)
        wasmSoftmaxCrossEntropyF32(logits, labels, rows, cols, losses, gradient);
      else tsKernels.softmaxCrossEntropy(logits, labels, rows, cols, losses, gradient);
    },
    createArena: (dtype, buffers, length) => (dtype === 'float32' ? WasmArena.create(buffers, length) : undefined),
    adamStep: wasmAdamStep,
    sgdStep: wasmSgdStep,
  };
}

export const wasmKernels: Kernels = createWasmKernels();

/** Compiles the module asynchronously, then returns `wasmKernels` (for the browser's main thread). */
export async function initWasmKernels(): Promise<Kernels> {
  await loadWasmModule();
  return wasmKernels;
}

/** Whether the wasm kernels can run here (WebAssembly with SIMD); compiles the module if it can. */
export function wasmKernelsAvailable(): boolean {
  try {
    wasmModule();
    return true;
  } catch {
    return false;
  }
}
