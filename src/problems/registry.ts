/** The named 2-D surfaces, as a config or the CLI names them: `{"name": "rosenbrock", "a": 1, "b": 100}`. */
import { lookupName } from '../config/names.js';
import { resolveOptions } from '../optim/options.js';
import { beale } from './beale.js';
import { himmelblau } from './himmelblau.js';
import { quadratic } from './quadratic.js';
import { rastrigin } from './rastrigin.js';
import { rosenbrock } from './rosenbrock.js';
import { saddle } from './saddle.js';
import type { Surface } from './surface.js';

interface SurfaceEntry {
  /** The surface's parameters and their defaults. */
  defaults: Record<string, number>;
  create(params: Record<string, number>): Surface;
}

const surfaces: Record<string, SurfaceEntry> = {
  quadratic: { defaults: { a: 1, b: 10 }, create: quadratic },
  rosenbrock: { defaults: { a: 1, b: 100 }, create: rosenbrock },
  beale: { defaults: {}, create: beale },
  himmelblau: { defaults: {}, create: himmelblau },
  saddle: { defaults: {}, create: saddle },
  rastrigin: { defaults: {}, create: rastrigin },
};

export const surfaceNames = Object.keys(surfaces);

export function createSurface(spec: { name: string; [param: string]: unknown }): Surface {
  const { name, ...params } = spec;
  const entry = lookupName('function', surfaces, name);
  return entry.create(resolveOptions(String(name), entry.defaults, params));
}
