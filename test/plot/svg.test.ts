/** The SVG writer: fixed number formatting, one M/L per vertex, numbered clip paths, escaped text. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scene } from '../../src/plot/scene.js';
import { pathData, renderSvg } from '../../src/plot/svg.js';

const scene: Scene = {
  width: 200,
  height: 100,
  background: '#ffffff',
  marks: [
    {
      kind: 'group',
      clip: { x: 10, y: 10, width: 80, height: 80 },
      marks: [
        {
          kind: 'path',
          subpaths: [{ points: [1.234567, 2.5, 3.999, -0.0001], closed: false }],
          stroke: '#d62728',
          strokeWidth: 2,
          role: 'trace',
          label: 'a "quoted" <label>',
        },
      ],
    },
    {
      kind: 'group',
      clip: { x: 110, y: 10, width: 80, height: 80 },
      marks: [{ kind: 'circle', cx: 150, cy: 50, r: 4, fill: '#000' }],
    },
    { kind: 'text', x: 5, y: 95, text: 'β = 0.9 & more', size: 12, anchor: 'middle', rotate: -90 },
  ],
};

test('coordinates are rounded to hundredths, with -0 written as 0', () => {
  assert.equal(pathData([{ points: [1.234567, 2.5, 3.999, -0.0001], closed: false }]), 'M1.23 2.5L4 0');
  assert.equal(pathData([{ points: [0, 0, 1, 0, 1, 1], closed: true }]), 'M0 0L1 0L1 1Z');
});

test('one path element per trace, with class, label (escaped) and every vertex', () => {
  const svg = renderSvg(scene);
  const traces = svg.match(/<path class="trace"[^>]*>/g) ?? [];
  assert.equal(traces.length, 1);
  assert.match(traces[0], /data-label="a &quot;quoted&quot; &lt;label&gt;"/);
  assert.match(traces[0], / d="M1.23 2.5L4 0"/);
  assert.match(
    svg,
    /<text x="5" y="95" font-size="12" text-anchor="middle" fill="#000" transform="rotate\(-90 5 95\)">β = 0.9 &amp; more<\/text>/,
  );
});

test('clip paths are numbered in document order, so the same scene gives the same bytes', () => {
  const svg = renderSvg(scene);
  assert.deepEqual(
    [...svg.matchAll(/<clipPath id="(clip\d+)">/g)].map((m) => m[1]),
    ['clip1', 'clip2'],
  );
  assert.match(svg, /<g clip-path="url\(#clip2\)">\n<circle cx="150" cy="50" r="4" fill="#000"\/>/);
  assert.equal(renderSvg(scene), svg);
  assert.match(
    svg,
    /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="200" height="100" viewBox="0 0 200 100" font-family="DejaVu Sans, sans-serif">/,
  );
});
