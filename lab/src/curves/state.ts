/** The curves page's settings: how the metrics are drawn, and whether the bundled example run is shown. */
import { boolean, choice, number, settingsTable } from '../../../src/config/settings';
import type { StateOf } from '../state/url';

export const curvesSettings = settingsTable('curves', {
  source: choice(['file', 'example'], {
    default: 'file',
    help: 'a metrics.jsonl chosen or dropped, or the example run',
  }),
  log: boolean({ default: true, help: 'log scale for the losses and the learning rate' }),
  smoothing: number({ default: 0, min: 0, max: 0.99, help: "exponential smoothing weight (TensorBoard's)" }),
});

export type CurvesState = StateOf<typeof curvesSettings>;
