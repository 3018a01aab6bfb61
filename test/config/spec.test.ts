/** The CLI's one-line specs and the name matching shared by configs and flags. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { camelCase, camelCaseKeys, lookupName } from '../../src/config/names.js';
import { parsePoint, parseSpec } from '../../src/config/spec.js';

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

test('parsePoint reads x,y and rejects anything else', () => {
  assert.deepEqual(parsePoint('-1.5,2'), [-1.5, 2]);
  for (const bad of ['1', '1,2,3', '1,x', ',', '1,Infinity'])
    assert.throws(() => parsePoint(bad), /start must be two finite numbers/);
});

test('names match regardless of case, underscores and dashes; PyTorch option names become camelCase', () => {
  const table = { cosineWarmRestarts: 1, reduceOnPlateau: 2 };
  assert.equal(lookupName('schedule', table, 'cosine_warm_restarts'), 1);
  assert.equal(lookupName('schedule', table, 'Reduce-On-Plateau'), 2);
  assert.throws(
    () => lookupName('schedule', table, 'cosin'),
    /unknown schedule 'cosin'; valid: cosineWarmRestarts, reduceOnPlateau/,
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
