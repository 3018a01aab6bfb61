/**
 * The fused float32 optimizer steps (assembly/optim.ts) for buffers that live in one wasm arena (a
 * parameter arena, arena.ts, or a training run's arena in the threads' shared heap, heap.ts): no copies, one pass over memory, four elements per instruction. Anything else — float64,
 * plain typed arrays, buffers from different arenas — is declined (false), and the optimizer runs its
 * TypeScript loop instead.
 */
import { arenaOf } from '../../tensor/arena.js';
import type { AdamStepScalars, SgdStepScalars } from '../interface.js';
import type { Storage } from '../../tensor/storage.js';
import type { WasmResidentArena } from './arena.js';
import type { WasmExports } from './module.js';

/** One Adam / AdamW step in wasm if every buffer is float32 in the same arena; false (and nothing done) otherwise. */
export function wasmAdamStep(
  data: Storage,
  grad: Storage,
  m: Storage,
  v: Storage,
  vMax: Storage | undefined,
  s: AdamStepScalars,
): boolean {
  const wasm = arenaInstance(data, grad, m, v, vMax);
  if (wasm === undefined) return false;
  wasm.adamF32(
    data.byteOffset,
    grad.byteOffset,
    m.byteOffset,
    v.byteOffset,
    vMax?.byteOffset ?? 0,
    data.length,
    s.sign,
    s.l2,
    s.shrink,
    s.oneMinusBeta1,
    s.beta2,
    s.oneMinusBeta2,
    s.negStepSize,
    s.biasCorrection2,
    s.biasCorrection2Sqrt,
    s.eps,
    s.epsInsideSqrt ? 1 : 0,
  );
  return true;
}

/** One SGD step in wasm if every buffer is float32 in the same arena; false (and nothing done) otherwise. */
export function wasmSgdStep(data: Storage, grad: Storage, buf: Storage | undefined, s: SgdStepScalars): boolean {
  const wasm = arenaInstance(data, grad, buf);
  if (wasm === undefined) return false;
  wasm.sgdF32(
    data.byteOffset,
    grad.byteOffset,
    buf?.byteOffset ?? 0,
    data.length,
    s.sign,
    s.weightDecay,
    s.keep,
    s.take,
    s.momentum,
    s.nesterov ? 1 : 0,
    -s.lr,
  );
  return true;
}

/** The instance whose memory holds all of `buffers` (float32, equal lengths, from one wasm arena), if there is one. */
function arenaInstance(first: Storage, ...rest: (Storage | undefined)[]): WasmExports | undefined {
  const arena = arenaOf(first);
  if (arena === undefined || !('wasm' in arena) || !(first instanceof Float32Array)) return undefined;
  for (const buffer of rest) {
    if (buffer !== undefined && (arenaOf(buffer) !== arena || buffer.length !== first.length)) return undefined;
  }
  return (arena as WasmResidentArena).wasm;
}
