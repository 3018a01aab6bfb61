/** Frame schedules and frame contents: bounded frame counts, paths growing to steps + 1 vertices. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  changingRegion,
  frameMarks,
  frameSchedule,
  MAX_FRAMES,
  stillScene,
  type Animation,
} from '../../src/plot/animation.js';
import { headMarker } from '../../src/plot/panel.js';
import type { GroupMark, Mark, PathMark } from '../../src/plot/scene.js';

test('a 300-step run gets 101 frames of 3 steps; the first and last are held', () => {
  const frames = frameSchedule(300);
  assert.equal(frames.length, 101);
  assert.deepEqual(
    frames.slice(0, 3).map((f) => f.step),
    [0, 3, 6],
  );
  assert.equal(frames[100].step, 300);
  assert.ok(frames[0].delayMs > frames[1].delayMs && frames[100].delayMs > frames[1].delayMs);
  assert.equal(frames[1].delayMs % 10, 0);
});

test('any step count: at most MAX_FRAMES frames, steps rising from 0 to the last step, evenly spaced', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 50_000 }), (steps) => {
      const frames = frameSchedule(steps);
      const stride = frames[1].step - frames[0].step;
      return (
        frames.length <= MAX_FRAMES &&
        frames[0].step === 0 &&
        frames[frames.length - 1].step === steps &&
        frames.slice(1, -1).every((f, k) => f.step - frames[k].step === stride)
      );
    }),
  );
});

function tracesIn(marks: readonly Mark[]): PathMark[] {
  return marks.flatMap((m) =>
    m.kind === 'group' ? tracesIn((m as GroupMark).marks) : m.kind === 'path' && m.role === 'trace' ? [m] : [],
  );
}

const clip = { x: 0, y: 0, width: 100, height: 100 };
const animation: Animation = {
  width: 120,
  height: 120,
  background: '#fff',
  base: [],
  paths: [
    {
      pixels: Float64Array.from({ length: 22 }, (_, i) => i),
      style: { color: '#f00' },
      label: 'ten steps',
      clip,
      head: headMarker('#f00'),
    },
    {
      pixels: Float64Array.from({ length: 8 }, (_, i) => i),
      style: { color: '#00f' },
      label: 'diverged after 3',
      clip,
      head: headMarker('#00f'),
    },
  ],
  overlay: [],
  frames: frameSchedule(10),
  counter: { x: 118, y: 115, total: 10 },
};

test('frame k shows each path up to its step (a diverged path stops at its last finite point)', () => {
  const at = (index: number) => tracesIn(frameMarks(animation, index)).map((t) => t.subpaths[0].points.length / 2);
  assert.deepEqual(at(0), [1, 1]);
  assert.deepEqual(at(2), [3, 3]);
  assert.deepEqual(at(animation.frames.length - 1), [11, 4]);
  const still = stillScene(animation);
  assert.deepEqual(
    tracesIn(still.marks).map((t) => t.label),
    ['ten steps', 'diverged after 3'],
  );
  assert.ok(!JSON.stringify(still.marks).includes('"counter"'));
  assert.ok(JSON.stringify(frameMarks(animation, 3)).includes('"step 3 / 10"'));
});

test('the changing region holds the plot areas and the counter, in whole pixels', () => {
  const region = changingRegion(animation);
  assert.deepEqual([region.x, region.y], [0, 0]);
  assert.equal(region.width, 120);
  assert.ok(region.height >= 117 && region.height <= 120);
  assert.ok([region.x, region.y, region.width, region.height].every(Number.isInteger));
});
