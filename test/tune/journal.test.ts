/** The journal: torn last lines dropped, a damaged line named with the events before it kept, first record wins. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseJournal, replay } from '../../src/tune/journal.js';

const lines = [
  { event: 'sweep', sweep: { seed: 1 } },
  { event: 'created', trial: 0, point: [0.5], config: { lr: 0.01 } },
  { event: 'segment', trial: 0, rung: 0, epochs: 1 },
  { event: 'report', trial: 0, rung: 0, epochs: 1, value: 0.7, seconds: 1 },
  { event: 'report', trial: 0, rung: 0, epochs: 1, value: 0.1, seconds: 1 },
  { event: 'completed', trial: 0, epochs: 1, value: 0.7 },
  { event: 'failed', trial: 0, rung: 0, reason: 'late duplicate' },
].map((e) => JSON.stringify(e));

test('a result is keyed by (trial, rung) and a trial ends once: the first record wins', () => {
  const state = replay(parseJournal(`${lines.join('\n')}\n`).events);
  assert.equal(state.trials[0].reports.get(0)?.value, 0.7);
  assert.equal(state.trials[0].ending?.event, 'completed');
});

test('a last line torn by a crash mid-write is dropped, and the valid length ends before it', () => {
  const good = `${lines.slice(0, 3).join('\n')}\n`;
  const parsed = parseJournal(`${good}{"event":"report","tri`);
  assert.equal(parsed.events.length, 3);
  assert.equal(parsed.validLength, good.length);
  assert.equal(parsed.damaged, undefined);
});

test('a damaged line in the middle is named by its number, and the events before it are kept', () => {
  const text = `${lines.slice(0, 2).join('\n')}\n{"event":"report","trial":0\n${lines.slice(2).join('\n')}\n`;
  const parsed = parseJournal(text);
  assert.equal(parsed.events.length, 2);
  assert.deepEqual(parsed.damaged, { line: 3, reason: 'not JSON' });
  const wrong = parseJournal(`${lines[0]}\n{"event":"report","trial":-1}\n`);
  assert.deepEqual(wrong.damaged, { line: 2, reason: 'report event: trial must be an integer >= 0' });
  assert.match(
    parseJournal('{"event":"hello"}\n').damaged?.reason ?? '',
    /^not a journal event \(valid: sweep, created, /,
  );
});

test('a line may carry its wall-clock time "at" (milliseconds since 1970); a bad one marks the line damaged', () => {
  const stamped = parseJournal('{"event":"segment","trial":0,"rung":0,"epochs":1,"at":1800000000000}\n');
  assert.equal(stamped.events[0].at, 1_800_000_000_000);
  assert.deepEqual(parseJournal('{"event":"segment","trial":0,"rung":0,"epochs":1,"at":"noon"}\n').damaged, {
    line: 1,
    reason: 'segment event: at must be a time in milliseconds since 1970, a number >= 0',
  });
});
