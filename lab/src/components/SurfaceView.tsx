/**
 * A loss surface with paths on it, as the race map draws it (src/plot's contours cached on the bottom
 * canvas, paths and markers on the top one); a click picks a point. Also gives its view as a figure for
 * the exports.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Figure } from '../../../src/plot/figure';
import { marker, pathPixels, traceMarks } from '../../../src/plot/marks';
import { headMarker, START_MARKER, surfacePanel, type SurfacePanel } from '../../../src/plot/panel';
import { drawMarks } from '../../../src/plot/canvas';
import type { Mark } from '../../../src/plot/scene';
import type { Point, Surface } from '../../../src/problems/surface';
import type { CriticalKind } from '../../../src/problems/classify';
import { CRITICAL_MARKERS, drawSurface, MAP_PLOT, MAP_SIZE, prepareCanvas } from '../race/map';

export interface ViewPath {
  points: readonly Point[];
  color: string;
  label: string;
}

export interface ViewPoint {
  point: Point;
  kind: CriticalKind;
}

interface Props {
  id: string;
  label: string;
  surface: Surface;
  paths: readonly ViewPath[];
  critical: readonly ViewPoint[];
  onPick(point: Point): void;
}

function pathMarks(
  panel: Pick<SurfacePanel, 'x' | 'y'>,
  paths: readonly ViewPath[],
  critical: readonly ViewPoint[],
): Mark[] {
  const marks: Mark[] = critical.map((c) =>
    marker(panel.x(c.point[0]), panel.y(c.point[1]), CRITICAL_MARKERS[c.kind], c.kind),
  );
  for (const path of paths) {
    const pixels = pathPixels(path.points, panel.x, panel.y, MAP_PLOT);
    marks.push(...traceMarks(pixels, { color: path.color, width: 2 }, path.label));
    marks.push(marker(pixels[pixels.length - 2], pixels[pixels.length - 1], headMarker(path.color), 'head'));
  }
  const start = paths[0]?.points[0];
  if (start) marks.push(marker(panel.x(start[0]), panel.y(start[1]), START_MARKER, 'start'));
  return [{ kind: 'group', clip: MAP_PLOT, marks }];
}

/** The view as a figure: src/plot's panel and the same path marks, for PNG/SVG/GIF. */
export function surfaceFigure(surface: Surface, paths: readonly ViewPath[], critical: readonly ViewPoint[]): Figure {
  const panel = surfacePanel((x, y) => surface.value(x, y), surface.window, MAP_PLOT);
  return {
    scene: {
      width: MAP_SIZE,
      height: MAP_SIZE,
      background: '#ffffff',
      marks: [...panel.marks, ...pathMarks(panel, paths, critical)],
    },
  };
}

export function SurfaceView({ id, label, surface, paths, critical, onPick }: Props) {
  const base = useRef<HTMLCanvasElement>(null);
  const top = useRef<HTMLCanvasElement>(null);
  const panel = useRef<SurfacePanel | null>(null);
  useEffect(() => {
    if (base.current) panel.current = drawSurface(prepareCanvas(base.current), surface);
  }, [surface]);
  useEffect(() => {
    if (!top.current || !panel.current) return;
    const ctx = prepareCanvas(top.current);
    drawMarks(pathMarks(panel.current, paths, critical), ctx);
  });
  return (
    <div class="stage">
      <canvas ref={base} aria-hidden="true" />
      <canvas
        ref={top}
        class="top"
        id={id}
        role="img"
        aria-label={label}
        onClick={(e) => {
          const box = (e.target as HTMLCanvasElement).getBoundingClientRect();
          const px = ((e.clientX - box.left) / box.width) * MAP_SIZE;
          const py = ((e.clientY - box.top) / box.height) * MAP_SIZE;
          if (
            panel.current &&
            px >= MAP_PLOT.x &&
            px <= MAP_PLOT.x + MAP_PLOT.width &&
            py >= MAP_PLOT.y &&
            py <= MAP_PLOT.y + MAP_PLOT.height
          ) {
            onPick([panel.current.x.invert(px), panel.current.y.invert(py)]);
          }
        }}
      />
    </div>
  );
}
