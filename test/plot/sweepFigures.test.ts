/**
 * The sweep figures (src/plot/sweep/) on a hand-made journal of three trials under ASHA (rungs 1, 3, 9
 * epochs, eta 3), whose every number is known: trial 0 completes, trial 1 is stopped at rung 0 (0.9 against a
 * cutoff of 0.5), trial 2 at rung 1 (0.42 against 0.4). Each figure's data is checked against what the
 * journal says, and its SVG for the marks it must hold.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { optimizationHistory } from '../../src/plot/sweep/history.js';
import { heatMap } from '../../src/plot/sweep/heatMap.js';
import { sweepImportance } from '../../src/plot/sweep/importance.js';
import { learningCurves } from '../../src/plot/sweep/learningCurves.js';
import { parallelCoordinates } from '../../src/plot/sweep/parallelCoordinates.js';
import { comparableLevel, sweepRecord } from '../../src/plot/sweep/record.js';
import { sweepFigures } from '../../src/plot/sweep/registry.js';
import { rungLadder } from '../../src/plot/sweep/rungLadder.js';
import { timelineSegments } from '../../src/plot/sweep/timeline.js';
import { renderSvg } from '../../src/plot/svg.js';
import { parseJournal, type JournalEvent } from '../../src/tune/journal.js';
import { countClass } from './svgQuery.js';

const SWEEP = {
  base: { dataset: 'spiral', epochs: 9 },
  space: { lr: { range: [0.001, 0.1] }, 'optimizer.weightDecay': { range: [0.0001, 0.1], scale: 'log' } },
  sampler: { name: 'random' },
  scheduler: { name: 'asha', minEpochs: 1, eta: 3 },
  metric: 'validationLoss',
  trials: 3,
};

/** [at in seconds, event]: the journal as downhill tune writes it. */
const LINES: [number, JournalEvent][] = [
  [0, { event: 'sweep', sweep: SWEEP }],
  [0, { event: 'created', trial: 0, point: [0.5, 0.3], config: { lr: 0.01, 'optimizer.weightDecay': 0.001 } }],
  [0, { event: 'segment', trial: 0, rung: 0, epochs: 1 }],
  [0, { event: 'created', trial: 1, point: [0, 0.6], config: { lr: 0.001, 'optimizer.weightDecay': 0.01 } }],
  [0, { event: 'segment', trial: 1, rung: 0, epochs: 1 }],
  [2, { event: 'report', trial: 0, rung: 0, epochs: 1, value: 0.5, seconds: 2 }],
  [2, { event: 'segment', trial: 0, rung: 1, epochs: 3 }],
  [3, { event: 'report', trial: 1, rung: 0, epochs: 1, value: 0.9, seconds: 3 }],
  [3, { event: 'pruned', trial: 1, rung: 0, epochs: 1, value: 0.9, cutoff: 0.5, rank: 2, of: 2, rule: 'best 1 of 2' }],
  [3, { event: 'created', trial: 2, point: [1, 1], config: { lr: 0.1, 'optimizer.weightDecay': 0.1 } }],
  [3, { event: 'segment', trial: 2, rung: 0, epochs: 1 }],
  [6, { event: 'report', trial: 0, rung: 1, epochs: 3, value: 0.4, seconds: 4 }],
  [6, { event: 'segment', trial: 0, rung: 2, epochs: 9 }],
  [7, { event: 'report', trial: 2, rung: 0, epochs: 1, value: 0.45, seconds: 4 }],
  [7, { event: 'segment', trial: 2, rung: 1, epochs: 3 }],
  [10, { event: 'report', trial: 2, rung: 1, epochs: 3, value: 0.42, seconds: 3 }],
  [
    10,
    { event: 'pruned', trial: 2, rung: 1, epochs: 3, value: 0.42, cutoff: 0.4, rank: 2, of: 2, rule: 'best 1 of 2' },
  ],
  [12, { event: 'report', trial: 0, rung: 2, epochs: 9, value: 0.3, seconds: 6 }],
  [12, { event: 'completed', trial: 0, epochs: 9, value: 0.3 }],
];
const T0 = 1_800_000_000_000;
const text = LINES.map(([s, e]) => JSON.stringify({ ...e, at: T0 + s * 1000 })).join('\n') + '\n';
const { events } = parseJournal(text);
/** Trial 0's metrics.jsonl: a validation loss at each of its 9 epochs (0.5 at 1, 0.4 at 3, 0.3 at 9, as reported). */
const TRIAL0 = [0.5, 0.45, 0.4, 0.38, 0.36, 0.34, 0.33, 0.31, 0.3].map((v, i) => ({
  epoch: i + 1,
  trainLoss: 1,
  validationLoss: v,
}));
const record = sweepRecord(events, new Map([[0, TRIAL0]]));

test('optimization history: each trial at its last value, the best so far over the completed ones', () => {
  const history = optimizationHistory(record);
  assert.deepEqual(history.points, [
    { trial: 0, value: 0.3, epochs: 9, status: 'completed' },
    { trial: 1, value: 0.9, epochs: 1, status: 'pruned' },
    { trial: 2, value: 0.42, epochs: 3, status: 'pruned' },
  ]);
  assert.deepEqual(history.bestSoFar, [{ trial: 0, value: 0.3, holder: 0 }]);
});

test('learning curves: from metrics.jsonl where given, else from the rungs; the best completed trial last', () => {
  const curves = learningCurves(record);
  assert.deepEqual(
    curves.map((c) => [c.trial, c.status, c.curve.length]),
    [
      [1, 'pruned', 1],
      [2, 'pruned', 2],
      [0, 'completed', 9],
    ],
  );
  assert.deepEqual(curves[1].curve, [
    [1, 0.45],
    [3, 0.42],
  ]);
});

test('rung ladder: rungs 1, 3, 9 epochs; each trial through its rungs; a cutoff point at each stop', () => {
  const ladder = rungLadder(record);
  assert.deepEqual(ladder.rungs, [1, 3, 9]);
  assert.deepEqual(
    ladder.lines.map((l) => [l.trial, l.status, l.points]),
    [
      [
        0,
        'completed',
        [
          [0, 0.5],
          [1, 0.4],
          [2, 0.3],
        ],
      ],
      [1, 'pruned', [[0, 0.9]]],
      [
        2,
        'pruned',
        [
          [0, 0.45],
          [1, 0.42],
        ],
      ],
    ],
  );
  assert.deepEqual(ladder.cutoffs, [
    { trial: 1, rung: 0, cutoff: 0.5, value: 0.9 },
    { trial: 2, rung: 1, cutoff: 0.4, value: 0.42 },
  ]);
});

test('values are compared at 3 epochs: the most that at least half of the 3 trials (2) reached', () => {
  const level = comparableLevel(record);
  assert.equal(level.epochs, 3);
  assert.deepEqual(
    [...level.values],
    [
      [0, 0.4],
      [2, 0.42],
    ],
  );
});

test('parallel coordinates: a log range on a log axis (0.01 halfway between 0.001 and 0.1)', () => {
  const { axes, lines } = parallelCoordinates(record);
  assert.deepEqual(
    axes.map((a) => [a.key, a.log]),
    [
      ['lr', true],
      ['optimizer.weightDecay', true],
    ],
  );
  // lr: log10 0.01 is halfway from −3 to −1; weight decay: log10 0.001 = −3 is a third of the way from −4 to −1.
  assert.deepEqual(
    lines.map((l) => [l.trial, l.positions.map((p) => Number(p?.toFixed(12))), l.value]),
    [
      [0, [0.5, 0.333333333333], 0.4],
      [1, [0, 0.666666666667], undefined],
      [2, [1, 1], 0.42],
    ],
  );
});

test('heat map over lr × weight decay: 2 × 2 cells, a trial in each of two, the best value of each', () => {
  const map = heatMap(record);
  assert.ok(map !== undefined);
  assert.deepEqual([map.x.key, map.y.key, map.columns, map.rows], ['lr', 'optimizer.weightDecay', 2, 2]);
  // round(√2) = 1 step is raised to 2; trial 0 at (0.5, 1/3) → cell (1, 0); trial 2 at (1, 1) → cell (1, 1).
  assert.deepEqual(map.cells, [
    { column: 1, row: 0, value: 0.4, trials: 1 },
    { column: 1, row: 1, value: 0.42, trials: 1 },
  ]);
  assert.equal(map.leftOut, 0);
});

test('importance: two trials with a value are too few for any estimate', () => {
  const { importances, trials } = sweepImportance(record);
  assert.equal(trials, 2);
  assert.ok(importances.every((i) => i.share === undefined));
});

test('worker timeline: segments from the stamps, each in the lowest free slot, ending as its trial did', () => {
  assert.deepEqual(
    timelineSegments(events).map((s) => [s.trial, s.rung, s.slot, s.start, s.end, s.outcome]),
    [
      [0, 0, 0, 0, 2, 'continued'],
      [1, 0, 1, 0, 3, 'pruned'],
      [0, 1, 0, 2, 6, 'continued'],
      [2, 0, 1, 3, 7, 'continued'],
      [0, 2, 0, 6, 12, 'completed'],
      [2, 1, 1, 7, 10, 'pruned'],
    ],
  );
});

test('worker timeline: a segment cut by an interruption ends at the last line before it started again', () => {
  const stamped = (s: number, e: JournalEvent) => ({ ...e, at: T0 + s * 1000 }) as JournalEvent;
  const interrupted = [
    stamped(0, { event: 'sweep', sweep: SWEEP }),
    stamped(0, { event: 'created', trial: 0, point: [0.5, 0.5], config: { lr: 0.01 } }),
    stamped(0, { event: 'segment', trial: 0, rung: 0, epochs: 1 }),
    stamped(1, { event: 'created', trial: 1, point: [0.5, 0.5], config: { lr: 0.01 } }),
    stamped(30, { event: 'segment', trial: 0, rung: 0, epochs: 1 }),
    stamped(32, { event: 'report', trial: 0, rung: 0, epochs: 1, value: 0.5, seconds: 2 }),
  ];
  assert.deepEqual(
    timelineSegments(interrupted).map((s) => [s.trial, s.slot, s.start, s.end, s.outcome]),
    [
      [0, 0, 0, 1, 'interrupted'],
      [0, 0, 30, 32, 'continued'],
    ],
  );
  assert.deepEqual(timelineSegments(interrupted.map(({ at: _at, ...e }) => e as JournalEvent)), []);
});

test('every sweep figure draws its marks: crosses, cutoffs, lines, cells, segments', () => {
  const svg = Object.fromEntries(
    sweepFigures.entries().map(([name, entry]) => [name, renderSvg(entry.build(record).scene)]),
  );
  const counts = {
    history: [
      countClass(svg.history, 'completed'),
      countClass(svg.history, 'pruned'),
      countClass(svg.history, 'best-so-far'),
    ],
    curves: [
      countClass(svg['learning-curves'], 'completed'),
      countClass(svg['learning-curves'], 'pruned'),
      countClass(svg['learning-curves'], 'pruned-end'),
    ],
    ladder: [
      countClass(svg['rung-ladder'], 'ladder'),
      countClass(svg['rung-ladder'], 'pruned'),
      countClass(svg['rung-ladder'], 'cutoff'),
    ],
    parallel: [countClass(svg['parallel-coordinates'], 'trial'), countClass(svg['parallel-coordinates'], 'unvalued')],
    heat: [countClass(svg['heat-map'], 'cell'), countClass(svg['heat-map'], 'trial-point')],
    timeline: [countClass(svg.timeline, 'segment')],
  };
  assert.deepEqual(counts, {
    history: [1, 2, 1],
    curves: [1, 2, 2],
    ladder: [3, 2, 2],
    parallel: [2, 1],
    heat: [2, 2],
    timeline: [6],
  });
  for (const [name, text] of Object.entries(svg)) {
    assert.match(text, /^<svg [^>]*>[\s\S]*<\/svg>\n$/, name);
    assert.equal(text.match(/<g[ >]/g)?.length ?? 0, text.match(/<\/g>/g)?.length ?? 0, `${name}: groups close`);
  }
});
