/**
 * Checkpoints: a state packed into two .safetensors files (weights; the rest) reads back equal (weights bit for bit, numbers
 * exact); the weights file loads as a plain state dict (PyTorch's names and shapes); and every way a
 * checkpoint can be wrong — truncated or corrupted weights, a state file that is not a state, metrics that
 * do not belong to it, a state or weights
 * from another model, a weights file from another save, a missing best model — is one InputError.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toyDataset } from '../../src/data/toy.js';
import { InputError } from '../../src/errors.js';
import { mlp } from '../../src/nn/models.js';
import { modelToSafetensors } from '../../src/nn/weights.js';
import { Random } from '../../src/tensor/random.js';
import { packCheckpoint, unpackCheckpoint } from '../../src/train/checkpoint.js';
import { fit } from '../../src/train/fit.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/util/safetensors.js';
import type { TrainingState } from '../../src/train/state.js';

const SOURCES = { weights: 'last.safetensors', state: 'state.safetensors', best: 'best.safetensors' };

/** packCheckpoint's files with the metrics that the caller keeps beside them. */
function pack(net: ReturnType<typeof model>, state: TrainingState, run?: { note: string }) {
  return { ...packCheckpoint(net, state, run), history: state.history };
}

/** The state file with its JSON changed by `edit` (the binary arrays kept). */
function editState(bytes: Uint8Array, edit: (json: Record<string, unknown>) => unknown): Uint8Array {
  const file = decodeSafetensors(bytes);
  return encodeSafetensors(file.tensors, {
    ...file.metadata,
    state: JSON.stringify(edit(JSON.parse(file.metadata.state))),
  });
}

function model(hidden = [8], seed = 1) {
  return mlp({ inputs: 2, hidden, outputs: 2, batchNorm: true, dropout: 0.1, random: new Random(seed) });
}

/** States from a short run: after each epoch, with the epoch's weights and whether it was the best. */
function run(): { states: { state: TrainingState; improved: boolean }[]; net: ReturnType<typeof model> } {
  const random = new Random(1);
  const net = model();
  const data = toyDataset('xor', { random, n: 60, noise: 0.3 });
  const validation = toyDataset('xor', { random, n: 20, noise: 0.3 });
  const states: { state: TrainingState; improved: boolean }[] = [];
  fit(net, {
    train: data,
    validation,
    random,
    optimizer: { name: 'adam', lr: 0.3 },
    schedule: { name: 'step', stepSize: 1, gamma: 0.5 },
    epochs: 6,
    batchSize: 8,
    onCheckpoint: (c) => states.push(c),
  });
  return { states, net };
}

const { states, net } = run();
const improvedAt = states.findIndex((s, i) => i > 0 && s.improved);
const notImproved = states.findIndex((s) => !s.improved);

function expectError(fn: () => unknown, message: RegExp): void {
  assert.throws(
    fn,
    (error: unknown) => error instanceof InputError && message.test(error.message) && !error.message.includes('\n'),
    String(message),
  );
}

test('a packed state reads back equal, and the weights file is a plain PyTorch state dict', () => {
  const { state } = states[improvedAt];
  const files = pack(net, state, { note: 'kept' });
  const back = unpackCheckpoint(model(), files, SOURCES);
  assert.deepEqual(back.run, { note: 'kept' });
  assert.deepEqual({ ...back.state, weights: null, best: null }, { ...state, weights: null, best: null });
  assert.deepEqual(back.state.weights, state.weights);
  assert.deepEqual(back.state.best, state.best);
  const file = decodeSafetensors(files.weights);
  const expected = modelToSafetensors(net);
  assert.deepEqual([...file.tensors.keys()].sort(), [...expected.keys()].sort());
  for (const [name, t] of expected) assert.deepEqual(file.tensors.get(name)?.shape, t.shape, name);
  assert.equal(file.metadata.epoch, String(state.epoch));
});

test('when the checkpoint is not the best epoch, the best weights come from the best file, checked by checksum', () => {
  assert.ok(notImproved > 0, 'a run with an epoch that did not improve');
  const { state } = states[notImproved];
  const bestEpoch = state.best?.epoch ?? -1;
  const bestState = states[bestEpoch - 1].state;
  const bestFile = packCheckpoint(net, bestState).weights;
  const files = pack(net, state);
  const back = unpackCheckpoint(model(), { ...files, best: () => bestFile }, SOURCES);
  assert.deepEqual(back.state.best?.weights, state.best?.weights);
  expectError(
    () => unpackCheckpoint(model(), files, SOURCES),
    /^state\.safetensors needs the best model's weights \(epoch \d+\) from best\.safetensors$/,
  );
  expectError(
    () => unpackCheckpoint(model(), { ...files, best: () => files.weights }, SOURCES),
    /^best\.safetensors is not the best model that state\.safetensors expects \(epoch \d+\): its checksum differs/,
  );
});

test('a truncated, corrupted or non-safetensors weights file is one InputError naming it', () => {
  const files = pack(net, states[0].state);
  expectError(
    () =>
      unpackCheckpoint(model(), { ...files, weights: files.weights.subarray(0, files.weights.length - 10) }, SOURCES),
    /^last\.safetensors is not a valid safetensors file: .*truncated\?/,
  );
  expectError(
    () => unpackCheckpoint(model(), { ...files, weights: files.weights.subarray(0, 30) }, SOURCES),
    /^last\.safetensors is not a valid safetensors file/,
  );
  expectError(
    () => unpackCheckpoint(model(), { ...files, weights: new TextEncoder().encode('hello') }, SOURCES),
    /^last\.safetensors is not a valid safetensors file/,
  );
  const corrupted = files.weights.slice();
  corrupted[corrupted.length - 3] ^= 0x40;
  expectError(
    () => unpackCheckpoint(model(), { ...files, weights: corrupted }, SOURCES),
    /^last\.safetensors does not match the checksum in state\.safetensors \(corrupted, or not saved together with it\)$/,
  );
  const other = packCheckpoint(net, states[1].state);
  expectError(
    () => unpackCheckpoint(model(), { ...files, weights: other.weights }, SOURCES),
    /^last\.safetensors does not match the checksum in state\.safetensors/,
  );
});

test('a state file that is malformed, not a state, or from a different model, or metrics that do not belong to it, are one InputError naming it', () => {
  const files = pack(net, states[1].state);
  expectError(
    () => unpackCheckpoint(model(), { ...files, state: files.state.slice(0, 100) }, SOURCES),
    /^state\.safetensors is not a valid safetensors file: .*truncated\?/,
  );
  expectError(
    () =>
      unpackCheckpoint(model(), { ...files, state: encodeSafetensors(new Map(), { state: '{"epoch": 3}' }) }, SOURCES),
    /^state\.safetensors is not a downhill training state/,
  );
  expectError(
    () =>
      unpackCheckpoint(
        model(),
        { ...files, state: editState(files.state, (json) => ({ ...json, version: 9 })) },
        SOURCES,
      ),
    /^state\.safetensors has version 9; this downhill reads version 2$/,
  );
  expectError(
    () =>
      unpackCheckpoint(
        model(),
        { ...files, state: editState(files.state, (json) => ({ ...json, loader: 'x' })) },
        SOURCES,
      ),
    /^state\.safetensors: "loader" is missing or malformed$/,
  );
  expectError(
    () =>
      unpackCheckpoint(
        model(),
        { ...files, state: editState(files.state, (json) => ({ ...json, optimizer: { $tensor: 't99' } })) },
        SOURCES,
      ),
    /^state\.safetensors refers to an array 't99' that it does not hold$/,
  );
  expectError(
    () => unpackCheckpoint(model(), { ...files, history: [] }, SOURCES),
    /^state\.safetensors was saved after 2 epochs, but 0 epochs of metrics came with it$/,
  );
  // The state of an 8-unit model given to a 16-unit model, and its weights.
  expectError(
    () => unpackCheckpoint(model([16]), files, SOURCES),
    /^state\.safetensors was saved from a different model: '0\.weight' has shape \[8, 2\] there but \[16, 2\] in this model$/,
  );
  const bigger = model([16]);
  const biggerState = {
    ...states[0].state,
    weights: new Float32Array(
      bigger
        .parameters()
        .concat(bigger.namedBuffers().map(([, t]) => t))
        .reduce((n, t) => n + t.size, 0),
    ),
    best: null,
  };
  const biggerFiles = packCheckpoint(bigger, biggerState);
  expectError(
    () => unpackCheckpoint(model(), { ...files, weights: biggerFiles.weights }, SOURCES),
    /^last\.safetensors: '0\.weight' has shape \[16, 2\] but this model's is \[8, 2\]$/,
  );
  expectError(
    () => unpackCheckpoint(mlp({ inputs: 2, hidden: [8], outputs: 2 }), files, SOURCES),
    /^state\.safetensors was saved from a different model: it has no tensor '2\.weight' \(it has 0\.weight, 0\.bias, 1\.weight/,
  );
});

test("the state file holds the optimizer's moments as binary arrays: about the weights' size, not 11 times it", () => {
  const files = pack(net, states[2].state);
  const stored = [...decodeSafetensors(files.state).tensors.values()].reduce((n, t) => n + t.data.length, 0);
  const weights = [...decodeSafetensors(files.weights).tensors.values()].reduce((n, t) => n + t.data.length, 0);
  // Adam keeps exp_avg and exp_avg_sq per parameter (BatchNorm's running statistics have none): at most two
  // arrays of the weights' size, plus the data loader's order (60 examples).
  assert.ok(stored <= 2 * weights + 60, `${stored} values stored for ${weights} weights`);
  assert.ok(
    files.state.length < 3 * files.weights.length + 4096,
    `state ${files.state.length} bytes, weights ${files.weights.length}`,
  );
});
