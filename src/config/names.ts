/**
 * How names typed by people are matched: case, '_' and '-' do not matter, so `cosineWarmRestarts`,
 * `cosine_warm_restarts` and `CosineWarmRestarts` all name the same schedule; and PyTorch's snake_case
 * option names (`weight_decay`, `T_max`) are read as downhill's camelCase ones (`weightDecay`, `tMax`).
 */
import { InputError } from '../errors.js';

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** `weight_decay` → `weightDecay`, `T_max` → `tMax`, `T_0` → `t0`; names without '_' are left alone. */
export function camelCase(name: string): string {
  if (!name.includes('_')) return name;
  const [first, ...rest] = name.split('_').filter((part) => part.length > 0);
  return first.toLowerCase() + rest.map((part) => part[0].toUpperCase() + part.slice(1)).join('');
}

/** The same object with every key camelCased; two keys that collide (`lr_decay` and `lrDecay`) are an error. */
export function camelCaseKeys(owner: string, options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const camel = camelCase(key);
    if (Object.hasOwn(out, camel)) throw new InputError(`${owner}: option '${camel}' is given twice (as '${key}' too)`);
    setOwn(out, camel, value);
  }
  return out;
}

/**
 * `object[key] = value` as an own, enumerable property whatever the key: a key read from the user's JSON or
 * command line such as `__proto__` is data, never the object's prototype.
 */
export function setOwn(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}
