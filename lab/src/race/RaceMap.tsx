/**
 * The race map: two stacked canvases (cached contours below, paths above). A click puts the start there
 * and plays the race from step 0; a drag moves the start and shows the whole recomputed paths at once.
 * Hovering reads out the point, the loss and the gradient.
 */
import { effect } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { GlyphPixels } from '../../../src/plot/glyphs';
import type { SurfacePanel } from '../../../src/plot/panel';
import type { Surface } from '../../../src/problems/surface';
import { formatSignificant } from '../../../src/plot/format';
import { t } from '../i18n';
import { drawOverlay, drawSurface, racersGlyphs, MAP_PLOT, MAP_SIZE, pathsInPixels, prepareCanvas } from './map';
import type { RacePath } from './protocol';
import type { RaceSimulation } from './simulation';

interface Props {
  surface: Surface;
  /** The worker's results: drawn as soon as they arrive, without re-rendering the page. */
  simulation: RaceSimulation;
  step: number;
  start: readonly [number, number];
  /** A drag began (the page shows whole paths). */
  onDragStart(): void;
  /** The start under the pointer while dragging: only the worker is asked, the page is not re-rendered. */
  onDrag(point: [number, number]): void;
  /** The pointer let go: the start becomes part of the page's state; `click` when it did not move. */
  onRelease(point: [number, number], click: boolean): void;
  onPanel(panel: SurfacePanel): void;
}

export function RaceMap({ surface, simulation, step, start, onDragStart, onDrag, onRelease, onPanel }: Props) {
  const base = useRef<HTMLCanvasElement>(null);
  const top = useRef<HTMLCanvasElement>(null);
  const panel = useRef<SurfacePanel | null>(null);
  const topCtx = useRef<CanvasRenderingContext2D | null>(null);
  const pixels = useRef<Float64Array[]>([]);
  const glyphs = useRef<GlyphPixels[]>([]);
  const drag = useRef<{ moved: boolean; point: [number, number] } | null>(null);
  const [hover, setHover] = useState('');

  useEffect(() => {
    if (base.current === null || top.current === null) return;
    panel.current = drawSurface(prepareCanvas(base.current), surface);
    topCtx.current = prepareCanvas(top.current);
    onPanel(panel.current);
  }, [surface]);

  const view = useRef({ step, start });
  view.current = { step, start: drag.current?.point ?? start };
  const draw = () => {
    if (!panel.current || !topCtx.current) return;
    drawOverlay(topCtx.current, {
      panel: panel.current,
      pixels: pixels.current,
      glyphs: glyphs.current,
      ...view.current,
      critical: simulation.critical.peek(),
    });
  };
  // New paths (or critical points) are drawn in the worker message's own task.
  useEffect(
    () =>
      effect(() => {
        const paths = simulation.paths.value;
        void simulation.critical.value;
        if (!panel.current) return;
        const fresh = pixels.current.length === 0 || drawnPaths.current !== paths;
        pixels.current = pathsInPixels(paths, panel.current);
        glyphs.current = racersGlyphs(paths, panel.current);
        drawnPaths.current = paths;
        draw();
        if (fresh) simulation.drawn();
      }),
    [simulation, surface],
  );
  const drawnPaths = useRef<readonly RacePath[] | null>(null);
  useEffect(draw);

  const toData = (event: PointerEvent): [number, number] | null => {
    const canvas = top.current;
    if (canvas === null || panel.current === null) return null;
    const box = canvas.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * MAP_SIZE;
    const py = ((event.clientY - box.top) / box.height) * MAP_SIZE;
    if (px < MAP_PLOT.x || px > MAP_PLOT.x + MAP_PLOT.width || py < MAP_PLOT.y || py > MAP_PLOT.y + MAP_PLOT.height)
      return null;
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
            drag.current = { moved: false, point };
            onDragStart();
            onDrag(point);
          }}
          onPointerMove={(e) => {
            const point = toData(e);
            if (point) setHover(readout(point));
            if (drag.current && point) {
              drag.current = { moved: true, point };
              view.current = { ...view.current, start: point };
              onDrag(point);
            }
          }}
          onPointerUp={() => {
            const released = drag.current;
            drag.current = null;
            if (released) onRelease(released.point, !released.moved);
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
