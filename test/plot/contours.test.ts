/** Contour levels and bands: log levels where the range is wide, and bands that lie where the loss says. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scaleLinear } from 'd3-scale';
import { chooseLevels, contourMarks, sampleGrid } from '../../src/plot/contours.js';
import { createSurface } from '../../src/problems/registry.js';
import type { PathMark } from '../../src/plot/scene.js';

function levelsOf(name: string) {
  const surface = createSurface({ name });
  return chooseLevels(sampleGrid((x, y) => surface.value(x, y), surface.window, 120, 120).values);
}

test('wide ranges get levels by decades (1, 2, 5 × 10^k), narrow ones even linear steps', () => {
  const rosenbrock = levelsOf('rosenbrock');
  assert.equal(rosenbrock.log, true);
  assert.deepEqual(rosenbrock.thresholds, [2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]);
  assert.equal(levelsOf('beale').log, true);
  const quadratic = levelsOf('quadratic');
  assert.equal(quadratic.log, false);
  const steps = quadratic.thresholds.slice(1).map((t, k) => t - quadratic.thresholds[k]);
  assert.ok(
    steps.every((s) => Math.abs(s - steps[0]) < 1e-12),
    String(steps),
  );
  assert.equal(levelsOf('rastrigin').log, false);
});

test('one colour per band, darkest (lowest loss) first, all distinct', () => {
  const { thresholds, colors } = levelsOf('rosenbrock');
  assert.equal(colors.length, thresholds.length + 1);
  assert.equal(new Set(colors).size, colors.length);
  const lightness = colors.map((c) => [1, 3, 5].reduce((sum, i) => sum + parseInt(c.slice(i, i + 2), 16), 0));
  assert.ok(lightness[0] < lightness[lightness.length - 1]);
});

test('a band edge lies on its level: x² + y² = 1 is the unit circle in pixels', () => {
  const window = { x: [-2, 2], y: [-2, 2] } as const;
  const x = scaleLinear().domain([-2, 2]).range([0, 400]);
  const y = scaleLinear().domain([-2, 2]).range([400, 0]);
  const grid = sampleGrid((u, v) => u * u + v * v, window, 81, 81);
  const marks = contourMarks(grid, { thresholds: [1], log: false, colors: ['#000000', '#ffffff'] }, x, y);
  const band = marks.find((m) => m.kind === 'path') as PathMark;
  // The region L ≥ 1 has the frame as outer ring and the circle as hole: the hole's vertices are at radius 1.
  const radii = band.subpaths
    .flatMap(({ points }) => {
      const r: number[] = [];
      for (let i = 0; i < points.length; i += 2) r.push(Math.hypot(x.invert(points[i]), y.invert(points[i + 1])));
      return r;
    })
    .filter((r) => r < 1.5);
  assert.ok(radii.length > 20);
  for (const r of radii) assert.ok(Math.abs(r - 1) < 0.01, `vertex at radius ${r}`);
});
