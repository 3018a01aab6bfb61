/** The race's surface on the main thread (for the contours and the hover readout): a formula that does not parse keeps the last good one. */
import { enableFormulas } from '../formulas';
import { parseFunctionSpec } from '../../../src/problems/expression';
import { createSurface, surfaceNames } from '../../../src/problems/registry';
import type { Surface } from '../../../src/problems/surface';

export const SURFACE_CHOICES = [...surfaceNames, 'formula'];

export type SurfaceResult = { surface: Surface; error?: undefined } | { surface?: undefined; error: string };

export function buildSurface(fn: string): SurfaceResult {
  enableFormulas();
  try {
    return { surface: createSurface(parseFunctionSpec(fn)) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** The select's value for a fn: its name when it is a named surface, else 'formula'. */
export function surfaceChoice(fn: string): string {
  const name = fn.split(':')[0].trim();
  return surfaceNames.includes(name) ? name : 'formula';
}
