/**
 * The IDX file format of MNIST and Fashion-MNIST (LeCun et al., http://yann.lecun.com/exdb/mnist/):
 *
 *   bytes 0–1   zero
 *   byte 2      element type: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
 *   byte 3      number of dimensions d
 *   4·d bytes   the dimensions, big-endian uint32
 *   the data    ∏ dims elements, big-endian, row-major (last dimension fastest)
 *
 * so labels start 0x00000801 (uint8, one dimension) and images 0x00000803 (uint8, count × rows × cols).
 * The files are usually distributed gzip-compressed; input starting with the gzip magic bytes 1f 8b is
 * decompressed first (fflate, which runs in the browser too).
 */
import { gunzipSync } from 'fflate';
import { InputError } from '../errors.js';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  /** The element type's name: 'uint8', 'int8', 'int16', 'int32', 'float32' or 'float64'. */
  type: string;
  dims: number[];
  data: IdxData;
}

interface ElementType {
  name: string;
  bytes: number;
  create(length: number): IdxData;
  read(view: DataView, offset: number): number;
}

const ELEMENT_TYPES: Record<number, ElementType> = {
  0x08: { name: 'uint8', bytes: 1, create: (n) => new Uint8Array(n), read: (v, o) => v.getUint8(o) },
  0x09: { name: 'int8', bytes: 1, create: (n) => new Int8Array(n), read: (v, o) => v.getInt8(o) },
  0x0b: { name: 'int16', bytes: 2, create: (n) => new Int16Array(n), read: (v, o) => v.getInt16(o, false) },
  0x0c: { name: 'int32', bytes: 4, create: (n) => new Int32Array(n), read: (v, o) => v.getInt32(o, false) },
  0x0d: { name: 'float32', bytes: 4, create: (n) => new Float32Array(n), read: (v, o) => v.getFloat32(o, false) },
  0x0e: { name: 'float64', bytes: 8, create: (n) => new Float64Array(n), read: (v, o) => v.getFloat64(o, false) },
};

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** `bytes` decompressed when they are gzip, else unchanged; `name` labels the error of a corrupt stream. */
export function maybeGunzip(bytes: Uint8Array, name = 'input'): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new InputError(`${name}: not a valid gzip stream (${(error as Error).message})`);
  }
}

/** Parses an IDX file (gzip-compressed or not); `name` (the file name) starts every error message. */
export function parseIdx(input: Uint8Array, name = 'IDX file'): IdxArray {
  const bytes = maybeGunzip(input, name);
  if (bytes.length < 4)
    throw new InputError(`${name}: ${bytes.length} bytes is too short for the 4-byte IDX magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0)
    throw new InputError(`${name}: bad IDX magic number 0x${hex(bytes, 0, 4)} (must start 0x0000)`);
  const type = ELEMENT_TYPES[bytes[2]];
  if (type === undefined) {
    throw new InputError(
      `${name}: bad IDX magic number 0x${hex(bytes, 0, 4)}: element type 0x${hex(bytes, 2, 1)} is not one of 08, 09, 0b, 0c, 0d, 0e`,
    );
  }
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new InputError(
      `${name}: truncated header: ${rank} dimensions need ${headerBytes} header bytes, the file has ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const dataBytes = count * type.bytes;
  const actual = bytes.length - headerBytes;
  if (actual !== dataBytes) {
    const problem = actual < dataBytes ? 'truncated' : 'longer than its dimensions say';
    throw new InputError(
      `${name}: ${problem}: dimensions ${dims.join('×')} of ${type.name} need ${dataBytes} data bytes, the file has ${actual}`,
    );
  }
  return { type: type.name, dims, data: readData(bytes, headerBytes, count, type, view) };
}

function readData(bytes: Uint8Array, offset: number, count: number, type: ElementType, view: DataView): IdxData {
  const out = type.create(count);
  // Single bytes have no byte order: copy them straight (the common case, MNIST's pixels and labels).
  if (type.name === 'uint8') {
    out.set(bytes.subarray(offset, offset + count));
    return out;
  }
  for (let i = 0; i < count; i++) out[i] = type.read(view, offset + i * type.bytes);
  return out;
}

/** An IDX label file (magic 0x00000801): one uint8 label per example. */
export function parseIdxLabels(input: Uint8Array, name = 'IDX label file'): Uint8Array {
  const { type, dims, data } = parseIdx(input, name);
  expectShape(name, type, dims, 1, '0x00000801 (uint8 labels, 1 dimension)');
  return data as Uint8Array;
}

/** An IDX image file (magic 0x00000803): count × rows × cols uint8 pixels, row-major. */
export function parseIdxImages(
  input: Uint8Array,
  name = 'IDX image file',
): { count: number; rows: number; cols: number; pixels: Uint8Array } {
  const { type, dims, data } = parseIdx(input, name);
  expectShape(name, type, dims, 3, '0x00000803 (uint8 images, 3 dimensions)');
  return { count: dims[0], rows: dims[1], cols: dims[2], pixels: data as Uint8Array };
}

function expectShape(name: string, type: string, dims: number[], rank: number, expected: string): void {
  if (type !== 'uint8' || dims.length !== rank) {
    throw new InputError(
      `${name}: expected magic number ${expected}, got ${type} with ${dims.length} dimension${dims.length === 1 ? '' : 's'}`,
    );
  }
}

function hex(bytes: Uint8Array, start: number, length: number): string {
  return Array.from(bytes.subarray(start, start + length), (b) => b.toString(16).padStart(2, '0')).join('');
}
