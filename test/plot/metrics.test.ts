/**
 * metrics.jsonl read back for plotting: every field a run writes survives, blank lines are skipped, and
 * each kind of malformed file is one InputError line naming the file and the line; the early-stopping
 * epoch is the first with the lowest validation loss, as fit keeps it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { earlyStoppingEpoch, parseMetricsJsonl } from '../../src/plot/metrics.js';

const LINES = [
  {
    epoch: 1,
    step: 4,
    trainLoss: 0.9,
    trainAccuracy: 0.5,
    validationLoss: 1.1,
    validationAccuracy: 0.4,
    lr: 0.01,
    seconds: 0.2,
  },
  { epoch: 2, step: 8, trainLoss: 0.6, validationLoss: 0.8, lr: 0.01, seconds: 0.2 },
  { epoch: 3, step: 12, trainLoss: 0.4, validationLoss: 0.8, lr: 0.01, seconds: 0.2 },
  { epoch: 4, step: 16, trainLoss: 0.3, validationLoss: 0.9, lr: 0.005, seconds: 0.2 },
];

test("a run's metrics.jsonl parses back to what was written; blank lines (the trailing newline) are skipped", () => {
  const text = `${LINES.map((m) => JSON.stringify(m)).join('\n')}\n\n`;
  assert.deepEqual(parseMetricsJsonl(text, 'm.jsonl'), LINES);
  assert.deepEqual(parseMetricsJsonl('{"epoch": 0, "trainLoss": 2}', 'm.jsonl'), [{ epoch: 0, trainLoss: 2 }]);
});

test('the early-stopping epoch: the first with the lowest validation loss; none without validation losses', () => {
  assert.equal(earlyStoppingEpoch(LINES)?.epoch, 2, 'a tie (epoch 3) does not replace the best');
  assert.equal(earlyStoppingEpoch(LINES.map(({ epoch, trainLoss }) => ({ epoch, trainLoss }))), null);
});

test('malformed files: one line naming the file, the line and the problem', () => {
  const cases: [string, string][] = [
    ['', 'runs/x/metrics.jsonl: no epochs (expected one JSON object per line, as downhill train writes metrics.jsonl)'],
    ['{"epoch": 1, "trainLoss": 0.5}\n{"epoch": 2, "trainLoss"', 'runs/x/metrics.jsonl: line 2 is not valid JSON: '],
    [
      '[{"epoch": 1, "trainLoss": 0.5}]',
      'runs/x/metrics.jsonl: line 1 must be a JSON object such as {"epoch": 1, "trainLoss": 0.5} (got [{"epoch":1,"trainLoss":0.5}])',
    ],
    ['{"epoch": 1}', 'runs/x/metrics.jsonl: line 1 needs "trainLoss" as a finite number (got nothing)'],
    [
      '{"epoch": 1, "trainLoss": "0.5"}',
      'runs/x/metrics.jsonl: line 1 needs "trainLoss" as a finite number (got "0.5")',
    ],
    ['{"epoch": 1.5, "trainLoss": 0.5}', 'runs/x/metrics.jsonl: line 1: "epoch" must be an integer >= 0 (got 1.5)'],
    [
      '{"epoch": 1, "trainLoss": 0.5, "validationLoss": null}',
      'runs/x/metrics.jsonl: line 1: "validationLoss" must be a finite number when present (got null)',
    ],
    [
      '{"epoch": 2, "trainLoss": 0.5}\n{"epoch": 2, "trainLoss": 0.4}',
      'runs/x/metrics.jsonl: line 2: epoch 2 comes after epoch 2; epochs must increase',
    ],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseMetricsJsonl(text, 'runs/x/metrics.jsonl'),
      (error: unknown) =>
        error instanceof InputError && error.message.startsWith(message) && !error.message.includes('\n'),
      message,
    );
  }
});
