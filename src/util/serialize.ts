/**
 * Lossless JSON encoding for optimizer and schedule state.
 *
 * Typed arrays become `{ "$typed": "float64", "values": [...] }`, and the numbers JSON cannot write become
 * `{ "$number": "Infinity" }` (likewise −Infinity, NaN and −0). Other doubles survive JSON exactly
 * (JavaScript prints the shortest string that reads back to the same double), so a state that goes
 * through `JSON.stringify` and back resumes a run bit for bit.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type TypedName = 'float64' | 'float32';

export function encodeState(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return { $number: '-0' }; // JSON writes −0 as 0
    return Number.isFinite(value) ? value : { $number: String(value) };
  }
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Float64Array) return { $typed: 'float64', values: Array.from(value, encodeNumber) };
  if (value instanceof Float32Array) return { $typed: 'float32', values: Array.from(value, encodeNumber) };
  if (Array.isArray(value)) return value.map(encodeState);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = encodeState(v);
    return out;
  }
  throw new TypeError(`cannot encode a ${typeof value} in a state dict`);
}

export function decodeState(value: JsonValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeState);
  if (typeof value.$number === 'string') return Number(value.$number);
  if (typeof value.$typed === 'string' && Array.isArray(value.values)) {
    const values = value.values.map((v) => decodeState(v) as number);
    return (value.$typed as TypedName) === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = decodeState(v);
  return out;
}

function encodeNumber(x: number): JsonValue {
  return encodeState(x);
}
