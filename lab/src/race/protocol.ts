/** Messages between the race page and its simulation worker. */
import type { Spec } from '../../../src/config/spec';
import type { CriticalKind } from '../../../src/problems/classify';
import type { GlyphArrays, GlyphName } from '../../../src/plot/glyphs';

export interface RaceRequest {
  id: number;
  fn: string;
  start: [number, number];
  steps: number;
  racers: Spec[];
  schedule: string;
  /** The glyphs the map shows: the worker records their vectors along each path. */
  glyphs: GlyphName[];
}

/** One racer's run: points flat as x0, y0, x1, y1, … and the loss at each (transferred, not copied). */
export interface RacePath {
  points: Float64Array;
  loss: Float64Array;
  /** The 1-based step that left the finite numbers, or 0. */
  diverged: number;
  /** Why the racer could not run (a bad option), or ''. */
  error: string;
  /** The requested glyphs this optimizer has, one vector per point (float32: they are only drawn). */
  glyphs: GlyphArrays;
}

export interface FoundPoint {
  x: number;
  y: number;
  kind: CriticalKind;
  value: number;
}

export type RaceReply =
  | { type: 'paths'; id: number; start: [number, number]; paths: RacePath[]; computeMs: number }
  | { type: 'critical'; fn: string; points: FoundPoint[] }
  | { type: 'error'; id: number; message: string };
