/**
 * A live line chart (uPlot: canvas-drawn, made for streaming data): one x series and several y series,
 * optionally on a log y axis. Data changes are pushed with setData, without rebuilding the chart.
 */
import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';
import { formatSignificant } from '../../../src/plot/format';

export interface Series {
  label: string;
  color: string;
  dash?: number[];
  /** The line's width in pixels (default 1.5). */
  width?: number;
  /** Mark each value with a dot (a curve of one point shows only so). */
  points?: boolean;
}

interface Props {
  title: string;
  xLabel: string;
  series: readonly Series[];
  /** [x, y1, y2, …]; null marks a gap. */
  data: uPlot.AlignedData;
  logY?: boolean;
  logX?: boolean;
  width?: number;
  height?: number;
  /** x values to mark with a vertical line (an early-stopping epoch, say). */
  markX?: number | null;
}

/**
 * On a log axis, values below LOG_FLOOR (and zeros) are gaps: uPlot lays out one tick run per decade, and a
 * loss that reaches 1e−300 on a quadratic would ask it for hundreds of decades.
 */
const LOG_FLOOR = 1e-20;

/** The x axis counts steps or epochs: ticks at whole numbers only (1, 2, 5, 10, 20, …), never 1.2. */
const WHOLE_NUMBER_TICKS = Array.from({ length: 10 }, (_, k) => [1, 2, 5].map((m) => m * 10 ** k)).flat();

function forLogAxis(data: uPlot.AlignedData): uPlot.AlignedData {
  const [xs, ...ys] = data;
  return [xs, ...ys.map((y) => Array.from(y, (v) => (v == null || v < LOG_FLOOR ? null : v)))] as uPlot.AlignedData;
}

export function LineChart({
  title,
  xLabel,
  series,
  data,
  logY = false,
  logX = false,
  width = 420,
  height = 220,
  markX = null,
}: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const mark = useRef<number | null>(markX);
  mark.current = markX;
  const shape = JSON.stringify({ series, logY, logX, title, xLabel });

  useEffect(() => {
    if (box.current === null) return;
    const fit = Math.min(width, box.current.parentElement?.clientWidth ?? width);
    const options: uPlot.Options = {
      title,
      width: Math.max(260, fit - 4),
      height,
      scales: { x: { time: false, distr: logX ? 3 : 1 }, y: { distr: logY ? 3 : 1 } },
      axes: [
        { label: xLabel, ...(logX ? {} : { incrs: WHOLE_NUMBER_TICKS }) },
        {
          size: 60,
          values: (_u: uPlot, values: number[]) => values.map((v) => (v == null ? '' : formatSignificant(v, 2))),
        },
      ],
      series: [
        { label: xLabel },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.width ?? 1.5,
          dash: s.dash,
          points: { show: s.points ?? false, size: 5 },
        })),
      ],
      hooks: { draw: [(u: uPlot) => drawMark(u, mark.current)] },
    };
    chart.current = new uPlot(options, logY ? forLogAxis(data) : data, box.current);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // The chart is rebuilt only when its shape changes; data goes through setData below.
  }, [shape, width, height]);

  useEffect(() => {
    chart.current?.setData(logY ? forLogAxis(data) : data);
  }, [data, markX]);

  return <div class="chart" ref={box} role="img" aria-label={title} />;
}

function drawMark(u: uPlot, x: number | null): void {
  if (x === null) return;
  const left = u.valToPos(x, 'x', true);
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = '#b00020';
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  ctx.moveTo(left, u.bbox.top);
  ctx.lineTo(left, u.bbox.top + u.bbox.height);
  ctx.stroke();
  ctx.restore();
}
