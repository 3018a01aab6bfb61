/**
 * Figure 9, line search by bracketing (UDL Figure 6.10): the loss along one direction — Himmelblau's
 * function from θ₀ = (1, 4) along the negative gradient, f(t) = L(θ₀ − 3t·∇L/|∇L|) — and the golden-section
 * search of `bracketLineSearch` narrowing [a, d] step by step. Each panel shows the bracket before a step,
 * zoomed to it: the inner points b and c are compared, and the part beyond the higher one is dropped
 * (L(b) > L(c): the minimum is not in [a, b], a ← b; otherwise d ← c).
 */
import { bracketLineSearch, type BracketStep } from '../../optim/lineSearch.js';
import { createSurface } from '../../problems/registry.js';
import type { Window } from '../../problems/surface.js';
import { INK, PATH_COLORS } from '../colors.js';
import type { Figure } from '../figure.js';
import { formatSignificant } from '../format.js';
import { legendMarks } from '../legend.js';
import { marker } from '../marks.js';
import { curvePanel, figureTitle, gridPlots, MINIMUM_MARKER, panelTitle, type Panel } from '../panel.js';
import type { Mark } from '../scene.js';

export const LINE_SEARCH_PANELS = 6;
const START = [1, 4] as const;
const LENGTH = 3;

/** f(t), the loss along the line, for t in [0, 1] and beyond. */
export function lineLoss(): (t: number) => number {
  const surface = createSurface({ name: 'himmelblau' });
  const g = surface.gradient(START[0], START[1], new Float64Array(2));
  const norm = Math.hypot(g[0], g[1]);
  return (t) => surface.value(START[0] - (t * LENGTH * g[0]) / norm, START[1] - (t * LENGTH * g[1]) / norm);
}

export function lineSearchSteps(): { steps: BracketStep[]; t: number } {
  const result = bracketLineSearch(lineLoss(), 0, 1, { tolerance: 1e-9 });
  return { steps: result.steps, t: result.t };
}

const BRACKET_FILL = '#e3ebfc';
const DROPPED_FILL = '#e6e6e6';
const INNER = PATH_COLORS[1];
const ENDS = INK;

export function lineSearchFigure(): Figure {
  const f = lineLoss();
  const { steps, t: best } = lineSearchSteps();
  const plots = gridPlots({ x: 70, y: 108, width: 840, height: 470 }, 2, 3, 56, 96);
  const marks: Mark[] = [
    ...figureTitle(
      70,
      'Line search by bracketing',
      "Himmelblau's function along −∇L from (1, 4): f(t) = L(θ₀ − 3t·∇L/|∇L|); golden-section steps on [a, d] = [0, 1]",
    ),
  ];
  steps.slice(0, LINE_SEARCH_PANELS).forEach((step, k) => {
    const window = zoom(step, f);
    const panel = curvePanel(window, plots[k], { xLabel: 't', yLabel: 'f(t)' });
    const dropLeft = f(step.b) > f(step.c);
    const subtitle = dropLeft
      ? `f(b) > f(c): minimum not in [a, b], so a ← b`
      : `f(b) ≤ f(c): minimum not in [c, d], so d ← c`;
    marks.push(
      ...panel.marks.slice(0, 1),
      { kind: 'group', clip: panel.plot, marks: stepMarks(step, panel, f, best) },
      ...panel.marks.slice(1),
    );
    marks.push(...panelTitle(panel.plot, `step ${k + 1}: d − a = ${formatSignificant(step.d - step.a, 3)}`, subtitle));
  });
  marks.push(
    ...legendMarks(
      [
        { label: 'f along the line', swatch: { kind: 'line', color: INK } },
        {
          label: 'bracket [a, d]',
          swatch: { kind: 'marker', style: { shape: 'square', size: 7, fill: BRACKET_FILL, stroke: ENDS } },
        },
        {
          label: 'dropped by this step',
          swatch: { kind: 'marker', style: { shape: 'square', size: 7, fill: DROPPED_FILL, stroke: ENDS } },
        },
        { label: 'inner points b, c', swatch: { kind: 'line', color: INNER, dash: [4, 3] } },
        { label: `minimum, t = ${formatSignificant(best, 4)}`, swatch: { kind: 'marker', style: MINIMUM_MARKER } },
      ],
      940,
      108,
      170,
    ).marks,
  );
  return { scene: { width: 1120, height: 640, background: '#ffffff', marks } };
}

/** The bracket with a quarter of its width on either side, and f's range there with a margin. */
function zoom(step: BracketStep, f: (t: number) => number): Window {
  const width = step.d - step.a;
  const x: [number, number] = [step.a - 0.25 * width, step.d + 0.25 * width];
  const values = Array.from({ length: 101 }, (_, i) => f(x[0] + ((x[1] - x[0]) * i) / 100));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return { x, y: [lo - 0.12 * (hi - lo), hi + 0.3 * (hi - lo)] };
}

function stepMarks(step: BracketStep, panel: Panel, f: (t: number) => number, best: number): Mark[] {
  const { plot, x, y } = panel;
  const top = plot.y;
  const bottom = plot.y + plot.height;
  const [dropFrom, dropTo] = f(step.b) > f(step.c) ? [step.a, step.b] : [step.c, step.d];
  const marks: Mark[] = [
    { kind: 'rect', x: x(step.a), y: top, width: x(step.d) - x(step.a), height: plot.height, fill: BRACKET_FILL },
    { kind: 'rect', x: x(dropFrom), y: top, width: x(dropTo) - x(dropFrom), height: plot.height, fill: DROPPED_FILL },
  ];
  const curve: number[] = [];
  for (let px = plot.x; px <= plot.x + plot.width; px += 2) curve.push(px, y(f(x.invert(px))));
  marks.push({
    kind: 'path',
    subpaths: [{ points: curve, closed: false }],
    stroke: INK,
    strokeWidth: 2,
    lineJoin: 'round',
    role: 'curve',
  });
  for (const [name, t] of [
    ['a', step.a],
    ['b', step.b],
    ['c', step.c],
    ['d', step.d],
  ] as const) {
    const inner = name === 'b' || name === 'c';
    const color = inner ? INNER : ENDS;
    marks.push({
      kind: 'path',
      subpaths: [{ points: [x(t), top + 20, x(t), bottom], closed: false }],
      stroke: color,
      strokeWidth: 1.25,
      dash: inner ? [4, 3] : undefined,
    });
    marks.push({
      kind: 'text',
      x: x(t),
      y: top + 15,
      text: name,
      size: 13,
      weight: 'bold',
      anchor: 'middle',
      fill: color,
      role: 'bracket-label',
    });
    marks.push(
      marker(x(t), y(f(t)), {
        shape: 'circle',
        size: 4,
        fill: inner ? INNER : '#ffffff',
        stroke: color,
        strokeWidth: 1.5,
      }),
    );
  }
  marks.push(marker(x(best), y(f(best)), MINIMUM_MARKER, 'minimum'));
  return marks;
}
