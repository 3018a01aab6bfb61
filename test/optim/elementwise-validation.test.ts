/**
 * Bad options of the elementwise optimizers: each throws an InputError whose one-line message names the
 * option, its valid range and the value given. The ranges are PyTorch 1.13's argument checks, plus eps > 0
 * everywhere (PyTorch accepts eps = 0).
 */
import assert from 'node:assert/strict';
import { optimizers } from '../../src/optim/registry.js';
import { test } from 'node:test';
import { InputError } from '../../src/errors.js';
import { elementwiseOptimizers } from '../helpers/elementwise.js';

const param = () => ({ data: Float64Array.of(1, 2), grad: Float64Array.of(0, 0) });

function assertRejects(name: string, options: Record<string, unknown>, message: string): void {
  assert.throws(
    () => elementwiseOptimizers[name]([param()], options),
    (err: unknown) => err instanceof InputError && err.message === message,
    `${name} ${JSON.stringify(options)} should throw "${message}"`,
  );
}

/** The options each optimizer declares, in its order: what an unknown-option error lists. */
const VALID_OPTIONS = (name: string): string => Object.keys(optimizers.get(name).defaults).join(', ');

for (const name of Object.keys(elementwiseOptimizers)) {
  test(`${name}: unknown options, negative lr and weightDecay, and eps <= 0 are rejected`, () => {
    assertRejects(
      name,
      { learningRate: 0.1 },
      `${name}: unknown option 'learningRate'; valid options: ${VALID_OPTIONS(name)}`,
    );
    assertRejects(name, { lr: -0.1 }, `${name}: lr must be >= 0 (got -0.1)`);
    assertRejects(name, { weightDecay: -1 }, `${name}: weightDecay must be >= 0 (got -1)`);
    assertRejects(name, { eps: 0 }, `${name}: eps must be > 0 (got 0)`);
    assertRejects(name, { eps: -1e-8 }, `${name}: eps must be > 0 (got -1e-8)`);
    assertRejects(name, { lr: 'fast' }, `${name}: lr must be a number >= 0 (got "fast")`);
    // The edge of each range is accepted.
    assert.doesNotThrow(() => elementwiseOptimizers[name]([param()], { lr: 0, weightDecay: 0, eps: 5e-324 }));
  });
}

for (const name of ['adam', 'adamw', 'adamax', 'nadam', 'radam', 'yogi']) {
  test(`${name}: each beta must be in [0, 1)`, () => {
    assertRejects(name, { betas: [1.2, 0.999] }, `${name}: betas[0] must be in [0, 1) (got 1.2)`);
    assertRejects(name, { betas: [-0.1, 0.999] }, `${name}: betas[0] must be in [0, 1) (got -0.1)`);
    assertRejects(name, { betas: [0.9, 1] }, `${name}: betas[1] must be in [0, 1) (got 1)`);
    assertRejects(name, { betas: [0.9] }, `${name}: betas must be two numbers [β1, β2] (got [0.9])`);
    assert.doesNotThrow(() => elementwiseOptimizers[name]([param()], { betas: [0, 0.9999999999] }));
  });
}

test('options peculiar to one optimizer are range-checked as PyTorch 1.13 checks them', () => {
  assertRejects('adagrad', { lrDecay: -0.5 }, 'adagrad: lrDecay must be >= 0 (got -0.5)');
  assertRejects('adagrad', { initialAccumulatorValue: -1 }, 'adagrad: initialAccumulatorValue must be >= 0 (got -1)');
  assertRejects('rmsprop', { alpha: -0.1 }, 'rmsprop: alpha must be >= 0 (got -0.1)');
  assertRejects('rmsprop', { momentum: -0.9 }, 'rmsprop: momentum must be >= 0 (got -0.9)');
  assertRejects('adadelta', { rho: 1.5 }, 'adadelta: rho must be in [0, 1] (got 1.5)');
  assertRejects('adadelta', { rho: -0.5 }, 'adadelta: rho must be in [0, 1] (got -0.5)');
  assertRejects('nadam', { momentumDecay: -4e-3 }, 'nadam: momentumDecay must be >= 0 (got -0.004)');
  assertRejects(
    'yogi',
    { initialAccumulatorValue: -1e-6 },
    'yogi: initialAccumulatorValue must be >= 0 (got -0.000001)',
  );
  assertRejects('adam', { amsgrad: 1 }, 'adam: amsgrad must be true or false (got 1)');
  // PyTorch 1.13's NAdam and RAdam have no maximize option.
  assertRejects(
    'nadam',
    { maximize: true },
    "nadam: unknown option 'maximize'; valid options: " + VALID_OPTIONS('nadam'),
  );
  // rho = 1 is inside PyTorch's closed range (Adadelta then stops adapting, but it is valid).
  assert.doesNotThrow(() => elementwiseOptimizers.adadelta([param()], { rho: 1 }));
});

test("a param group's options are checked like the defaults", () => {
  assert.throws(
    () => elementwiseOptimizers.adam([{ params: [param()] }, { params: [param()], betas: [0.9, 2] }], { lr: 0.1 }),
    (err: unknown) => err instanceof InputError && err.message === 'adam: betas[1] must be in [0, 1) (got 2)',
  );
  assert.throws(
    () => elementwiseOptimizers.adadelta([{ params: [param()], rho: 7 }]),
    (err: unknown) => err instanceof InputError && err.message === 'adadelta: rho must be in [0, 1] (got 7)',
  );
});
