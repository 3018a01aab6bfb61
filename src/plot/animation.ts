/**
 * An animation of paths growing: a static layer (contours, axes, legends: drawn once), the paths with their
 * heads, marks drawn over the paths (minima), and a list of frames, each showing the paths after some
 * number of steps. A frame is the static layer plus `frameMarks`, so a renderer draws the static layer once
 * and per frame only what moves. The still picture (SVG, PNG) is the last frame without the step counter.
 *
 * Frames: every s-th step with s = ⌈steps / (MAX_FRAMES − 1)⌉, so a 300-step run gets 101 frames (3 steps
 * each) and any run at most MAX_FRAMES. Each frame lasts about PLAY_MS / frames (between 40 and 400 ms, in
 * whole hundredths of a second as GIF stores them), so short and long runs both play in a few seconds; the
 * first frame (the start) and the last are held longer.
 */
import { INK } from './colors.js';
import { marker, traceMarks, type MarkerStyle, type TraceStyle } from './marks.js';
import type { Mark, Rect, Scene } from './scene.js';
import { textWidth } from './text.js';

export interface AnimatedPath {
  /** Vertex k (flat x, y in pixels) is the point after k steps; a diverged run has fewer vertices. */
  pixels: Float64Array;
  style: TraceStyle;
  label: string;
  /** The plot area the path is drawn in. */
  clip: Rect;
  /** The marker at the path's current end. */
  head: MarkerStyle;
  /** Marks drawn under the head at vertex `at` (pixel position hx, hy): the race's glyphs (src/plot/glyphs.ts). */
  glyphs?: (at: number, hx: number, hy: number) => Mark[];
  /** A marker at every vertex shown (for paths of a few steps, where each iterate matters). */
  vertices?: MarkerStyle;
}

export interface StepCounter {
  /** The counter's right edge and baseline. */
  x: number;
  y: number;
  total: number;
}

export interface Frame {
  step: number;
  delayMs: number;
}

export interface Animation {
  width: number;
  height: number;
  background: string;
  base: readonly Mark[];
  paths: readonly AnimatedPath[];
  overlay: readonly Mark[];
  frames: readonly Frame[];
  counter?: StepCounter;
}

export const MAX_FRAMES = 150;
export const FPS = 25;
const PLAY_MS = 5000;
const FIRST_HOLD_MS = 600;
const LAST_HOLD_MS = 2500;

export function frameSchedule(steps: number, maxFrames = MAX_FRAMES): Frame[] {
  const stride = Math.max(1, Math.ceil(steps / (maxFrames - 1)));
  const count = Math.ceil(steps / stride) + 1;
  const delayMs = Math.round(Math.min(400, Math.max(40, PLAY_MS / count)) / 10) * 10;
  const frames: Frame[] = [];
  for (let step = 0; step < steps; step += stride) frames.push({ step, delayMs });
  frames.push({ step: steps, delayMs: LAST_HOLD_MS });
  frames[0].delayMs = frames.length > 1 ? FIRST_HOLD_MS : LAST_HOLD_MS;
  return frames;
}

/** What moves in frame `index`: each path up to the frame's step with its head, the overlay, the counter. */
export function frameMarks(animation: Animation, index: number, withCounter = true): Mark[] {
  const { step } = animation.frames[index];
  const lines: Mark[] = [];
  const heads: Mark[] = [];
  for (const path of animation.paths) {
    const vertices = Math.min(step + 1, path.pixels.length / 2);
    if (vertices === 0) continue;
    const shown = path.pixels.subarray(0, 2 * vertices);
    const dots: Mark[] = [];
    if (path.vertices)
      for (let k = 0; k + 1 < vertices; k++) dots.push(marker(shown[2 * k], shown[2 * k + 1], path.vertices, 'vertex'));
    lines.push({ kind: 'group', clip: path.clip, marks: [...traceMarks(shown, path.style, path.label), ...dots] });
    // Heads go over every line and marker, so a path that another one covers still shows where it is.
    const [hx, hy] = [shown[2 * vertices - 2], shown[2 * vertices - 1]];
    heads.push({
      kind: 'group',
      clip: path.clip,
      marks: [...(path.glyphs?.(vertices - 1, hx, hy) ?? []), marker(hx, hy, path.head, 'head')],
    });
  }
  const marks: Mark[] = [...lines, ...animation.overlay, ...heads];
  if (withCounter && animation.counter) marks.push(...counterMarks(animation.counter, step));
  return marks;
}

const COUNTER_SIZE = 14;

function counterText(step: number, total: number): string {
  return `step ${step} / ${total}`;
}

function counterMarks(counter: StepCounter, step: number): Mark[] {
  const text = counterText(step, counter.total);
  return [
    {
      kind: 'text',
      x: counter.x,
      y: counter.y,
      text,
      size: COUNTER_SIZE,
      weight: 'bold',
      anchor: 'end',
      fill: INK,
      role: 'counter',
    },
  ];
}

/**
 * The smallest whole-pixel rectangle, within the canvas, that holds everything that can change between
 * frames: the paths' plot areas and the counter (as wide as its longest text, with room for antialiasing).
 */
export function changingRegion(animation: Animation): Rect {
  const boxes: Rect[] = animation.paths.map((path) => path.clip);
  if (animation.counter) {
    const { x, y, total } = animation.counter;
    const width = textWidth(counterText(total, total), COUNTER_SIZE, 'bold');
    boxes.push({ x: x - width - 2, y: y - COUNTER_SIZE - 2, width: width + 4, height: COUNTER_SIZE + 6 });
  }
  if (boxes.length === 0) return { x: 0, y: 0, width: 1, height: 1 };
  const left = Math.max(0, Math.floor(Math.min(...boxes.map((b) => b.x))));
  const top = Math.max(0, Math.floor(Math.min(...boxes.map((b) => b.y))));
  const right = Math.min(animation.width, Math.ceil(Math.max(...boxes.map((b) => b.x + b.width))));
  const bottom = Math.min(animation.height, Math.ceil(Math.max(...boxes.map((b) => b.y + b.height))));
  return { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** The still picture: every path complete, no counter. */
export function stillScene(animation: Animation): Scene {
  const last = animation.frames.length - 1;
  return {
    width: animation.width,
    height: animation.height,
    background: animation.background,
    marks: [...animation.base, ...frameMarks(animation, last, false)],
  };
}

/** Frame `index` as a complete scene (what the GIF shows then). */
export function frameScene(animation: Animation, index: number): Scene {
  return {
    width: animation.width,
    height: animation.height,
    background: animation.background,
    marks: [...animation.base, ...frameMarks(animation, index)],
  };
}
