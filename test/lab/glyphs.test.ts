/**
 * The race map's glyphs read the optimizer's own state at the right step: the path itself says what the
 * step was, so for SGD with momentum θ_{k−1} − θ_k = α·b_k, and for Adam θ_{k−1} − θ_k = scale_k ⊙ m̂_k
 * (src/optim/adam.ts: θ ← θ − α·m̂/(√v̂ + ε)); the start has no state, so no glyph.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Spec } from '../../src/config/spec.js';
import { createSurface } from '../../src/problems/registry.js';
import { traceSurface } from '../../src/trace/trace.js';
import { glyphRecorder, glyphsOf } from '../../lab/src/race/glyphs.js';
import { optimizerNames } from '../../src/optim/registry.js';

const surface = createSurface({ name: 'rosenbrock' });
const STEPS = 50;

function recorded(optimizer: Spec) {
  const recorder = glyphRecorder(optimizer.name, ['gradient', 'momentum', 'scale'], STEPS);
  const run = traceSurface(surface, { start: [-1.5, 2], steps: STEPS, optimizer }, recorder.observe);
  return { points: run.points, ...recorder.finish(surface, Float64Array.from(run.points.flat())) };
}

/** |a − b| within float32 rounding of b (the glyphs are stored as float32). */
function close(a: number, b: number, what: string): void {
  assert.ok(Math.abs(a - b) <= 1e-6 * Math.abs(b) + 1e-12, `${what}: ${a} against ${b}`);
}

describe('race glyphs', () => {
  it("SGD's momentum glyph is the buffer that made each step: θ_{k−1} − θ_k = α·b_k", () => {
    const lr = 1e-3;
    const { points, momentum } = recorded({ name: 'sgd', lr, momentum: 0.9 });
    assert.ok(momentum !== undefined);
    assert.ok(Number.isNaN(momentum[0]) && Number.isNaN(momentum[1]));
    for (let k = 1; k <= STEPS; k++)
      for (const i of [0, 1]) close(lr * momentum[2 * k + i], points[k - 1][i] - points[k][i], `step ${k}, axis ${i}`);
  });

  it("Adam's step is the scale glyph times the momentum glyph: θ_{k−1} − θ_k = α/(√v̂ + ε) ⊙ m̂", () => {
    const { points, momentum, scale } = recorded({ name: 'adam', lr: 0.05 });
    assert.ok(momentum !== undefined && scale !== undefined);
    for (let k = 1; k <= STEPS; k++)
      for (const i of [0, 1])
        close(scale[2 * k + i] * momentum[2 * k + i], points[k - 1][i] - points[k][i], `step ${k}, axis ${i}`);
  });

  it("the gradient glyph is Rosenbrock's ∇L at every point, whether the step left it or the surface gives it", () => {
    // ∇[(1 − x)² + 100(y − x²)²] = (−2(1 − x) − 400x(y − x²), 200(y − x²)). Adam's come from its steps' closures
    // (and the surface for the last point); L-BFGS evaluates along its search, so its come from the surface.
    for (const optimizer of [
      { name: 'adam', lr: 0.05 },
      { name: 'lbfgs', lr: 0.5 },
    ]) {
      const { points, gradient } = recorded(optimizer);
      assert.equal(gradient?.length, 2 * points.length);
      points.forEach(([x, y], k) => {
        close(gradient![2 * k], -2 * (1 - x) - 400 * x * (y - x * x), `${optimizer.name} ∂x at ${k}`);
        close(gradient![2 * k + 1], 200 * (y - x * x), `${optimizer.name} ∂y at ${k}`);
      });
    }
  });

  it('every optimizer draws the gradient; momentum and scale only where it keeps them', () => {
    assert.deepEqual(glyphsOf('sgd'), ['gradient', 'momentum']);
    assert.deepEqual(glyphsOf('adam'), ['gradient', 'momentum', 'scale']);
    assert.deepEqual(glyphsOf('adagrad'), ['gradient', 'scale']);
    assert.deepEqual(glyphsOf('lbfgs'), ['gradient']);
    // Every reader runs on its optimizer's real state and writes finite numbers (SGD and RMSProp keep a
    // momentum buffer only with momentum > 0).
    for (const name of optimizerNames) {
      const { momentum, scale } = recorded({
        name,
        lr: 1e-3,
        ...(['sgd', 'rmsprop'].includes(name) && { momentum: 0.9 }),
      });
      for (const v of [momentum, scale]) if (v !== undefined) assert.ok(Number.isFinite(v[2 * STEPS]), name);
    }
  });
});
