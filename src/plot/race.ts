/**
 * The race figure: several optimizers from one start on one surface. Filled contours with a colour bar, the
 * known minima as stars, each optimizer's path in its own colour, and a legend beside the plot naming each
 * one with its hyperparameters and how it ended (its final loss, or the step at which it diverged). As an
 * animation the paths grow, with a step counter above the legend.
 */
import type { Point, Surface, Window } from '../problems/surface.js';
import type { TraceResult } from '../trace/trace.js';
import { frameSchedule, type AnimatedPath, type Animation } from './animation.js';
import { PATH_COLORS } from './colors.js';
import { formatSignificant } from './format.js';
import { glyphMarks, glyphsInPixels, type GlyphArrays } from './glyphs.js';
import { colorBarMarks, legendMarks, type LegendEntry } from './legend.js';
import { marker, pathPixels } from './marks.js';
import { figureTitle, headMarker, MINIMUM_MARKER, START_MARKER, surfacePanel } from './panel.js';
import type { Mark, Rect } from './scene.js';

export interface RaceRun {
  label: string;
  /** Lines under the label: hyperparameters, schedule. */
  details: readonly string[];
  trace: TraceResult;
  /** Glyph vectors at each point of the path (the lab's race, when it shows them). */
  glyphs?: GlyphArrays;
}

export interface RaceInput {
  surface: Pick<Surface, 'value' | 'minima'>;
  window: Window;
  start: Point;
  steps: number;
  runs: readonly RaceRun[];
  title: string;
  subtitle?: string;
}

export const RACE_WIDTH = 960;
export const RACE_HEIGHT = 640;
const PLOT: Rect = { x: 72, y: 72, width: 520, height: 510 };
const COLOR_BAR: Rect = { x: PLOT.x + PLOT.width + 18, y: PLOT.y + 22, width: 14, height: PLOT.height - 22 };
const LEGEND_X = 712;
const LEGEND_WIDTH = RACE_WIDTH - LEGEND_X - 16;

export function raceAnimation(input: RaceInput): Animation {
  const panel = surfacePanel((x, y) => input.surface.value(x, y), input.window, PLOT);
  const paths: AnimatedPath[] = input.runs.map((run, k) => {
    const color = PATH_COLORS[k % PATH_COLORS.length];
    const glyphs = run.glyphs === undefined ? undefined : glyphsInPixels(run.glyphs, panel);
    return {
      pixels: pathPixels(run.trace.points, panel.x, panel.y, PLOT),
      style: { color, width: 2.25 },
      label: run.label,
      clip: PLOT,
      head: headMarker(color),
      ...(glyphs === undefined
        ? {}
        : { glyphs: (at: number, hx: number, hy: number) => glyphMarks(glyphs, at, hx, hy, color, panel) }),
    };
  });
  const start = marker(panel.x(input.start[0]), panel.y(input.start[1]), START_MARKER, 'start');
  const minima = visibleMinima(input.surface.minima, input.window).map(([mx, my]) =>
    marker(panel.x(mx), panel.y(my), MINIMUM_MARKER, 'minimum'),
  );
  const legend = legendMarks(legendEntries(input), LEGEND_X, PLOT.y + 22, LEGEND_WIDTH);
  const base: Mark[] = [
    ...figureTitle(PLOT.x, input.title, input.subtitle),
    ...panel.marks,
    ...colorBarMarks(panel.levels, COLOR_BAR, 'loss'),
    ...legend.marks,
  ];
  return {
    width: RACE_WIDTH,
    height: RACE_HEIGHT,
    background: '#ffffff',
    base,
    paths,
    overlay: [{ kind: 'group', clip: PLOT, marks: [start, ...minima] }],
    frames: frameSchedule(input.steps),
    // Just above the plot's right corner, so the box of changed pixels per frame stays near the plot.
    counter: { x: PLOT.x + PLOT.width, y: PLOT.y - 8, total: input.steps },
  };
}

function legendEntries(input: RaceInput): LegendEntry[] {
  const runs: LegendEntry[] = input.runs.map((run, k) => ({
    label: run.label,
    details: [...run.details, outcome(run.trace, input.steps)],
    swatch: { kind: 'line', color: PATH_COLORS[k % PATH_COLORS.length] },
  }));
  const markers: LegendEntry[] = [{ label: 'start', swatch: { kind: 'marker', style: START_MARKER } }];
  const minima = visibleMinima(input.surface.minima, input.window).length;
  if (minima > 0)
    markers.push({ label: minima > 1 ? 'minima' : 'minimum', swatch: { kind: 'marker', style: MINIMUM_MARKER } });
  return [...runs, ...markers];
}

/** "loss 3.1e−4 at step 300", or "diverged at step 37" for a run that left the finite numbers. */
export function outcome(trace: TraceResult, steps: number): string {
  if (trace.diverged) return `diverged at step ${trace.diverged.step}`;
  return `loss ${formatSignificant(trace.loss[trace.loss.length - 1])} at step ${steps}`;
}

function visibleMinima(minima: readonly Point[], window: Window): Point[] {
  return minima.filter(([x, y]) => x >= window.x[0] && x <= window.x[1] && y >= window.y[0] && y <= window.y[1]);
}
