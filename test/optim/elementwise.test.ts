/**
 * What every elementwise optimizer must do beyond matching PyTorch's arithmetic: resume bit for bit from
 * a state dict that went through JSON, and run on Float32 parameters with Float32 state.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Param } from '../../src/optim/optimizer.js';
import type { JsonValue } from '../../src/util/serialize.js';
import { elementwiseOptimizers, richOptions, type AnyFactory } from '../helpers/elementwise.js';
import { startParams, writeGradient } from '../helpers/objectives.js';

/** The quadratic's two parameters in two groups, the second with half the learning rate. */
function twoGroups(name: string, params: Param[]) {
  return [{ params: [params[0]] }, { params: [params[1]], lr: (richOptions[name].lr as number) / 2 }];
}

function run(opt: ReturnType<AnyFactory>, params: Param[], steps: number): void {
  for (let t = 0; t < steps; t++) {
    writeGradient('quadratic', params, false);
    opt.step();
  }
}

/** Every typed array in a state dict, as its `$typed` tag. */
function typedTags(value: JsonValue): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(typedTags);
  if (typeof value.$typed === 'string') return [value.$typed];
  return Object.values(value).flatMap(typedTags);
}

for (const [name, factory] of Object.entries(elementwiseOptimizers)) {
  for (const type of [Float64Array, Float32Array]) {
    test(`${name} (${type.name}): a run saved as JSON after 5 steps and resumed is bit-identical to one that never stopped`, () => {
      const straight = startParams('quadratic', type);
      run(factory(twoGroups(name, straight), richOptions[name]), straight, 12);

      const first = startParams('quadratic', type);
      const before = factory(twoGroups(name, first), richOptions[name]);
      run(before, first, 5);
      const saved = JSON.stringify(before.stateDict());

      // A fresh optimizer built with the defaults: the group options must come back from the saved state.
      const resumed = first.map((p) => ({ data: p.data.slice(), grad: new type(p.data.length) }));
      const after = factory([{ params: [resumed[0]] }, { params: [resumed[1]] }]);
      after.loadStateDict(JSON.parse(saved));
      assert.deepEqual(after.groups[1].options, before.groups[1].options);
      run(after, resumed, 7);

      resumed.forEach((p, i) => assert.deepEqual(Array.from(p.data), Array.from(straight[i].data)));
    });
  }

  test(`${name}: Float32 parameters get Float32 state and follow the Float64 run to ~1e-5`, () => {
    const p32 = startParams('quadratic', Float32Array);
    const p64 = startParams('quadratic', Float64Array);
    const o32 = factory(twoGroups(name, p32), richOptions[name]);
    const o64 = factory(twoGroups(name, p64), richOptions[name]);
    for (let t = 0; t < 5; t++) {
      run(o32, p32, 1);
      run(o64, p64, 1);
      for (const [k, p] of p64.entries()) {
        for (let i = 0; i < p.data.length; i++) {
          const [a, b] = [p32[k].data[i], p.data[i]];
          assert.ok(Math.abs(a - b) <= 1e-5 * Math.abs(b) + 1e-7, `step ${t + 1}, param ${k}[${i}]: ${a} vs ${b}`);
        }
      }
    }
    const tags = typedTags(o32.stateDict().state);
    assert.ok(tags.length >= 2);
    assert.ok(
      tags.every((tag) => tag === 'float32'),
      tags.join(', '),
    );
    assert.ok(typedTags(o64.stateDict().state).every((tag) => tag === 'float64'));
  });
}
