/**
 * `runTrace` against PyTorch 1.13: every case of test/fixtures/trace/cases.json (made by generate.py
 * beside it) runs through the same config parser as the CLI and must follow PyTorch's path, losses and
 * learning rates to 1e-9 relative, and diverge at the same step where PyTorch does.
 */
import assert from 'node:assert/strict';
import { optimizers as optimizerRegistry } from '../../src/optim/registry.js';
import { schedules as scheduleRegistry } from '../../src/schedules/registry.js';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseTraceConfig } from '../../src/trace/config.js';
import { runTrace, type TraceResult } from '../../src/trace/trace.js';
import { assertClose } from '../helpers/close.js';

interface Fixture {
  config: { optimizer: { name: string }; schedule?: { name: string }; fn: { name: string } };
  expected: TraceResult;
}

const fixtures: Fixture[] = JSON.parse(
  readFileSync(new URL('../fixtures/trace/cases.json', import.meta.url), 'utf8'),
).cases;

for (const [i, { config, expected }] of fixtures.entries()) {
  const label = `${i}: ${config.optimizer.name}${config.schedule ? ` + ${config.schedule.name}` : ''} on ${config.fn.name}`;
  test(`trace matches PyTorch, case ${label}`, () => {
    const actual = runTrace(parseTraceConfig(config));
    assert.deepEqual(actual.diverged, expected.diverged);
    assertClose(actual.lr, expected.lr, 1e-9, 0, 'lr');
    assertClose(actual.points, expected.points, 1e-9, 1e-300, 'points');
    assertClose(actual.loss, expected.loss, 1e-9, 1e-300, 'loss');
  });
}

test('the fixtures cover every PyTorch optimizer and schedule', () => {
  const optimizers = new Set(fixtures.map((f) => f.config.optimizer.name));
  const schedules = new Set(fixtures.flatMap((f) => (f.config.schedule ? [f.config.schedule.name] : [])));
  // Every registered optimizer with a PyTorch twin of its own (amsgrad is Adam with an option), every schedule.
  for (const [name, entry] of optimizerRegistry.entries()) {
    if (entry.pytorch !== undefined && entry.pytorch.options === undefined) assert.ok(optimizers.has(name), name);
  }
  for (const name of scheduleRegistry.names) assert.ok(schedules.has(name), name);
});
