/** fitAsync: fit's run bit for bit, in slices with pauses for the event loop; an AbortSignal stops it resumably. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trainValidationSplit, type Dataset } from '../../src/data/dataset.js';
import { toyDataset } from '../../src/data/toy.js';
import { InputError } from '../../src/errors.js';
import { mlp } from '../../src/nn/models.js';
import type { Module } from '../../src/nn/module.js';
import { Random } from '../../src/tensor/random.js';
import { fit, fitAsync, type FitEvent, type FitOptions } from '../../src/train/fit.js';

function moons(seed: number): { train: Dataset; validation: Dataset } {
  const random = new Random(seed);
  return trainValidationSplit(toyDataset('moons', { random, n: 300, noise: 0.2 }), 0.25, random);
}

function weights(model: Module): number[] {
  return model.parameters().flatMap((t) => Array.from(t.data));
}

/** A fresh model and options with their own generators, so that two runs draw the same numbers. */
function run(): { model: Module; options: FitOptions } {
  const { train, validation } = moons(1);
  const random = new Random(2);
  const model = mlp({ inputs: 2, hidden: [16], outputs: 2, random });
  return {
    model,
    options: { train, validation, optimizer: { name: 'adam', lr: 0.01 }, epochs: 4, batchSize: 16, random },
  };
}

test('fitAsync gives fit’s weights and history, pausing for the event loop between slices', async () => {
  const sync = run();
  const expected = fit(sync.model, sync.options);
  const slices = run();
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const events: FitEvent[] = [];
  // A slice of 0.001 ms is one step: every step is followed by a pause in which the interval can run.
  const result = await fitAsync(slices.model, { ...slices.options, sliceMs: 0.001, onEvent: (e) => events.push(e) });
  clearInterval(timer);
  assert.equal(result.stopped, 'completed');
  assert.equal(result.steps, expected.steps);
  assert.deepEqual(weights(slices.model), weights(sync.model));
  assert.deepEqual(
    result.history.map(({ seconds: _s, ...m }) => m),
    expected.history.map(({ seconds: _s, ...m }) => m),
  );
  assert.equal(events.filter((e) => e.type === 'step').length, expected.steps);
  assert.ok(ticks >= 10, `the event loop ran ${ticks} timers during ${expected.steps} steps`);
});

test('an aborted fitAsync stops at a pause with a state from which fit continues bit for bit', async () => {
  const whole = run();
  fit(whole.model, { ...whole.options, restoreBest: false });
  const first = run();
  const controller = new AbortController();
  const result = await fitAsync(first.model, {
    ...first.options,
    restoreBest: false,
    sliceMs: 0.001,
    onEvent: (e) => {
      if (e.type === 'step' && e.step === 30) controller.abort();
    },
    signal: controller.signal,
  });
  assert.equal(result.stopped, 'aborted');
  assert.equal(result.steps, 30);
  assert.equal(result.state.step, 30);
  const second = run();
  const resumed = fit(second.model, { ...second.options, restoreBest: false, resume: result.state });
  assert.equal(resumed.stopped, 'completed');
  assert.deepEqual(weights(second.model), weights(whole.model));
});

test('a signal aborted before the start trains nothing; sliceMs must be positive', async () => {
  const { model, options } = run();
  const before = weights(model);
  const result = await fitAsync(model, { ...options, signal: AbortSignal.abort() });
  assert.equal(result.stopped, 'aborted');
  assert.equal(result.steps, 0);
  assert.deepEqual(weights(model), before);
  await assert.rejects(
    fitAsync(model, { ...options, sliceMs: 0 }),
    (e: unknown) => e instanceof InputError && /sliceMs must be a number > 0 \(got 0\)/.test(e.message),
  );
});
