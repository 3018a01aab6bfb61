/**
 * The plain TypeScript kernels: the reference implementation of the kernel interface, portable to any
 * JavaScript engine, and the default.
 */
import type { Kernels } from '../interface.js';
import { binary, unary, unaryBackward } from './elementwise.js';
import { matmul, matmulTransposeA, matmulTransposeB } from './matmul.js';
import { maxAxis, sumAxis } from './reduce.js';
import { logSoftmax, logSoftmaxBackward, softmax, softmaxBackward, softmaxCrossEntropy } from './softmax.js';

export const tsKernels: Kernels = {
  name: 'ts',
  matmul,
  matmulTransposeA,
  matmulTransposeB,
  unary,
  unaryBackward,
  binary,
  sumAxis,
  maxAxis,
  softmax,
  softmaxBackward,
  logSoftmax,
  logSoftmaxBackward,
  softmaxCrossEntropy,
};
