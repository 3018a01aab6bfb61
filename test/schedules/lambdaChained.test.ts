/**
 * lambda, multiplicative and chained beyond the PyTorch fixtures (test/fixtures/schedules, replayed in
 * registry.test.ts): values worked by hand, formulas parsed as --fn formulas are (errors named), the CLI's
 * one-line spec, per-group formulas, and a chain saved mid-way and resumed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSpec } from '../../src/config/spec.js';
import { sgd } from '../../src/optim/sgd.js';
import { createSchedule } from '../../src/schedules/registry.js';
import { assertClose } from '../helpers/close.js';

const optimizer = (...lrs: number[]) =>
  sgd(
    lrs.map((lr) => ({ params: [{ data: new Float64Array(1), grad: new Float64Array(1) }], lr })),
    { lr: lrs[0] },
  );

test('lambda: η_t = η_base·λ(t); multiplicative: η_t = η_{t−1}·λ(t) (by hand)', () => {
  const a = optimizer(0.1);
  const lambda = createSchedule(a, parseSpec('schedule', 'lambda:lrLambda=0.5^epoch'));
  const lrs = [a.groups[0].options.lr];
  for (let t = 1; t <= 3; t++) {
    lambda.step();
    lrs.push(a.groups[0].options.lr);
  }
  // 0.1·0.5^t: 0.1, 0.05, 0.025, 0.0125
  assertClose(lrs, [0.1, 0.05, 0.025, 0.0125], 1e-15);
  const b = optimizer(0.1);
  const multiplicative = createSchedule(b, { name: 'MultiplicativeLR', lrLambda: '1 + epoch' });
  const products = [b.groups[0].options.lr];
  for (let t = 1; t <= 3; t++) {
    multiplicative.step();
    products.push(b.groups[0].options.lr);
  }
  // 0.1, 0.1·2, 0.1·2·3, 0.1·2·3·4 (λ(0) is never applied)
  assertClose(products, [0.1, 0.2, 0.6, 2.4], 1e-15);
});

test('per-group formulas, and their count must match the groups', () => {
  const o = optimizer(1, 2);
  createSchedule(o, { name: 'lambda', lrLambda: ['epoch + 1', '3'] }).step();
  assert.deepEqual(
    o.groups.map((g) => g.options.lr),
    [2, 6],
  );
  assert.throws(
    () => createSchedule(optimizer(1, 2), { name: 'lambda', lrLambda: ['epoch'] }),
    /lambda: lrLambda must be one value or an array of 2 \(one per parameter group\) \(got \["epoch"\]\)$/,
  );
});

test('bad formulas are one-line errors naming the problem', () => {
  const cases: [object, RegExp][] = [
    [
      { name: 'lambda' },
      /lambda: lrLambda is required \(the lr's factor at each epoch\): a formula in epoch, such as "0\.95\^epoch", or one per parameter group$/,
    ],
    [
      { name: 'lambda', lrLambda: '0.95^x' },
      /lambda: lrLambda "0.95\^x": unknown variable 'x'; use epoch \(and the constants pi and e\)$/,
    ],
    [
      { name: 'multiplicative', lrLambda: 'floor(epoch/10)' },
      /multiplicative: lrLambda "floor\(epoch\/10\)": 'floor' has no derivative/,
    ],
    [{ name: 'lambda', lrLambda: '0.95^' }, /lambda: lrLambda "0.95\^": syntax error/],
    [{ name: 'lambda', lrLambda: 3 }, /lambda: lrLambda must be a formula in epoch, such as "0\.95\^epoch" \(got 3\)$/],
    [{ name: 'lambda', lrLambda: 'epoch', gamma: 1 }, /lambda: unknown option 'gamma'; valid options: lrLambda$/],
    [
      { name: 'chained', schedules: [{ name: 'reduceOnPlateau' }] },
      /chained: schedules\[0\] cannot be reduceOnPlateau/,
    ],
    [
      { name: 'chained', schedules: [] },
      /chained: schedules must be a non-empty array of schedule specs \(got \[\]\)$/,
    ],
    [{ name: 'chained', schedules: [{ name: 'warmpu' }] }, /unknown schedule 'warmpu'/],
  ];
  for (const [spec, message] of cases)
    assert.throws(() => createSchedule(optimizer(0.1), spec as { name: string }), message);
});

test('a chain saved mid-way and resumed continues bit for bit; PyTorch spells its parts schedulers', () => {
  const spec = {
    name: 'ChainedScheduler',
    schedulers: [
      { name: 'lambda', lrLambda: '1/(1 + epoch)' },
      { name: 'step', stepSize: 3, gamma: 0.5 },
    ],
  };
  const a = optimizer(0.1);
  const first = createSchedule(a, spec);
  for (let t = 0; t < 5; t++) first.step();
  const saved = JSON.parse(JSON.stringify(first.stateDict()));
  const b = optimizer(0.1);
  const second = createSchedule(b, spec);
  second.loadStateDict(saved);
  b.groups[0].options.lr = a.groups[0].options.lr;
  for (let t = 0; t < 5; t++) {
    first.step();
    second.step();
    assert.equal(b.groups[0].options.lr, a.groups[0].options.lr);
    assert.deepEqual(second.lastLr(), first.lastLr());
  }
});
