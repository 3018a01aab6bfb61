/** The CLI's one-line specs and the name matching shared by configs and flags. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { camelCase, camelCaseKeys } from '../../src/config/names.js';
import { registry } from '../../src/config/registry.js';
import { parseSpec } from '../../src/config/spec.js';

test('parseSpec reads name:key=value pairs with numbers, booleans, null, arrays and strings', () => {
  assert.deepEqual(parseSpec('optimizer', 'adam'), { name: 'adam' });
  assert.deepEqual(parseSpec('optimizer', 'adam:lr=1e-3,betas=[0.9,0.999],amsgrad=true'), {
    name: 'adam',
    lr: 0.001,
    betas: [0.9, 0.999],
    amsgrad: true,
  });
  assert.deepEqual(parseSpec('optimizer', 'lbfgs:lineSearchFn=strong_wolfe,maxEval=null'), {
    name: 'lbfgs',
    lineSearchFn: 'strong_wolfe',
    maxEval: null,
  });
  assert.deepEqual(parseSpec('schedule', 'multistep:milestones=[10,20],gamma=0.5'), {
    name: 'multistep',
    milestones: [10, 20],
    gamma: 0.5,
  });
});

test('parseSpec rejects malformed specs with the offending part named', () => {
  assert.throws(() => parseSpec('optimizer', ':lr=1'), /optimizer spec ':lr=1' has no name/);
  assert.throws(() => parseSpec('optimizer', 'adam:lr'), /'lr' is not key=value/);
  assert.throws(() => parseSpec('optimizer', 'adam:lr=1,lr=2'), /'lr' is given twice/);
  assert.throws(() => parseSpec('optimizer', 'adam:betas=[0.9,'), /'\[0.9,' is not a valid value/);
});

test('names match regardless of case, underscores and dashes; PyTorch option names become camelCase', () => {
  const table = registry('schedule', {
    cosineWarmRestarts: { summary: '' },
    reduceOnPlateau: { summary: '', aliases: ['ReduceLROnPlateau'] },
  });
  assert.equal(table.canonical('cosine_warm_restarts'), 'cosineWarmRestarts');
  assert.equal(table.canonical('Reduce-On-Plateau'), 'reduceOnPlateau');
  assert.equal(table.canonical('ReduceLROnPlateau'), 'reduceOnPlateau');
  assert.throws(
    () => table.canonical('cosin'),
    /unknown schedule 'cosin'; valid: cosineWarmRestarts, reduceOnPlateau \(or: ReduceLROnPlateau\)/,
  );
  assert.throws(
    () => registry('x', { a: { summary: '', aliases: ['b'] }, b: { summary: '' } }),
    /'b' names both a and b/,
  );
  assert.equal(camelCase('weight_decay'), 'weightDecay');
  assert.equal(camelCase('initial_accumulator_value'), 'initialAccumulatorValue');
  assert.equal(camelCase('T_max'), 'tMax');
  assert.equal(camelCase('T_0'), 't0');
  assert.equal(camelCase('T_mult'), 'tMult');
  assert.equal(camelCase('lr'), 'lr');
  assert.throws(
    () => camelCaseKeys('adam', { weight_decay: 1, weightDecay: 2 }),
    /adam: option 'weightDecay' is given twice/,
  );
});
