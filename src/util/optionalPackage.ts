/**
 * Heavy packages that only one feature needs — mathjs to parse formula surfaces, @napi-rs/canvas to draw
 * PNG and GIF files — are optional peer dependencies: `npm install downhill` leaves them out, and they load
 * on first use. A missing one is one line naming the package and the feature that needs it.
 *
 * In Node they load synchronously through `require` (Node ≥ 20.16 hands it over as
 * process.getBuiltinModule('node:module'), so this file imports nothing from Node and the core stays
 * browser-safe). A browser bundle has no require: the page imports the package itself and hands it over
 * with provideOptionalPackage, e.g. `provideOptionalPackage('mathjs/number', await import('mathjs/number'))`.
 */
import { InputError } from '../errors.js';

const provided = new Map<string, unknown>();

/** Makes `module` the one optionalPackage(`specifier`) returns (a browser bundle's own import of it). */
export function provideOptionalPackage(specifier: string, module: unknown): void {
  provided.set(specifier, module);
}

/** The module `specifier` (loaded once), or an InputError naming its package and `feature`. */
export function optionalPackage<T>(specifier: string, feature: string): T {
  if (provided.has(specifier)) return provided.get(specifier) as T;
  const load = nodeRequire();
  if (load === undefined) {
    throw new InputError(
      `${feature} needs the package ${packageName(specifier)}: install it and call provideOptionalPackage('${specifier}', await import('${specifier}')) first`,
    );
  }
  try {
    const module = load(specifier);
    provided.set(specifier, module);
    return module as T;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw error;
    throw new InputError(
      `${feature} needs the package ${packageName(specifier)}, which is not installed: npm install ${packageName(specifier)}`,
    );
  }
}

/** 'mathjs/number' → 'mathjs'; '@napi-rs/canvas' → '@napi-rs/canvas'. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return parts.slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
}

interface NodeModuleApi {
  createRequire(from: string): (specifier: string) => unknown;
}

/** Node's require, resolving from this file (so from downhill's own node_modules); undefined outside Node. */
function nodeRequire(): ((specifier: string) => unknown) | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process;
  const moduleApi = process?.getBuiltinModule?.('node:module') as NodeModuleApi | undefined;
  return moduleApi?.createRequire(import.meta.url);
}
