/**
 * A training checkpoint as two .safetensors files: the weights (PyTorch's names and layouts, so
 * `model.load_state_dict` takes them) and the rest of the TrainingState. In the state file every array of
 * numbers (the optimizer's moments, the data loader's order) is a raw little-endian tensor, and the rest is
 * JSON in the header's metadata under "state":
 *
 *   { "format": "downhill.training-state", "version": 2, "epoch", "step",
 *     "weights": { "checksum", "dtype", "tensors": [{ "name", "shape" }, …] },
 *     "best": null | { "epoch", "step", "loss", "checksum" }, "wait", "finished", "settings",
 *     "optimizer", "schedule", "randoms", "loader", "partial", "historyLength", "run" }
 *
 * where an array stored as a tensor reads `{ "$tensor": "t3" }` (a typed array) or `{ "$array": "t4" }` (a
 * plain array). Binary arrays keep the state's size near the weights' (JSON decimals made it 11 times
 * larger) and read back bit for bit. The epoch metrics are not in it: the caller keeps them (the CLI in an
 * append-only metrics.jsonl) and gives them back to unpackCheckpoint, which checks their count, so that a
 * checkpoint's cost does not grow with the epochs run.
 *
 * The checksums tie the state to its weights file (a pair that was not saved together is an error, not a
 * silently wrong resume), and say where the best model's weights are: the same as the checkpoint's own
 * when the checkpoint's epoch was the best, else in a second weights file (best.safetensors).
 *
 * Reading checks everything a user could get wrong — a file that is not safetensors or is truncated, a
 * state that is not a training state, a state or weights from a model with other tensors or shapes — and
 * throws one InputError naming the file.
 */
import { InputError } from '../errors.js';
import type { Module } from '../nn/module.js';
import { show } from '../config/validate.js';
import { allocate, type Storage } from '../tensor/storage.js';
import { decodeState, encodeState, type JsonValue } from '../util/serialize.js';
import { decodeSafetensors, encodeSafetensors, type NamedTensor, type SafetensorsFile } from '../util/safetensors.js';
import { checksum, snapshotTensors, weightLayout, type WeightLayout } from './snapshot.js';
import type { EpochMetrics, TrainingState } from './state.js';

export const STATE_FORMAT = 'downhill.training-state';
export const STATE_VERSION = 2;

export interface CheckpointFiles {
  /** The weights' .safetensors bytes. */
  weights: Uint8Array;
  /** The rest of the state, as .safetensors bytes. */
  state: Uint8Array;
}

export interface CheckpointSources {
  /** File names for error messages. */
  weights: string;
  state: string;
  best?: string;
}

/** Packs `state` (for `model`) with `run`, anything the caller wants to keep beside it. `state.history` is left to the caller. */
export function packCheckpoint(model: Module, state: TrainingState, run: JsonValue = null): CheckpointFiles {
  const layout = weightLayout(model);
  const metadata = { format: STATE_FORMAT, epoch: String(state.epoch), step: String(state.step) };
  const json = {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    epoch: state.epoch,
    step: state.step,
    weights: {
      checksum: checksum(state.weights),
      dtype: layout.dtype,
      tensors: layout.entries.map(({ name, shape }) => ({ name, shape })),
    },
    best:
      state.best === null
        ? null
        : encodeState({
            epoch: state.best.epoch,
            step: state.best.step,
            loss: state.best.loss,
            checksum: checksum(state.best.weights),
          }),
    wait: state.wait,
    finished: state.finished,
    settings: encodeState(state.settings),
    optimizer: state.optimizer as unknown as JsonValue,
    schedule: state.schedule,
    randoms: encodeState(state.randoms),
    loader: encodeState(state.loader),
    partial: encodeState(state.partial),
    historyLength: state.history.length,
    averaging: state.averaging,
    svrg: state.svrg,
    run,
  };
  const tensors = new Map<string, NamedTensor>();
  const text = JSON.stringify(withTensors(json, tensors));
  return {
    weights: encodeSafetensors(snapshotTensors(layout, state.weights), metadata),
    state: encodeSafetensors(tensors, { ...metadata, state: text }),
  };
}

/**
 * Reads a checkpoint back for `model`. `history` is the run's epoch metrics (as many as the state
 * counts); `best` gives the bytes of the best model's weights file, called only when the best weights are
 * not the checkpoint's own.
 */
export function unpackCheckpoint(
  model: Module,
  files: CheckpointFiles & { history: EpochMetrics[]; best?: () => Uint8Array },
  sources: CheckpointSources = { weights: 'the weights file', state: 'the state file', best: 'the best weights file' },
): { state: TrainingState; run: JsonValue } {
  const layout = weightLayout(model);
  const json = parseState(files.state, sources.state);
  checkTensors(json, layout, sources.state);
  const weights = readSnapshot(layout, files.weights, sources.weights);
  const saved = json.weights as { checksum: unknown };
  if (checksum(weights) !== saved.checksum) {
    throw new InputError(
      `${sources.weights} does not match the checksum in ${sources.state} (corrupted, or not saved together with it)`,
    );
  }
  const historyLength = field(json, 'historyLength', sources.state, isCount);
  if (files.history.length !== historyLength) {
    throw new InputError(
      `${sources.state} was saved after ${historyLength} epochs, but ${files.history.length} epochs of metrics came with it`,
    );
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
    history: files.history.map((m) => ({ ...m })),
    best: null,
    wait: field(json, 'wait', sources.state, isCount),
    finished: field(
      json,
      'finished',
      sources.state,
      (v) => v === null || v === 'early-stop',
    ) as TrainingState['finished'],
    settings: decodeField(json, 'settings', sources.state, isObject) as TrainingState['settings'],
    averaging: (json.averaging ?? null) as TrainingState['averaging'],
    svrg: json.svrg ?? null,
  };
  state.best = readBest(json, layout, weights, files.best, sources);
  return { state, run: json.run ?? null };
}

/** Arrays of numbers from this length on go into the binary part; shorter ones stay readable in the JSON. */
const BINARY_FROM = 16;

/**
 * `value` with each long array of numbers moved into `tensors`: an encoded typed array
 * (`{"$typed", "values"}`, src/util/serialize.ts) becomes `{"$tensor": name}`, a plain array of finite
 * numbers `{"$array": name}`, both stored as float64 except a float32 typed array.
 */
function withTensors(value: JsonValue, tensors: Map<string, NamedTensor>): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (value.length >= BINARY_FROM && value.every((v) => typeof v === 'number'))
      return { $array: addTensor(tensors, Float64Array.from(value as number[])) };
    return value.map((v) => withTensors(v, tensors));
  }
  if (typeof value.$typed === 'string' && Array.isArray(value.values))
    return { $tensor: addTensor(tensors, decodeState(value) as Float32Array | Float64Array) };
  const out: { [key: string]: JsonValue } = {};
  for (const [key, v] of Object.entries(value)) out[key] = withTensors(v, tensors);
  return out;
}

function addTensor(tensors: Map<string, NamedTensor>, data: Float32Array | Float64Array): string {
  const name = `t${tensors.size}`;
  tensors.set(name, { dtype: data instanceof Float32Array ? 'F32' : 'F64', shape: [data.length], data });
  return name;
}

/** The inverse of withTensors; a reference to a tensor the file lacks is an InputError naming `source`. */
function fromTensors(value: JsonValue, file: SafetensorsFile, source: string): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => fromTensors(v, file, source));
  const reference =
    typeof value.$tensor === 'string' ? value.$tensor : typeof value.$array === 'string' ? value.$array : undefined;
  if (reference !== undefined) {
    const tensor = file.tensors.get(reference);
    if (tensor === undefined) throw new InputError(`${source} refers to an array '${reference}' that it does not hold`);
    if (typeof value.$array === 'string') return Array.from(tensor.data);
    return encodeState(tensor.data);
  }
  const out: { [key: string]: JsonValue } = {};
  for (const [key, v] of Object.entries(value)) out[key] = fromTensors(v, file, source);
  return out;
}

/** What the caller kept beside a state (`run` of packCheckpoint), read from the state file alone, before any model exists. */
export function checkpointRun(stateBytes: Uint8Array, source: string): JsonValue {
  return parseState(stateBytes, source).run ?? null;
}

function parseState(bytes: Uint8Array, source: string): Record<string, JsonValue> {
  const file = decodeSafetensors(bytes, source);
  const text = file.metadata.state;
  let json: unknown;
  try {
    json = typeof text === 'string' ? JSON.parse(text) : undefined;
  } catch {
    throw new InputError(`${source}: its state is not valid JSON (truncated or edited?)`);
  }
  if (!isObject(json) || json.format !== STATE_FORMAT)
    throw new InputError(`${source} is not a downhill training state (it has no "format": "${STATE_FORMAT}")`);
  if (json.version !== STATE_VERSION)
    throw new InputError(`${source} has version ${show(json.version)}; this downhill reads version ${STATE_VERSION}`);
  return fromTensors(json, file, source) as Record<string, JsonValue>;
}

/** The tensors the state lists must be this model's, with the same shapes. */
function checkTensors(json: Record<string, JsonValue>, layout: WeightLayout, source: string): void {
  const weights = field(json, 'weights', source, isObject) as Record<string, JsonValue>;
  const tensors = weights.tensors;
  if (
    !Array.isArray(tensors) ||
    !tensors.every((t) => isObject(t) && typeof t.name === 'string' && Array.isArray(t.shape))
  ) {
    throw new InputError(`${source}: "weights.tensors" must list {name, shape} objects`);
  }
  const saved = new Map((tensors as { name: string; shape: number[] }[]).map((t) => [t.name, t.shape]));
  const savedNames = [...saved.keys()].join(', ');
  for (const { name, shape } of layout.entries) {
    const there = saved.get(name);
    if (there === undefined)
      throw new InputError(
        `${source} was saved from a different model: it has no tensor '${name}' (it has ${savedNames})`,
      );
    if (JSON.stringify(there) !== JSON.stringify(shape))
      throw new InputError(
        `${source} was saved from a different model: '${name}' has shape [${there.join(', ')}] there but [${shape.join(', ')}] in this model`,
      );
    saved.delete(name);
  }
  if (saved.size > 0)
    throw new InputError(
      `${source} was saved from a different model: it has tensor '${[...saved.keys()][0]}', which this model lacks`,
    );
  if (weights.dtype !== layout.dtype)
    throw new InputError(`${source} holds ${show(weights.dtype)} weights; this model is ${layout.dtype}`);
}

/** The weights file's tensors as a snapshot for `layout`; every name and shape must match. */
function readSnapshot(layout: WeightLayout, bytes: Uint8Array, source: string): Storage {
  const file: SafetensorsFile = decodeSafetensors(bytes, source);
  const snapshot = allocate(layout.dtype, layout.size);
  for (const { name, shape, offset } of layout.entries) {
    const tensor = file.tensors.get(name);
    if (tensor === undefined)
      throw new InputError(`${source} has no tensor '${name}' (it has: ${[...file.tensors.keys()].join(', ')})`);
    if (JSON.stringify(tensor.shape) !== JSON.stringify(shape))
      throw new InputError(
        `${source}: '${name}' has shape [${tensor.shape.join(', ')}] but this model's is [${shape.join(', ')}]`,
      );
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
  const best = decodeField(json, 'best', sources.state, (v) => v === null || isObject(v)) as Record<
    string,
    unknown
  > | null;
  if (best === null) return null;
  const ok =
    isCount(best.epoch) && isCount(best.step) && typeof best.loss === 'number' && typeof best.checksum === 'string';
  if (!ok) throw new InputError(`${sources.state}: "best" must be {epoch, step, loss, checksum} or null`);
  const record = { epoch: best.epoch as number, step: best.step as number, loss: best.loss as number };
  if (best.checksum === checksum(weights)) return { ...record, weights: weights.slice() };
  const source = sources.best ?? 'the best weights file';
  if (bestBytes === undefined)
    throw new InputError(`${sources.state} needs the best model's weights (epoch ${record.epoch}) from ${source}`);
  const bestWeights = readSnapshot(layout, bestBytes(), source);
  if (checksum(bestWeights) !== best.checksum) {
    throw new InputError(
      `${source} is not the best model that ${sources.state} expects (epoch ${record.epoch}): its checksum differs (corrupted, or from another run)`,
    );
  }
  return { ...record, weights: bestWeights };
}

function field<T extends JsonValue>(
  json: Record<string, JsonValue>,
  key: string,
  source: string,
  ok: (value: JsonValue) => boolean,
): T {
  const value = json[key];
  if (value === undefined || !ok(value)) throw new InputError(`${source}: "${key}" is missing or malformed`);
  return value as T;
}

function decodeField(
  json: Record<string, JsonValue>,
  key: string,
  source: string,
  ok: (value: unknown) => boolean,
): unknown {
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
