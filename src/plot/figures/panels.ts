/**
 * The layout of the course's multi-panel surface figures: a grid of panels over the same surface and window
 * (shared colour levels, so a colour means the same loss everywhere), each with its own paths, start and
 * minimum markers and a title with its settings; a colour bar and a legend in a column on the right; the
 * paths growing together in the animation, with one step counter.
 */
import type { Point, Window } from '../../problems/surface.js';
import { frameSchedule, type AnimatedPath, type Animation } from '../animation.js';
import { colorBarMarks, legendMarks, type LegendEntry } from '../legend.js';
import type { Levels } from '../contours.js';
import { marker, pathPixels } from '../marks.js';
import {
  figureTitle,
  gridPlots,
  headMarker,
  MINIMUM_MARKER,
  panelTitle,
  sharedLevels,
  START_MARKER,
  surfacePanel,
  type SurfacePanel,
} from '../panel.js';
import type { Mark, Rect } from '../scene.js';

export interface PanelPath {
  points: readonly Point[];
  color: string;
  label: string;
  width?: number;
}

export interface PanelSpec {
  /** This panel's own window (the figure's otherwise); the colour levels stay the figure's. */
  window?: Window;
  /** This panel's start marker (the figure's otherwise; null for none). */
  start?: Point | null;
  title: string;
  subtitle?: string;
  paths: readonly PanelPath[];
  /** Extra static marks drawn over the contours, given the panel's scales (arrows, labels). */
  decorate?: (panel: SurfacePanel) => Mark[];
}

export interface PanelsFigureSpec {
  title: string;
  subtitle?: string;
  f: (x: number, y: number) => number;
  window: Window;
  minima: readonly Point[];
  /** Where every path starts (drawn as the start marker in each panel). */
  start?: Point;
  rows: number;
  cols: number;
  panels: readonly PanelSpec[];
  /** The step budget: the animation's last frame. */
  steps: number;
  legend: readonly LegendEntry[];
  /** Plot area size of one panel. */
  panelWidth?: number;
  panelHeight?: number;
}

const LEFT = 70;
const TOP = 108;
const GAP_X = 28;
/** Between panels whose y axes differ: room for the right panel's tick labels and y label. */
const GAP_X_OWN_AXES = 64;
const GAP_Y = 96;
const BOTTOM = 56;
const SIDE = 250;

export function panelsAnimation(spec: PanelsFigureSpec): Animation {
  const layout = panelsLayout(spec);
  const levels = sharedLevels(spec.f, spec.window);
  const figure: FigureParts = {
    base: [...figureTitle(LEFT, spec.title, spec.subtitle)],
    paths: [],
    overlay: [],
  };
  spec.panels.forEach((panelSpec, k) =>
    addPanel(figure, spec, panelSpec, layout.plots[k], {
      levels,
      hideY: k % spec.cols !== 0 && panelSpec.window === undefined,
    }),
  );
  figure.base.push(...layout.legend.marks, ...colorBarMarks(levels, layout.colorBar, 'loss'));
  return {
    width: layout.width,
    height: layout.height,
    background: '#ffffff',
    ...figure,
    frames: frameSchedule(spec.steps),
    counter: { x: layout.width - 16, y: 28, total: spec.steps },
  };
}

interface PanelsLayout {
  width: number;
  height: number;
  plots: Rect[];
  legend: { marks: Mark[]; height: number };
  colorBar: Rect;
}

/** The grid of plot areas, and the column on its right: the legend on top, the colour bar under it. */
function panelsLayout(spec: PanelsFigureSpec): PanelsLayout {
  const panelWidth = spec.panelWidth ?? 330;
  const panelHeight = spec.panelHeight ?? 280;
  const gapX = spec.panels.some((panel) => panel.window !== undefined) ? GAP_X_OWN_AXES : GAP_X;
  const gridWidth = spec.cols * panelWidth + (spec.cols - 1) * gapX;
  const gridHeight = spec.rows * panelHeight + (spec.rows - 1) * GAP_Y;
  const width = Math.ceil((LEFT + gridWidth + SIDE) / 2) * 2;
  const side = LEFT + gridWidth + 28;
  const legend = legendMarks(spec.legend, side, TOP, width - side - 12);
  const barTop = TOP + legend.height + 36;
  const barHeight = Math.max(120, Math.min(TOP + gridHeight - barTop, 300));
  // Even sizes, as H.264 in yuv420p needs.
  const height = Math.ceil(Math.max(TOP + gridHeight + BOTTOM, barTop + barHeight + 24) / 2) * 2;
  return {
    width,
    height,
    plots: gridPlots({ x: LEFT, y: TOP, width: gridWidth, height: gridHeight }, spec.rows, spec.cols, gapX, GAP_Y),
    legend,
    colorBar: { x: side, y: barTop, width: 14, height: barHeight },
  };
}

/** The parts of the animation that the panels fill in. */
interface FigureParts {
  base: Mark[];
  paths: AnimatedPath[];
  overlay: Mark[];
}

/** One panel: its contours, axes, title and decorations (static), its paths (moving), its markers (on top). */
function addPanel(
  figure: FigureParts,
  spec: PanelsFigureSpec,
  panelSpec: PanelSpec,
  plot: Rect,
  options: { levels: Levels; hideY: boolean },
): void {
  const panel = surfacePanel(spec.f, panelSpec.window ?? spec.window, plot, options);
  figure.base.push(...panel.marks, ...panelTitle(plot, panelSpec.title, panelSpec.subtitle));
  if (panelSpec.decorate) figure.base.push({ kind: 'group', clip: plot, marks: panelSpec.decorate(panel) });
  for (const path of panelSpec.paths) {
    const style = { color: path.color, width: path.width ?? 2.25 };
    figure.paths.push({
      pixels: pathPixels(path.points, panel.x, panel.y, plot),
      style,
      label: path.label,
      clip: plot,
      head: headMarker(path.color),
    });
  }
  const start = panelSpec.start === undefined ? spec.start : (panelSpec.start ?? undefined);
  figure.overlay.push({ kind: 'group', clip: plot, marks: pointMarkers(panel, start, spec.minima) });
}

function pointMarkers(panel: SurfacePanel, start: Point | undefined, minima: readonly Point[]): Mark[] {
  const marks: Mark[] = [];
  if (start) marks.push(marker(panel.x(start[0]), panel.y(start[1]), START_MARKER, 'start'));
  for (const [x, y] of minima) marks.push(marker(panel.x(x), panel.y(y), MINIMUM_MARKER, 'minimum'));
  return marks;
}

/** Legend entries for the start and minimum markers. */
export function markerLegend(): LegendEntry[] {
  return [
    { label: 'start', swatch: { kind: 'marker', style: START_MARKER } },
    { label: 'minimum', swatch: { kind: 'marker', style: MINIMUM_MARKER } },
  ];
}
