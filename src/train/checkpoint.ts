/**
 * A training checkpoint as two files: the weights as .safetensors (PyTorch's names and layouts, so
 * `model.load_state_dict` takes them) and everything else of the TrainingState as JSON beside them:
 *
 *   { "format": "downhill.training-state", "version": 1, "epoch", "step",
 *     "weights": { "checksum", "dtype", "tensors": [{ "name", "shape" }, …] },
 *     "best": null | { "epoch", "step", "loss", "checksum" }, "wait", "finished", "settings",
 *     "optimizer", "schedule", "randoms", "loader", "partial", "history", "run" }
 *
 * Numbers go through src/util/serialize.ts, so they read back bit for bit. The checksums tie the JSON to
 * its weights file (a pair that was not saved together is an error, not a silently wrong resume), and
 * say where the best model's weights are: the same as the checkpoint's own when the checkpoint's epoch was
 * the best, else in a second weights file (best.safetensors, written when that epoch ended).
 *
 * Reading checks everything a user could get wrong — a file that is not safetensors or is truncated, a
 * JSON that is not a training state, a state or weights from a model with other tensors or shapes — and
 * throws one InputError naming the file.
 */
import { InputError } from '../errors.js';
import type { Module } from '../nn/module.js';
import { show } from '../config/validate.js';
import { allocate, type Storage } from '../tensor/storage.js';
import { decodeState, encodeState, type JsonValue } from '../util/serialize.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsFile } from '../util/safetensors.js';
import { checksum, snapshotTensors, weightLayout, type WeightLayout } from './snapshot.js';
import type { TrainingState } from './state.js';

export const STATE_FORMAT = 'downhill.training-state';
export const STATE_VERSION = 1;

export interface CheckpointFiles {
  /** The .safetensors bytes. */
  weights: Uint8Array;
  /** The JSON text. */
  state: string;
}

export interface CheckpointSources {
  /** File names for error messages. */
  weights: string;
  state: string;
  best?: string;
}

/** Packs `state` (for `model`) with `run`, anything the caller wants to keep beside it (a CLI run's config). */
export function packCheckpoint(model: Module, state: TrainingState, run: JsonValue = null): CheckpointFiles {
  const layout = weightLayout(model);
  const metadata = { format: STATE_FORMAT, epoch: String(state.epoch), step: String(state.step) };
  const json = {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    epoch: state.epoch,
    step: state.step,
    weights: { checksum: checksum(state.weights), dtype: layout.dtype, tensors: layout.entries.map(({ name, shape }) => ({ name, shape })) },
    best: state.best === null ? null : encodeState({ epoch: state.best.epoch, step: state.best.step, loss: state.best.loss, checksum: checksum(state.best.weights) }),
    wait: state.wait,
    finished: state.finished,
    settings: encodeState(state.settings),
    optimizer: state.optimizer as unknown as JsonValue,
    schedule: state.schedule,
    randoms: encodeState(state.randoms),
    loader: encodeState(state.loader),
    partial: encodeState(state.partial),
    history: encodeState(state.history),
    run,
  };
  return { weights: encodeSafetensors(snapshotTensors(layout, state.weights), metadata), state: `${JSON.stringify(json)}\n` };
}

/**
 * Reads a checkpoint back for `model`. `best` gives the bytes of the best model's weights file; it is
 * called only when the best weights are not the checkpoint's own.
 */
export function unpackCheckpoint(
  model: Module,
  files: CheckpointFiles & { best?: () => Uint8Array },
  sources: CheckpointSources = { weights: 'the weights file', state: 'the state file', best: 'the best weights file' },
): { state: TrainingState; run: JsonValue } {
  const layout = weightLayout(model);
  const json = parseStateJson(files.state, sources.state);
  checkTensors(json, layout, sources.state);
  const weights = readSnapshot(layout, files.weights, sources.weights);
  const saved = json.weights as { checksum: unknown };
  if (checksum(weights) !== saved.checksum) {
    throw new InputError(`${sources.weights} does not match the checksum in ${sources.state} (corrupted, or not saved together with it)`);
  }
  const state: TrainingState = {
    epoch: field(json, 'epoch', sources.state, isCount),
    step: field(json, 'step', sources.state, isCount),
    weights,
    optimizer: field(json, 'optimizer', sources.state, isObject) as unknown as TrainingState['optimizer'],
    schedule: json.schedule ?? null,
    randoms: decodeField(json, 'randoms', sources.state, Array.isArray) as TrainingState['randoms'],
    loader: decodeField(json, 'loader', sources.state, isObject) as TrainingState['loader'],
    partial: decodeField(json, 'partial', sources.state, (v) => v === null || isObject(v)) as TrainingState['partial'],
    history: decodeField(json, 'history', sources.state, Array.isArray) as TrainingState['history'],
    best: null,
    wait: field(json, 'wait', sources.state, isCount),
    finished: field(json, 'finished', sources.state, (v) => v === null || v === 'early-stop') as TrainingState['finished'],
    settings: decodeField(json, 'settings', sources.state, isObject) as TrainingState['settings'],
  };
  state.best = readBest(json, layout, weights, files.best, sources);
  return { state, run: json.run ?? null };
}

/** What the caller kept beside a state (`run` of packCheckpoint), read from the JSON alone, before any model exists. */
export function checkpointRun(stateText: string, source: string): JsonValue {
  return parseStateJson(stateText, source).run ?? null;
}

function parseStateJson(text: string, source: string): Record<string, JsonValue> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`${source} is not valid JSON (truncated or edited?)`);
  }
  if (!isObject(json) || json.format !== STATE_FORMAT) throw new InputError(`${source} is not a downhill training state (it has no "format": "${STATE_FORMAT}")`);
  if (json.version !== STATE_VERSION) throw new InputError(`${source} has version ${show(json.version)}; this downhill reads version ${STATE_VERSION}`);
  return json as Record<string, JsonValue>;
}

/** The tensors the state lists must be this model's, with the same shapes. */
function checkTensors(json: Record<string, JsonValue>, layout: WeightLayout, source: string): void {
  const weights = field(json, 'weights', source, isObject) as Record<string, JsonValue>;
  const tensors = weights.tensors;
  if (!Array.isArray(tensors) || !tensors.every((t) => isObject(t) && typeof t.name === 'string' && Array.isArray(t.shape))) {
    throw new InputError(`${source}: "weights.tensors" must list {name, shape} objects`);
  }
  const saved = new Map((tensors as { name: string; shape: number[] }[]).map((t) => [t.name, t.shape]));
  const savedNames = [...saved.keys()].join(', ');
  for (const { name, shape } of layout.entries) {
    const there = saved.get(name);
    if (there === undefined) throw new InputError(`${source} was saved from a different model: it has no tensor '${name}' (it has ${savedNames})`);
    if (show(there) !== show(shape)) throw new InputError(`${source} was saved from a different model: '${name}' has shape [${there.join(', ')}] there but [${shape.join(', ')}] in this model`);
    saved.delete(name);
  }
  if (saved.size > 0) throw new InputError(`${source} was saved from a different model: it has tensor '${[...saved.keys()][0]}', which this model lacks`);
  if (weights.dtype !== layout.dtype) throw new InputError(`${source} holds ${show(weights.dtype)} weights; this model is ${layout.dtype}`);
}

/** The weights file's tensors as a snapshot for `layout`; every name and shape must match. */
function readSnapshot(layout: WeightLayout, bytes: Uint8Array, source: string): Storage {
  const file: SafetensorsFile = decodeSafetensors(bytes, source);
  const snapshot = allocate(layout.dtype, layout.size);
  for (const { name, shape, offset } of layout.entries) {
    const tensor = file.tensors.get(name);
    if (tensor === undefined) throw new InputError(`${source} has no tensor '${name}' (it has: ${[...file.tensors.keys()].join(', ')})`);
    if (show(tensor.shape) !== show(shape)) throw new InputError(`${source}: '${name}' has shape [${tensor.shape.join(', ')}] but this model's is [${shape.join(', ')}]`);
    snapshot.set(tensor.data, offset);
  }
  const extra = [...file.tensors.keys()].find((name) => !layout.entries.some((e) => e.name === name));
  if (extra !== undefined) throw new InputError(`${source} has tensor '${extra}', which this model lacks`);
  return snapshot;
}

function readBest(
  json: Record<string, JsonValue>,
  layout: WeightLayout,
  weights: Storage,
  bestBytes: (() => Uint8Array) | undefined,
  sources: CheckpointSources,
): TrainingState['best'] {
  const best = decodeField(json, 'best', sources.state, (v) => v === null || isObject(v)) as Record<string, unknown> | null;
  if (best === null) return null;
  const ok = isCount(best.epoch) && isCount(best.step) && typeof best.loss === 'number' && typeof best.checksum === 'string';
  if (!ok) throw new InputError(`${sources.state}: "best" must be {epoch, step, loss, checksum} or null`);
  const record = { epoch: best.epoch as number, step: best.step as number, loss: best.loss as number };
  if (best.checksum === checksum(weights)) return { ...record, weights: weights.slice() };
  const source = sources.best ?? 'the best weights file';
  if (bestBytes === undefined) throw new InputError(`${sources.state} needs the best model's weights (epoch ${record.epoch}) from ${source}`);
  const bestWeights = readSnapshot(layout, bestBytes(), source);
  if (checksum(bestWeights) !== best.checksum) {
    throw new InputError(`${source} is not the best model that ${sources.state} expects (epoch ${record.epoch}): its checksum differs (corrupted, or from another run)`);
  }
  return { ...record, weights: bestWeights };
}

function field<T extends JsonValue>(json: Record<string, JsonValue>, key: string, source: string, ok: (value: JsonValue) => boolean): T {
  const value = json[key];
  if (value === undefined || !ok(value)) throw new InputError(`${source}: "${key}" is missing or malformed`);
  return value as T;
}

function decodeField(json: Record<string, JsonValue>, key: string, source: string, ok: (value: unknown) => boolean): unknown {
  const value = json[key] === undefined ? undefined : decodeState(json[key]);
  if (value === undefined || !ok(value)) throw new InputError(`${source}: "${key}" is missing or malformed`);
  return value;
}

function isObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 0;
}
