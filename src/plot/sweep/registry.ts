/**
 * The figures of a sweep, by name (its file name in the sweep's figures/ folder): what `downhill tune` draws
 * at the end and `downhill tune figures` redraws, and what the lab's Curves page shows for a sweep. Each is
 * drawn from a SweepRecord (src/plot/sweep/record.ts), so the same code serves the CLI and the browser.
 */
import { registry, type RegistryEntry } from '../../config/registry.js';
import type { Figure } from '../figure.js';
import { historyFigure } from './history.js';
import { learningCurvesFigure } from './learningCurves.js';
import { rungLadderFigure } from './rungLadder.js';
import { parallelCoordinatesFigure } from './parallelCoordinates.js';
import { heatMapFigure } from './heatMap.js';
import { importanceFigure } from './importance.js';
import { timelineFigure } from './timeline.js';
import type { SweepRecord } from './record.js';

export interface SweepFigureEntry extends RegistryEntry {
  build(record: SweepRecord): Figure;
}

export const sweepFigures = registry<SweepFigureEntry>('sweep figure', {
  history: { summary: 'optimization history: the value of each trial and the best so far', build: historyFigure },
  'learning-curves': {
    summary: 'learning curves of all trials, pruned ones grey, ending in a cross',
    build: learningCurvesFigure,
  },
  'rung-ladder': {
    summary: "trials as lines through the scheduler's rungs, each stop with its cutoff",
    build: rungLadderFigure,
  },
  'parallel-coordinates': {
    summary: 'each trial a line through its settings (log axes for log ranges) to its value, coloured by it',
    build: parallelCoordinatesFigure,
  },
  'heat-map': {
    summary: 'the metric over learning rate × weight decay, or the two most important settings',
    build: heatMapFigure,
  },
  importance: {
    summary: "each setting's share of the metric's variance, explained alone (epsilon squared)",
    build: importanceFigure,
  },
  timeline: {
    summary: 'the segments each worker slot ran, over wall time',
    build: timelineFigure,
  },
});
