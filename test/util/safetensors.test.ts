/** The safetensors codec: files written by PyTorch's side read back, round trips, and every malformed file named. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../../src/util/safetensors.js';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/training/${name}`, import.meta.url)));
const runs = JSON.parse(readFileSync(new URL('../fixtures/training/runs.json', import.meta.url), 'utf8'));

test('reads the initial weights PyTorch wrote: names, [out, in] layouts and values of nn.Sequential', () => {
  const { tensors } = decodeSafetensors(fixture('mlp-bn-adam.safetensors'));
  assert.deepEqual([...tensors.keys()].sort(), [
    '0.bias',
    '0.weight',
    '1.bias',
    '1.running_mean',
    '1.running_var',
    '1.weight',
    '3.bias',
    '3.weight',
    '4.bias',
    '4.running_mean',
    '4.running_var',
    '4.weight',
    '6.bias',
    '6.weight',
  ]);
  assert.deepEqual(tensors.get('0.weight')!.shape, [32, 20]);
  assert.deepEqual(tensors.get('6.weight')!.shape, [4, 16]);
  // BatchNorm1d starts with weight 1, bias 0, running mean 0 and running variance 1.
  assert.ok(tensors.get('1.weight')!.data.every((v) => v === 1));
  assert.ok(tensors.get('1.running_var')!.data.every((v) => v === 1));
  // PyTorch's default Linear init draws from U(−1/√in, 1/√in): |w| ≤ 1/√20 for the first layer.
  const w0 = tensors.get('0.weight')!.data;
  assert.ok(w0.every((v) => Math.abs(v) <= 1 / Math.sqrt(20)) && new Set(w0).size > 600);
  assert.ok(runs.runs.length === 4);
});

test('encode → decode round-trips F32 and F64 tensors, metadata, and aligns the data section to 8 bytes', () => {
  const tensors = new Map<string, NamedTensor>([
    ['w', { dtype: 'F32', shape: [2, 3], data: Float32Array.of(1, -2, 3.5, 0, -0, 1e-30) }],
    ['b', { dtype: 'F64', shape: [3], data: Float64Array.of(Math.PI, -1e300, 5e-324) }],
    ['empty', { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) }],
  ]);
  const bytes = encodeSafetensors(tensors, { format: 'pt' });
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal((8 + headerLength) % 8, 0);
  const back = decodeSafetensors(bytes);
  assert.deepEqual(back.metadata, { format: 'pt' });
  for (const [name, t] of tensors) {
    const b = back.tensors.get(name)!;
    assert.equal(b.dtype, t.dtype);
    assert.deepEqual(b.shape, t.shape);
    assert.ok(
      b.data.every((v, i) => Object.is(v, t.data[i])),
      name,
    );
  }
});

test('malformed files are named, with what is wrong', () => {
  const good = encodeSafetensors(new Map([['w', { dtype: 'F32', shape: [4], data: Float32Array.of(1, 2, 3, 4) }]]));
  const withHeader = (header: string) => {
    const text = new TextEncoder().encode(header);
    const out = new Uint8Array(8 + text.length + 16);
    new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
    out.set(text, 8);
    return out;
  };
  const cases: [Uint8Array, RegExp][] = [
    [good.subarray(0, 5), /fewer than the 8-byte header length/],
    [good.subarray(0, 20), /header claims \d+ bytes but the file has 12 after the length \(truncated\?\)/],
    [good.subarray(0, good.length - 4), /tensor 'w' ends at byte 16 of a 12-byte data section \(truncated\?\)/],
    [withHeader('{"w": '), /header is not valid JSON/],
    [withHeader('[1]'), /header is not a JSON object/],
    [withHeader('{"w": {"dtype": "I64", "shape": [2], "data_offsets": [0, 16]}}'), /dtype "I64"; supported: F32, F64/],
    [
      withHeader('{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 16]}}'),
      /needs 12 bytes, its offsets give 16/,
    ],
    [
      withHeader(
        '{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}',
      ),
      /'a' and 'b' overlap/,
    ],
  ];
  for (const [bytes, message] of cases) {
    assert.throws(
      () => decodeSafetensors(bytes, 'w.safetensors'),
      (e: Error) => e.message.startsWith('w.safetensors is not a valid safetensors file') && message.test(e.message),
    );
  }
});
