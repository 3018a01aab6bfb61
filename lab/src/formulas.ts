/**
 * Formula surfaces parse with mathjs, an optional package of the library (src/util/optionalPackage.ts):
 * the browser has no require, so the lab bundles mathjs's number build and hands it over. Called before a
 * surface is built from a spec (a call, not an import for its effect: the package declares which of its
 * files have side effects, and bundlers drop the others' bare imports).
 */
import * as mathjsNumber from 'mathjs/number';
import { provideOptionalPackage } from '../../src/util/optionalPackage';

export function enableFormulas(): void {
  provideOptionalPackage('mathjs/number', mathjsNumber);
}
