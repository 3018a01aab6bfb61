/** Messages between the playground page and its training worker. */
import type { RunSettings } from './trainer';

export type PlaygroundCommand =
  | { type: 'configure'; settings: RunSettings }
  | { type: 'limits'; epoch: number; loss: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'rewind' }
  | { type: 'weights' };

export interface PlaygroundSnapshot {
  type: 'snapshot';
  epoch: number;
  /** Every epoch so far, as [epoch, train loss, test loss] triples (transferred). */
  history: Float64Array;
  /** Each class's score at each grid point (BOUNDARY_GRID² rows of classColors.length). */
  boundary: Float32Array;
  /** The colour index of each class (CLASS_COLORS). */
  classColors: number[];
  /** The hidden neurons' maps, one after the other (NEURON_GRID² values each). */
  neurons: Float32Array;
  layerSizes: number[];
  extent: number;
  diverged: { step: number; epoch: number } | null;
  epochsPerSecond: number;
  playing: boolean;
}

export interface PlaygroundData {
  type: 'data';
  /** x, y and the class's colour index per point. */
  train: Float32Array;
  test: Float32Array;
}

export type PlaygroundReply =
  PlaygroundSnapshot | PlaygroundData | { type: 'weights'; bytes: Uint8Array } | { type: 'error'; message: string };
