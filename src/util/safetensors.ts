/**
 * The safetensors format (Hugging Face, https://github.com/huggingface/safetensors), so that weights
 * move between downhill and PyTorch:
 *
 *   [8 bytes: N, little-endian uint64] [N bytes: JSON header] [raw little-endian tensor data]
 *   header = { "<name>": { "dtype": "F32", "shape": [out, in], "data_offsets": [begin, end] }, …,
 *              "__metadata__": { "<key>": "<string>" } }   (offsets relative to the data section)
 *
 * Files from here pad the header with spaces to a multiple of 8 bytes, as the reference writer does, so
 * every tensor's data is aligned for a typed-array view.
 *
 * Half precision, as PyTorch users save weights: F16 (IEEE 754 binary16) and BF16 (bfloat16, float32's
 * upper 16 bits) are read into Float32Array, exactly (both widen to float32 without rounding), and written
 * when a tensor asks for them, rounded to nearest with ties to even as PyTorch's .half() and .bfloat16() do
 * (src/util/halfPrecision.ts).
 */
import { InputError } from '../errors.js';
import { bfloat16Bits, fromBfloat16Bits, fromHalfBits, halfBits } from './halfPrecision.js';

export type SafetensorsDType = 'F32' | 'F64' | 'F16' | 'BF16';

export interface NamedTensor {
  /** How the values are stored in the file; F16 and BF16 are read into (and written from) float32 values. */
  dtype: SafetensorsDType;
  shape: number[];
  data: Float32Array | Float64Array;
}

export interface SafetensorsFile {
  tensors: Map<string, NamedTensor>;
  metadata: Record<string, string>;
}

const BYTES: Record<SafetensorsDType, number> = { F32: 4, F64: 8, F16: 2, BF16: 2 };
/** Larger headers than the reference implementation's 100 MB limit are rejected as malformed. */
const MAX_HEADER = 100_000_000;

export function encodeSafetensors(
  tensors: Map<string, NamedTensor>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.data.length)
      throw new InputError(`safetensors: tensor '${name}' has shape [${t.shape}] but ${t.data.length} values`);
    const bytes = size * BYTES[t.dtype];
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors.values()) {
    writeLittleEndian(view, at, t);
    at += t.data.length * BYTES[t.dtype];
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors file'): SafetensorsFile {
  const fail = (why: string): never => {
    throw new InputError(`${source} is not a valid safetensors file: ${why}`);
  };
  if (bytes.length < 8) fail(`it has ${bytes.length} bytes, fewer than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
    fail(`its header claims ${headerLength} bytes but the file has ${bytes.length - 8} after the length (truncated?)`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch {
    return fail('its header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('its header is not a JSON object');
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors = new Map<string, NamedTensor>();
  let metadata: Record<string, string> = {};
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const {
      dtype,
      shape,
      data_offsets: offsets,
    } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !Object.hasOwn(BYTES, dtype))
      fail(`tensor '${name}' has dtype ${JSON.stringify(dtype)}; supported: ${Object.keys(BYTES).join(', ')}`);
    const d = dtype as SafetensorsDType;
    const okShape = Array.isArray(shape) && shape.every((s) => Number.isInteger(s) && s >= 0);
    const okOffsets =
      Array.isArray(offsets) && offsets.length === 2 && offsets.every((o) => Number.isInteger(o) && o >= 0);
    if (!okShape || !okOffsets) fail(`tensor '${name}' needs an integer shape and two data_offsets`);
    const [begin, end] = offsets as [number, number];
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== size * BYTES[d])
      fail(`tensor '${name}' of shape [${shape}] needs ${size * BYTES[d]} bytes, its offsets give ${end - begin}`);
    if (end > dataLength)
      fail(`tensor '${name}' ends at byte ${end} of a ${dataLength}-byte data section (truncated?)`);
    ranges.push([begin, end, name]);
    tensors.set(name, { dtype: d, shape: shape as number[], data: readLittleEndian(view, dataStart + begin, size, d) });
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++) {
    if (ranges[i][0] < ranges[i - 1][1]) fail(`tensors '${ranges[i - 1][2]}' and '${ranges[i][2]}' overlap`);
  }
  return { tensors, metadata };
}

function writeLittleEndian(view: DataView, at: number, t: NamedTensor): void {
  const data = t.data;
  if (t.dtype === 'F32') for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i], true);
  else if (t.dtype === 'F64') for (let i = 0; i < data.length; i++) view.setFloat64(at + 8 * i, data[i], true);
  else {
    const toBits = t.dtype === 'F16' ? halfBits : bfloat16Bits;
    for (let i = 0; i < data.length; i++) view.setUint16(at + 2 * i, toBits(data[i]), true);
  }
}

function readLittleEndian(
  view: DataView,
  at: number,
  size: number,
  dtype: SafetensorsDType,
): Float32Array | Float64Array {
  if (dtype === 'F32') {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = view.getFloat32(at + 4 * i, true);
    return out;
  }
  if (dtype === 'F16' || dtype === 'BF16') {
    const widen = dtype === 'F16' ? fromHalfBits : fromBfloat16Bits;
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = widen(view.getUint16(at + 2 * i, true));
    return out;
  }
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) out[i] = view.getFloat64(at + 8 * i, true);
  return out;
}
