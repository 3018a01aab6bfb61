/**
 * Weight files: PyTorch's own .safetensors (test/fixtures/training) loads into the equivalent mlp by
 * name; a mismatched model is an InputError naming the tensor and both shapes; and modelToSafetensors →
 * encode → decode → loadWeights gives back the same model.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mlp } from '../../src/nn/models.js';
import { loadWeights, modelToSafetensors } from '../../src/nn/weights.js';
import { Random } from '../../src/tensor/random.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsFile } from '../../src/util/safetensors.js';

const path = new URL('../fixtures/training/mlp-bn-adam.safetensors', import.meta.url);
const pytorchFile = (): SafetensorsFile => decodeSafetensors(readFileSync(path), 'mlp-bn-adam.safetensors');
const spec = { inputs: 20, hidden: [32, 16], outputs: 4, batchNorm: true };

test("PyTorch's weights load into mlp({ inputs: 20, hidden: [32, 16], outputs: 4, batchNorm: true }) by name", () => {
  const file = pytorchFile();
  const model = mlp({ ...spec, random: new Random(9) });
  loadWeights(model, file);
  assert.deepEqual(
    model.namedTensors().map(([name]) => name),
    [...file.tensors.keys()],
  );
  for (const [name, t] of model.namedTensors())
    assert.deepEqual(Array.from(t.data), Array.from(file.tensors.get(name)?.data ?? []), name);
  // PyTorch's fresh BatchNorm1d: γ = 1, β = 0, running mean 0, running variance 1.
  const own = new Map(model.namedTensors());
  assert.ok(own.get('1.weight')?.data.every((v) => v === 1) && own.get('1.running_var')?.data.every((v) => v === 1));
});

test('a mismatched model is an InputError naming the tensor and both shapes; nothing is loaded', () => {
  const file = pytorchFile();
  const wider = mlp({ ...spec, hidden: [64, 16] });
  const before = Array.from(wider.parameters()[0].data);
  assert.throws(() => loadWeights(wider, file), {
    name: 'InputError',
    message: "loadWeights: tensor '0.weight' has shape [32, 20] in the file but [64, 20] in the model",
  });
  assert.deepEqual(Array.from(wider.parameters()[0].data), before);
  assert.throws(() => loadWeights(mlp({ ...spec, batchNorm: false }), file), {
    name: 'InputError',
    message: "loadWeights: the file has no tensor '2.weight' (the model's is [16, 32])",
  });
  const fewer = new Map(file.tensors);
  fewer.delete('4.running_var');
  assert.throws(() => loadWeights(mlp(spec), { tensors: fewer, metadata: {} }), {
    name: 'InputError',
    message: "loadWeights: the file has no tensor '4.running_var' (the model's is [16])",
  });
  const extra = new Map(file.tensors);
  extra.set('7.weight', { dtype: 'F32', shape: [2, 2], data: new Float32Array(4) });
  assert.throws(() => loadWeights(mlp(spec), { tensors: extra, metadata: {} }), {
    name: 'InputError',
    message:
      /^loadWeights: the file's tensor '7\.weight' \(shape \[2, 2\]\) is not in the model, whose tensors are 0\.weight, 0\.bias, 1\.weight/,
  });
});

test('modelToSafetensors → bytes → loadWeights round trip, float32 and float64', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const source = mlp({ ...spec, dtype, random: new Random(1) });
    // Move the running statistics away from their initial values so that buffers are checked too.
    source.forward(
      new Tensor(
        Float64Array.from({ length: 8 * 20 }, (_, i) => Math.sin(i)),
        [8, 20],
      ).to(dtype),
    );
    assert.ok(source.namedBuffers()[0][1].data.some((v) => v !== 0));
    const tensors = modelToSafetensors(source);
    assert.equal(tensors.get('0.weight')?.dtype, dtype === 'float32' ? 'F32' : 'F64');
    assert.deepEqual(tensors.get('0.weight')?.shape, [32, 20]);
    const file = decodeSafetensors(encodeSafetensors(tensors));
    const target = mlp({ ...spec, dtype, random: new Random(2) });
    loadWeights(target, file);
    const expected = source.namedTensors();
    target.namedTensors().forEach(([name, t], i) => {
      assert.equal(name, expected[i][0]);
      assert.deepEqual(Array.from(t.data), Array.from(expected[i][1].data), name);
    });
  }
});

test('modelToSafetensors copies: training afterwards does not change the map', () => {
  const model = mlp({ inputs: 2, hidden: [3], outputs: 1 });
  const tensors = modelToSafetensors(model);
  const before = Array.from(tensors.get('0.weight')?.data ?? []);
  model.parameters()[0].data.fill(5);
  assert.deepEqual(Array.from(tensors.get('0.weight')?.data ?? []), before);
});

test('F32 weights load into a float64 model (converted)', () => {
  const model = mlp({ ...spec, dtype: 'float64' });
  loadWeights(model, pytorchFile());
  assert.equal(model.parameters()[0].data[0], pytorchFile().tensors.get('0.weight')?.data[0]);
});
