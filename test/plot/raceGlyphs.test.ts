/**
 * The race figure draws the lab's glyphs with the same marks as the lab's map: at each frame, the head's
 * −∇L arrow points against the gradient recorded at that step, the momentum arrow against the momentum, and
 * the step-scale ellipse has the recorded per-axis scale; a run without glyphs draws none.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameMarks } from '../../src/plot/animation.js';
import { raceAnimation } from '../../src/plot/race.js';
import type { Mark } from '../../src/plot/scene.js';
import { createSurface } from '../../src/problems/registry.js';
import { runTrace } from '../../src/trace/trace.js';

const STEPS = 6;
const surface = createSurface({ name: 'quadratic' });
const trace = runTrace({
  fn: { name: 'quadratic' },
  start: [1.5, 1.2],
  steps: STEPS,
  optimizer: { name: 'sgd', lr: 0.02 },
});

/** Glyph vectors by hand: the quadratic's gradient (2x, 20y) at each point, and a made-up momentum and scale. */
function glyphs() {
  const n = trace.points.length;
  const gradient = new Float32Array(2 * n);
  const momentum = new Float32Array(2 * n);
  const scale = new Float32Array(2 * n);
  trace.points.forEach(([x, y], k) => {
    gradient.set([2 * x, 20 * y], 2 * k);
    momentum.set([1, -1], 2 * k);
    scale.set([0.1 * (k + 1), 0.05], 2 * k);
  });
  return { gradient, momentum, scale };
}

function race(withGlyphs: boolean) {
  const run = { label: 'sgd', details: [], trace, ...(withGlyphs ? { glyphs: glyphs() } : {}) };
  return raceAnimation({ surface, window: surface.window, start: [1.5, 1.2], steps: STEPS, runs: [run], title: 't' });
}

function flat(marks: readonly Mark[]): Mark[] {
  return marks.flatMap((m) => (m.kind === 'group' ? flat(m.marks) : [m]));
}

test('each frame draws the glyphs of its step at the head, as the lab map does', () => {
  const animation = race(true);
  const halfWidths: number[] = [];
  for (let index = 0; index < animation.frames.length; index++) {
    const marks = flat(frameMarks(animation, index, false));
    const arrows = marks.filter((m) => m.kind === 'path' && m.role === 'arrow');
    const ellipses = marks.filter((m) => m.kind === 'path' && m.role === 'scale');
    assert.equal(arrows.length, 2, `frame ${index}: the gradient and the momentum arrow`);
    assert.equal(ellipses.length, 1, `frame ${index}: the scale ellipse`);
    const head = animation.paths[0].pixels.subarray(2 * index, 2 * index + 2);
    const [gradientArrow] = arrows as Extract<Mark, { kind: 'path' }>[];
    const [x0, y0, x1, y1] = Array.from(gradientArrow.subpaths[0].points);
    assert.deepEqual([x0, y0], [head[0], head[1]], 'arrows start at the head');
    // −∇L in pixels: x to the left of the head where ∂L/∂x > 0, and down the screen (y grows) where ∂L/∂y > 0.
    const [x, y] = trace.points[index];
    assert.equal(Math.sign(x1 - x0), -Math.sign(x), `frame ${index}: −∂L/∂x`);
    assert.equal(Math.sign(y1 - y0), Math.sign(y), `frame ${index}: −∂L/∂y, screen y downwards`);
    // The scale's half-axis along x is 0.1·(k + 1) data units, scaled alike in every frame.
    const ring = Array.from((ellipses[0] as Extract<Mark, { kind: 'path' }>).subpaths[0].points);
    const xs = ring.filter((_, i) => i % 2 === 0);
    halfWidths.push((Math.max(...xs) - Math.min(...xs)) / 2);
  }
  // cos(kπ/18) reaches ±1 at k = 0 and 18, so the ring's half-width is the half-axis (the vectors are float32).
  halfWidths.forEach((w, k) => assert.ok(Math.abs(w / halfWidths[0] - (k + 1)) < 1e-6, `frame ${k}: ${w}`));
});

test('a run without glyphs draws none', () => {
  const animation = race(false);
  const marks = flat(frameMarks(animation, animation.frames.length - 1, false));
  assert.equal(marks.filter((m) => m.kind === 'path' && (m.role === 'arrow' || m.role === 'scale')).length, 0);
});
