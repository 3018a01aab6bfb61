/**
 * The playground's view as a src/plot figure (for PNG, SVG and GIF exports): the boundary as a grid of
 * cells in TensorFlow Playground's colours, the points on it, and the epoch and losses as a title.
 */
import type { Figure } from '../../../src/plot/figure';
import { formatSignificant } from '../../../src/plot/format';
import type { Mark } from '../../../src/plot/scene';
import { CLASS_COLORS, classColor } from './colors';
import { BOUNDARY_GRID } from './maps';
import type { PlaygroundData, PlaygroundSnapshot } from './protocol';

const SIZE = 480;
const TOP = 40;

export function boundaryFigure(snapshot: PlaygroundSnapshot | null, data: PlaygroundData | null): Figure {
  const marks: Mark[] = [];
  const cell = SIZE / BOUNDARY_GRID;
  const rgba = new Uint8ClampedArray(4);
  const hex = (k: number) => {
    classColor(snapshot?.boundary ?? [], k, snapshot?.classColors ?? [], rgba, 0);
    return `#${Array.from(rgba.subarray(0, 3), (c) => c.toString(16).padStart(2, '0')).join('')}`;
  };
  if (snapshot) {
    const cells = snapshot.boundary.length / snapshot.classColors.length;
    for (let k = 0; k < cells; k++) {
      const row = Math.floor(k / BOUNDARY_GRID);
      marks.push({
        kind: 'rect',
        x: (k % BOUNDARY_GRID) * cell,
        y: TOP + row * cell,
        width: cell + 0.5,
        height: cell + 0.5,
        fill: hex(k),
      });
    }
    const h = snapshot.history;
    const losses =
      h.length >= 3
        ? ` · train ${formatSignificant(h[h.length - 2], 3)} · test ${formatSignificant(h[h.length - 1], 3)}`
        : '';
    marks.push({ kind: 'text', x: 8, y: 26, text: `epoch ${snapshot.epoch}${losses}`, size: 16, fill: '#222222' });
  }
  if (snapshot && data) {
    const scale = SIZE / (2 * snapshot.extent);
    const add = (set: Float32Array, filled: boolean) => {
      for (let k = 0; k < set.length; k += 3) {
        const color = CLASS_COLORS[set[k + 2]];
        marks.push({
          kind: 'circle',
          cx: (set[k] + snapshot.extent) * scale,
          cy: TOP + (snapshot.extent - set[k + 1]) * scale,
          r: 3,
          fill: color,
          stroke: filled ? '#ffffff' : '#222222',
          strokeWidth: 1,
        });
      }
    };
    add(data.train, true);
    add(data.test, false);
  }
  return { scene: { width: SIZE, height: SIZE + TOP, background: '#ffffff', marks } };
}
