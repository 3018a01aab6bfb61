/**
 * The one-line spec that the CLI uses for a function, an optimizer or a schedule:
 * `name:key=value,key=value`, e.g. `adam:lr=0.01,betas=[0.9,0.999],amsgrad=true` or `rosenbrock:b=10`.
 * Values are numbers, true/false, null, [arrays] or bare strings (`lineSearchFn=strong_wolfe`).
 */
import { InputError } from '../errors.js';
import { setOwn } from './names.js';

export interface Spec {
  name: string;
  [option: string]: unknown;
}

export function parseSpec(kind: string, text: string): Spec {
  const colon = text.indexOf(':');
  const name = (colon < 0 ? text : text.slice(0, colon)).trim();
  if (name === '') throw new InputError(`${kind} spec '${text}' has no name; write it as name:key=value,…`);
  const spec: Spec = { name };
  if (colon < 0) return spec;
  for (const pair of splitTopLevel(text.slice(colon + 1))) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    if (eq < 0 || key === '') throw new InputError(`${kind} spec '${text}': '${pair}' is not key=value`);
    if (Object.hasOwn(spec, key)) throw new InputError(`${kind} spec '${text}': '${key}' is given twice`);
    setOwn(spec, key, parseValue(pair.slice(eq + 1).trim()));
  }
  return spec;
}

/** Splits on commas that are not inside [brackets], so `betas=[0.9,0.999]` stays whole. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') depth--;
    else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

function parseValue(text: string): unknown {
  if (text === 'true' || text === 'false' || text === 'null' || text.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch {
      throw new InputError(`'${text}' is not a valid value; arrays are written [1,2]`);
    }
  }
  const number = Number(text);
  return text !== '' && !Number.isNaN(number) ? number : text;
}
