/**
 * The optimizer comparison (src/tune/compare.ts) as a figure: one column per optimizer, best median first —
 * each seed's best value as a dot, the spread over seeds as a bar from the lowest to the highest, and the
 * median as a wide tick — on a linear axis of the sweep's metric, the optimizers' names under their columns.
 */
import { scaleLinear } from 'd3-scale';
import { axisMarks, type AxisScale } from './axes.js';
import { INK, PATH_COLORS } from './colors.js';
import { paddedRange } from './curvePlot.js';
import type { Figure } from './figure.js';
import { legendMarks } from './legend.js';
import { marker, type MarkerStyle } from './marks.js';
import { figureTitle } from './panel.js';
import type { Mark, Rect } from './scene.js';

export interface ComparedOptimizer {
  readonly optimizer: string;
  /** Each seed's best value (null: its sweep completed no trial). */
  readonly values: readonly (number | null)[];
  readonly median: number | null;
}

const COLUMN = 90;
const PLOT_TOP = 80;
const PLOT_HEIGHT = 300;
const LEFT = 80;
const LEGEND_WIDTH = 210;
const SEED_DOT: MarkerStyle = { shape: 'circle', size: 4, fill: PATH_COLORS[1], stroke: '#ffffff', strokeWidth: 1 };

/** A scale that puts column i at its centre, with the optimizers' names as its tick labels. */
function columns(names: readonly string[], plot: Rect): AxisScale {
  const step = plot.width / names.length;
  const scale = ((i: number) => plot.x + (i + 0.5) * step) as AxisScale;
  scale.domain = () => [-0.5, names.length - 0.5];
  scale.ticks = () => names.map((_, i) => i);
  scale.tickFormat = () => (i: number) => names[i] ?? '';
  return scale;
}

export function comparisonFigure(rows: readonly ComparedOptimizer[], metric: string, subtitle: string): Figure {
  const plot: Rect = { x: LEFT, y: PLOT_TOP, width: Math.max(240, COLUMN * rows.length), height: PLOT_HEIGHT };
  const width = plot.x + plot.width + 30 + LEGEND_WIDTH;
  const height = plot.y + plot.height + 60;
  const values = rows.flatMap((r) => r.values.filter((v): v is number => v !== null));
  const [lo, hi] = paddedRange(values.length === 0 ? [0, 1] : values, false);
  const y = scaleLinear()
    .domain([lo, hi])
    .range([plot.y + plot.height, plot.y])
    .nice();
  const x = columns(
    rows.map((r) => r.optimizer),
    plot,
  );
  const marks: Mark[] = [
    ...figureTitle(LEFT, `Optimizers compared: best ${metric}`, subtitle),
    ...axisMarks(plot, x, y, { xLabel: 'optimizer', yLabel: `best ${metric} of a sweep`, grid: true }),
  ];
  rows.forEach((row, i) => {
    const done = row.values.filter((v): v is number => v !== null);
    if (done.length === 0) return;
    const cx = x(i);
    const [low, high] = [Math.min(...done), Math.max(...done)];
    marks.push({
      kind: 'path',
      subpaths: [{ points: [cx, y(low), cx, y(high)], closed: false }],
      stroke: PATH_COLORS[0],
      strokeWidth: 3,
      lineCap: 'round',
      role: 'spread',
      label: row.optimizer,
    });
    for (const v of done) marks.push(marker(cx, y(v), SEED_DOT, 'seed'));
    if (row.median !== null)
      marks.push({
        kind: 'path',
        subpaths: [{ points: [cx - 14, y(row.median), cx + 14, y(row.median)], closed: false }],
        stroke: INK,
        strokeWidth: 2.5,
        role: 'median',
        label: row.optimizer,
      });
  });
  marks.push(
    ...legendMarks(
      [
        {
          label: 'one seed',
          details: ["the best value of that seed's sweep"],
          swatch: { kind: 'marker', style: SEED_DOT },
        },
        { label: 'spread over seeds', details: ['lowest to highest'], swatch: { kind: 'line', color: PATH_COLORS[0] } },
        { label: 'median over seeds', swatch: { kind: 'line', color: INK } },
      ],
      plot.x + plot.width + 30,
      plot.y,
      LEGEND_WIDTH,
    ).marks,
  );
  return { scene: { width, height, background: '#ffffff', marks } };
}
