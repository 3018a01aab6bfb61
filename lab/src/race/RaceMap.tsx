/**
 * The race map: two stacked canvases (cached contours below, paths above). A click puts the start there
 * and plays the race from step 0; a drag moves the start and shows the whole recomputed paths at once.
 * Hovering reads out the point, the loss and the gradient.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SurfacePanel } from '../../../src/plot/panel';
import type { Surface } from '../../../src/problems/surface';
import { formatSignificant } from '../../../src/plot/format';
import { t } from '../i18n';
import { drawOverlay, drawSurface, MAP_PLOT, MAP_SIZE, pathsInPixels, prepareCanvas } from './map';
import type { FoundPoint, RacePath } from './protocol';

interface Props {
  surface: Surface;
  paths: readonly RacePath[];
  critical: readonly FoundPoint[];
  step: number;
  start: readonly [number, number];
  onStart(point: [number, number], dragging: boolean): void;
  onClick(): void;
  onPanel(panel: SurfacePanel): void;
}

export function RaceMap({ surface, paths, critical, step, start, onStart, onClick, onPanel }: Props) {
  const base = useRef<HTMLCanvasElement>(null);
  const top = useRef<HTMLCanvasElement>(null);
  const panel = useRef<SurfacePanel | null>(null);
  const topCtx = useRef<CanvasRenderingContext2D | null>(null);
  const pixels = useRef<Float64Array[]>([]);
  const drag = useRef<{ moved: boolean } | null>(null);
  const [hover, setHover] = useState('');

  useEffect(() => {
    if (base.current === null || top.current === null) return;
    panel.current = drawSurface(prepareCanvas(base.current), surface);
    topCtx.current = prepareCanvas(top.current);
    onPanel(panel.current);
  }, [surface]);

  useEffect(() => {
    if (panel.current) pixels.current = pathsInPixels(paths, panel.current);
  }, [paths, surface]);

  useEffect(() => {
    if (panel.current && topCtx.current) drawOverlay(topCtx.current, { panel: panel.current, pixels: pixels.current, step, start, critical });
  });

  const toData = (event: PointerEvent): [number, number] | null => {
    const canvas = top.current;
    if (canvas === null || panel.current === null) return null;
    const box = canvas.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * MAP_SIZE;
    const py = ((event.clientY - box.top) / box.height) * MAP_SIZE;
    if (px < MAP_PLOT.x || px > MAP_PLOT.x + MAP_PLOT.width || py < MAP_PLOT.y || py > MAP_PLOT.y + MAP_PLOT.height) return null;
    return [panel.current.x.invert(px), panel.current.y.invert(py)];
  };

  const readout = (point: [number, number]): string => {
    const g = surface.gradient(point[0], point[1], new Float64Array(2));
    const f = (v: number) => formatSignificant(v, 4);
    return `(${f(point[0])}, ${f(point[1])})  L = ${f(surface.value(point[0], point[1]))}  ∇L = (${f(g[0])}, ${f(g[1])})`;
  };

  return (
    <div>
      <div class="stage">
        <canvas ref={base} aria-hidden="true" />
        <canvas
          ref={top}
          class="top"
          id="race-map"
          role="img"
          aria-label={t('mapLabel')}
          onPointerDown={(e) => {
            const point = toData(e);
            if (point === null) return;
            (e.target as HTMLCanvasElement).setPointerCapture(e.pointerId);
            drag.current = { moved: false };
            onStart(point, true);
          }}
          onPointerMove={(e) => {
            const point = toData(e);
            if (point) setHover(readout(point));
            if (drag.current && point) {
              drag.current.moved = true;
              onStart(point, true);
            }
          }}
          onPointerUp={() => {
            if (drag.current && !drag.current.moved) onClick();
            drag.current = null;
          }}
          onPointerLeave={() => setHover('')}
        />
      </div>
      <div class="readout" id="hover-readout" aria-live="off">
        {hover || t('hoverHint')}
      </div>
    </div>
  );
}
