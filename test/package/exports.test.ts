/**
 * What the registries list, the package exports: `import { rprop, swaLR } from 'downhill'` works for every
 * registered optimizer and schedule, so a name that `downhill list` prints is never missing from the library.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as downhill from '../../src/index.js';
import { optimizers } from '../../src/optim/registry.js';
import { schedules } from '../../src/schedules/registry.js';

const exported = new Set<unknown>(Object.values(downhill));

test('every registered optimizer is exported by the package', () => {
  for (const [name, entry] of optimizers.entries()) {
    // amsgrad is adam with an option; its factory is a small wrapper, and `adam` is exported.
    if (entry.pytorch?.options !== undefined) continue;
    assert.ok(exported.has(entry.create), `${name} is not exported from src/index.ts`);
  }
});

test('every registered schedule is exported by the package', () => {
  for (const [name, entry] of schedules.entries()) {
    // sequential and chained make their parts through the registry; createSchedule is their entry point.
    if (name === 'sequential' || name === 'chained') continue;
    assert.ok(exported.has(entry.factory), `${name} is not exported from src/index.ts`);
  }
});
