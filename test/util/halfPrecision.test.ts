/**
 * F16 and BF16 safetensors: files PyTorch 1.13 wrote from .half() and .bfloat16() weights are read exactly
 * and load into the model; the writer rounds float32 values to the same 16-bit patterns as PyTorch
 * (test/fixtures/halfprecision/generate.py).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { mlp } from '../../src/nn/models.js';
import { loadWeights, modelToSafetensors } from '../../src/nn/weights.js';
import { Random } from '../../src/tensor/random.js';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../../src/util/safetensors.js';
import { bfloat16Bits, fromBfloat16Bits, fromHalfBits, halfBits } from '../../src/util/halfPrecision.js';

const fixture = (name: string) => new URL(`../fixtures/halfprecision/${name}`, import.meta.url);
const values = JSON.parse(readFileSync(fixture('values.json'), 'utf8')) as {
  files: Record<'F16' | 'BF16', Record<string, number[]>>;
  rounding: { float32Bits: number[]; F16: number[]; BF16: number[] };
};
const inputs = Float32Array.from(new Float32Array(Uint32Array.from(values.rounding.float32Bits).buffer));

for (const dtype of ['F16', 'BF16'] as const) {
  test(`reads PyTorch's ${dtype} file exactly, and the weights load into the same model`, () => {
    const file = decodeSafetensors(readFileSync(fixture(`model-${dtype.toLowerCase()}.safetensors`)));
    const expected = values.files[dtype];
    assert.deepEqual([...file.tensors.keys()], Object.keys(expected));
    for (const [name, t] of file.tensors) {
      assert.equal(t.dtype, dtype);
      assert.ok(t.data instanceof Float32Array);
      assert.deepEqual(Array.from(t.data), expected[name], name);
    }
    assert.deepEqual(file.tensors.get('0.weight')?.shape, [4, 3]);
    const model = mlp({ inputs: 3, hidden: [4], outputs: 2, random: new Random(1) });
    loadWeights(model, file);
    assert.deepEqual(Array.from(model.namedParameters()[2][1].data), expected['2.weight']);
  });

  test(`writes ${dtype} with PyTorch's rounding (ties to even, subnormals, overflow), bit for bit`, () => {
    const toBits = dtype === 'F16' ? halfBits : bfloat16Bits;
    assert.deepEqual(Array.from(inputs, toBits), values.rounding[dtype]);
    // Through a file: the bytes hold those patterns; reading widens them back to the values PyTorch gives.
    const bytes = encodeSafetensors(
      new Map<string, NamedTensor>([['x', { dtype, shape: [inputs.length], data: inputs }]]),
    );
    const read = decodeSafetensors(bytes).tensors.get('x') as NamedTensor;
    const fromBits = dtype === 'F16' ? fromHalfBits : fromBfloat16Bits;
    assert.deepEqual(Array.from(read.data), values.rounding[dtype].map(fromBits));
  });
}

test('modelToSafetensors stores a model as F16 on request; a file of 2-byte values, within half an F16 step', () => {
  const model = mlp({ inputs: 3, hidden: [4], outputs: 2, random: new Random(2) });
  const bytes = encodeSafetensors(modelToSafetensors(model, 'F16'));
  const single = encodeSafetensors(modelToSafetensors(model));
  const read = decodeSafetensors(bytes);
  for (const [name, t] of model.namedTensors()) {
    const stored = read.tensors.get(name) as NamedTensor;
    assert.equal(stored.dtype, 'F16');
    // |x| < 1 here: F16's spacing is at most 2^−11 below 1, so rounding moves a value by at most 2^−12.
    t.data.forEach((v, i) => assert.ok(Math.abs(stored.data[i] - v) <= 2 ** -12, `${name}[${i}]`));
  }
  const count = model.namedTensors().reduce((n, [, t]) => n + t.size, 0);
  assert.ok(single.length - bytes.length >= 2 * count - 8, 'two bytes less per value (header lengths aside)');
});
