/**
 * `runTrace` against PyTorch 1.13 and 2.x: every case of test/fixtures/trace/cases.json and
 * cases.torch2.json (made by generate.py beside them under each release; 1.13's replayed with `pytorch:
 * '1.13'` where an optimizer or schedule has that option) runs through the same config parser as the CLI and must follow PyTorch's path, losses and
 * learning rates to 1e-9 relative, and diverge at the same step where PyTorch does.
 */
import assert from 'node:assert/strict';
import { optimizers as optimizerRegistry } from '../../src/optim/registry.js';
import { schedules as scheduleRegistry } from '../../src/schedules/registry.js';
import { test } from 'node:test';
import { parseTraceConfig } from '../../src/trace/config.js';
import { runTrace, type TraceResult } from '../../src/trace/trace.js';
import { assertClose } from '../helpers/close.js';
import { optionsFor, torchFixtures } from '../helpers/torchFixtures.js';

interface Fixture {
  config: { optimizer: { name: string }; schedule?: { name: string }; fn: { name: string } };
  expected: TraceResult;
}

const releases = torchFixtures<{ cases: Fixture[] }>('trace/cases.json');

for (const { release, torch, data } of releases) {
  for (const [i, { config, expected }] of data.cases.entries()) {
    const label = `${i}: ${config.optimizer.name}${config.schedule ? ` + ${config.schedule.name}` : ''} on ${config.fn.name}`;
    test(`trace matches PyTorch ${torch}, case ${label}`, () => {
      const { optimizer, schedule } = config;
      const actual = runTrace(
        parseTraceConfig({
          ...config,
          optimizer: optionsFor(release, optimizerRegistry.get(optimizer.name).rows, optimizer),
          ...(schedule && { schedule: optionsFor(release, scheduleRegistry.get(schedule.name).rows, schedule) }),
        }),
      );
      assert.deepEqual(actual.diverged, expected.diverged);
      assertClose(actual.lr, expected.lr, 1e-9, 0, 'lr');
      assertClose(actual.points, expected.points, 1e-9, 1e-300, 'points');
      assertClose(actual.loss, expected.loss, 1e-9, 1e-300, 'loss');
    });
  }
}

test('the fixtures cover every PyTorch optimizer and schedule', () => {
  const fixtures = releases[1].data.cases;
  const optimizers = new Set(fixtures.map((f) => f.config.optimizer.name));
  const schedules = new Set(fixtures.flatMap((f) => (f.config.schedule ? [f.config.schedule.name] : [])));
  // Every registered optimizer with a PyTorch twin of its own (amsgrad is Adam with an option), every schedule;
  // PyTorch's Muon takes matrices only, which a surface's point is not (test/fixtures/adafactor-muon has it).
  for (const [name, entry] of optimizerRegistry.entries()) {
    if (entry.pytorch !== undefined && entry.pytorch.options === undefined && name !== 'muon')
      assert.ok(optimizers.has(name), name);
  }
  for (const name of scheduleRegistry.names) assert.ok(schedules.has(name), name);
});
