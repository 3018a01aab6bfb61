/** A custom race drawn with the public API only: raceAnimation, then frameScene / stillScene into SVG. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSurface, frameScene, raceAnimation, renderSvg, runTrace, stillScene } from '../../src/index.js';

test('a race of two optimizers drawn frame by frame from the package’s exports', () => {
  const surface = createSurface({ name: 'rosenbrock' });
  const runs = [
    {
      label: 'adam',
      details: ['lr 0.05'],
      trace: runTrace({
        fn: { name: 'rosenbrock' },
        start: [-1.5, 2],
        steps: 40,
        optimizer: { name: 'adam', lr: 0.05 },
      }),
    },
    {
      label: 'sgd',
      details: ['lr 1e-3'],
      trace: runTrace({
        fn: { name: 'rosenbrock' },
        start: [-1.5, 2],
        steps: 40,
        optimizer: { name: 'sgd', lr: 1e-3 },
      }),
    },
  ];
  const animation = raceAnimation({
    surface,
    window: surface.window,
    start: [-1.5, 2],
    steps: 40,
    runs,
    title: 'my race',
  });
  // 40 steps in at most 150 frames: one frame per step, 0 … 40.
  assert.equal(animation.frames.length, 41);
  const first = renderSvg(frameScene(animation, 0));
  const tenth = renderSvg(frameScene(animation, 10));
  const still = renderSvg(stillScene(animation));
  assert.ok(first.includes('step 0 / 40') && tenth.includes('step 10 / 40'));
  assert.ok(!still.includes('step 40 / 40'), 'the still picture has no counter');
  for (const svg of [first, tenth, still])
    assert.ok(svg.startsWith('<svg') && svg.includes('my race') && svg.includes('adam') && svg.includes('sgd'));
  // Frame 10 draws more of each path than frame 0 (which shows only the start).
  assert.ok(tenth.length > first.length);
});
