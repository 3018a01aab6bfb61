/**
 * Drawing a path that leaves the plot for good (a diverging run) or piles up on itself (a slowly decaying
 * oscillation): all of its steps would fill the panel with a block of nearly parallel lines, so only its
 * first steps are drawn — for a diverging path, up to `after` steps past the point where it first leaves
 * the window — and an arrow where the last drawn segment leaves the plot says where it went.
 *
 * The segment's exit is found by Liang–Barsky clipping of the segment against the window.
 */
import type { Point, Window } from '../../problems/surface.js';
import { INK } from '../colors.js';
import { arrow } from '../marks.js';
import type { SurfacePanel } from '../panel.js';
import type { Mark } from '../scene.js';

/** How far (pixels) the arrow runs beside the path's last segment. */
const OFFSET = 12;

/** How many of the points to draw: all, or up to `after` points past the first one outside the window. */
export function pointsToDraw(points: readonly Point[], window: Window, after = 2): number {
  const leaves = points.findIndex((p) => !insideWindow(p, window));
  return leaves < 0 ? points.length : Math.min(points.length, leaves + after + 1);
}

export function insideWindow([x, y]: Point, window: Window): boolean {
  return x >= window.x[0] && x <= window.x[1] && y >= window.y[0] && y <= window.y[1];
}

/**
 * An arrow (and a label) just inside the plot where the last drawn segment that crosses the window leaves
 * it, pointing the way the path went on; none when no drawn segment leaves the window.
 */
export function exitArrow(panel: SurfacePanel, points: readonly Point[], drawn: number, label: string): Mark[] {
  const window: Window = { x: panel.x.domain() as [number, number], y: panel.y.domain() as [number, number] };
  for (let k = drawn - 1; k >= 1; k--) {
    const exit = segmentExit(points[k - 1], points[k], window);
    if (exit === null) continue;
    const [ex, ey] = [panel.x(exit[0]), panel.y(exit[1])];
    const [px, py] = [panel.x(points[k - 1][0]), panel.y(points[k - 1][1])];
    const length = Math.hypot(ex - px, ey - py);
    if (length === 0) continue;
    const [ux, uy] = [(ex - px) / length, (ey - py) / length];
    // Beside the path's last segment, on the side facing the plot's centre (the line would hide it on top).
    const [cx, cy] = [panel.plot.x + panel.plot.width / 2, panel.plot.y + panel.plot.height / 2];
    const facing = -uy * (cx - ex) + ux * (cy - ey) >= 0 ? 1 : -1;
    const [nx, ny] = [-uy * facing * OFFSET, ux * facing * OFFSET];
    const shaft = Math.min(36, length);
    const [tipX, tipY] = [ex - 4 * ux + nx, ey - 4 * uy + ny];
    const [tailX, tailY] = [tipX - shaft * ux, tipY - shaft * uy];
    // The label further out on the same side.
    const right = nx >= 0;
    const textY = Math.min(Math.max((tailY + tipY) / 2 + 4, panel.plot.y + 14), panel.plot.y + panel.plot.height - 6);
    return [
      ...arrow(tailX, tailY, tipX, tipY, { color: INK, width: 2 }),
      {
        kind: 'text',
        x: right ? Math.max(tailX, tipX) + 6 : Math.min(tailX, tipX) - 6,
        y: textY,
        text: label,
        size: 12,
        weight: 'bold',
        anchor: right ? 'start' : 'end',
        fill: INK,
        role: 'diverges',
      },
    ];
  }
  return [];
}

/** Where the segment from p to q leaves the window (going from p to q), or null if it leaves nowhere. */
export function segmentExit(p: Point, q: Point, window: Window): Point | null {
  const [dx, dy] = [q[0] - p[0], q[1] - p[1]];
  let enter = 0;
  let leave = 1;
  const clip = (denominator: number, numerator: number): boolean => {
    // The segment crosses the edge where denominator·t = numerator; denominator < 0: entering, > 0: leaving.
    if (denominator === 0) return numerator >= 0;
    const t = numerator / denominator;
    if (denominator < 0) enter = Math.max(enter, t);
    else leave = Math.min(leave, t);
    return enter <= leave;
  };
  const visible =
    clip(-dx, p[0] - window.x[0]) &&
    clip(dx, window.x[1] - p[0]) &&
    clip(-dy, p[1] - window.y[0]) &&
    clip(dy, window.y[1] - p[1]);
  if (!visible || leave >= 1) return null;
  return [p[0] + leave * dx, p[1] + leave * dy];
}
