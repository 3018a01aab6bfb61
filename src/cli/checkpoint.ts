/**
 * Checkpoint files on disk: `<dir>/<name>.safetensors` (the weights) and `<dir>/<name>.json` (the rest of
 * the training state), packed and checked by src/train/checkpoint.ts. Each file is written whole or not
 * at all (a temporary file in the same directory, flushed, then renamed), weights first: a crash leaves
 * the previous checkpoint, or a pair whose checksums disagree, which reading reports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { Module } from '../nn/module.js';
import { unpackCheckpoint, type CheckpointFiles } from '../train/checkpoint.js';
import type { TrainingState } from '../train/state.js';
import type { JsonValue } from '../util/serialize.js';
import { readFileBytes, writeFileDurable } from './files.js';

export function checkpointPaths(dir: string, name: string): { weights: string; state: string } {
  return { weights: join(dir, `${name}.safetensors`), state: join(dir, `${name}.json`) };
}

export function writeCheckpoint(dir: string, name: string, files: CheckpointFiles): void {
  const paths = checkpointPaths(dir, name);
  writeFileDurable(paths.weights, files.weights);
  writeFileDurable(paths.state, files.state);
}

/** The JSON text of `<dir>/<name>.json`; a missing file says which checkpoint is missing. */
export function readCheckpointState(dir: string, name: string): string {
  const { state } = checkpointPaths(dir, name);
  if (!existsSync(state)) throw new InputError(`no checkpoint to resume in ${dir}: ${state} does not exist`);
  return new TextDecoder().decode(readFileBytes(state));
}

/**
 * Reads the checkpoint `<dir>/last.*` for `model`, with the best model's weights from `<dir>/best.safetensors`
 * when they are not the checkpoint's own.
 */
export function readCheckpoint(model: Module, dir: string, stateText: string): { state: TrainingState; run: JsonValue } {
  const last = checkpointPaths(dir, 'last');
  const best = checkpointPaths(dir, 'best');
  return unpackCheckpoint(
    model,
    { weights: readFileBytes(last.weights), state: stateText, best: () => readFileBytes(best.weights) },
    { weights: last.weights, state: last.state, best: best.weights },
  );
}
