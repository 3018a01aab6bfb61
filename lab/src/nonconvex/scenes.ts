/**
 * The non-convex page's small figures, built from src/plot's panels and marks: the Gabor data with the
 * model at each run's end, and one step of the bracketing line search on f(t).
 */
import type { Dataset } from '../../../src/data/dataset';
import { gabor } from '../../../src/data/toy';
import type { BracketStep } from '../../../src/optim/lineSearch';
import { functionCurve, scatter } from '../../../src/plot/curves';
import { INK, PATH_COLORS } from '../../../src/plot/colors';
import { curvePanel, panelTitle } from '../../../src/plot/panel';
import type { Mark, Scene } from '../../../src/plot/scene';
import type { Point } from '../../../src/problems/surface';

const WIDTH = 520;
const HEIGHT = 320;
const PLOT = { x: 64, y: 40, width: 430, height: 230 };

export function gaborFitScene(data: Dataset, fits: readonly { phi: Point; color: string; label: string }[]): Scene {
  const panel = curvePanel({ x: [-15, 15], y: [-1.2, 1.2] }, PLOT, { xLabel: 'x', yLabel: 'y' });
  const points: Point[] = Array.from({ length: data.n }, (_, k) => [data.x[k], data.y[k]]);
  const marks: Mark[] = [
    ...panel.marks,
    ...panelTitle(PLOT, 'Gabor model fits', fits.map((f) => f.label).join(' · ')),
    {
      kind: 'group',
      clip: PLOT,
      marks: fits.map((fit) =>
        functionCurve((x) => gabor(x, fit.phi), panel, { color: fit.color, width: 2, role: 'fit' }),
      ),
    },
    ...scatter(points, panel, { shape: 'circle', size: 3.5, fill: INK, stroke: '#ffffff', strokeWidth: 1 }, 'data'),
  ];
  return { width: WIDTH, height: HEIGHT, background: '#ffffff', marks };
}

/** f(t) over [0, span] with the bracket [a, d] shaded and its inner points b, c marked. */
export function lineSearchScene(f: (t: number) => number, step: BracketStep, index: number, count: number): Scene {
  const span = Math.max(1, step.d * 1.1);
  const values = Array.from({ length: 101 }, (_, k) => f((span * k) / 100));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const panel = curvePanel({ x: [0, span], y: [lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo)] }, PLOT, {
    xLabel: 't',
    yLabel: 'f(t)',
  });
  const x = (t: number) => panel.x(t);
  const dot = (t: number, color: string, role: string): Mark => ({
    kind: 'circle',
    cx: x(t),
    cy: panel.y(f(t)),
    r: 5,
    fill: color,
    stroke: '#ffffff',
    strokeWidth: 1.5,
    role,
  });
  const marks: Mark[] = [
    { kind: 'rect', x: x(step.a), y: PLOT.y, width: x(step.d) - x(step.a), height: PLOT.height, fill: '#e3ebfc' },
    ...panel.marks,
    ...panelTitle(
      PLOT,
      `Step ${index + 1} of ${count}: [a, d] = [${step.a.toPrecision(4)}, ${step.d.toPrecision(4)}]`,
      'golden-section points b, c (blue); ends a, d (black)',
    ),
    { kind: 'group', clip: PLOT, marks: [functionCurve(f, panel, { color: PATH_COLORS[3], width: 2 })] },
    dot(step.a, INK, 'a'),
    dot(step.d, INK, 'd'),
    dot(step.b, PATH_COLORS[1], 'b'),
    dot(step.c, PATH_COLORS[1], 'c'),
  ];
  return { width: WIDTH, height: HEIGHT, background: '#ffffff', marks };
}
