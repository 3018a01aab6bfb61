/**
 * The fused WebAssembly optimizer steps (src/kernels/wasm/assembly/optim.ts) on parameters in a wasm
 * arena: bit for bit PyTorch 1.13's float32 trajectories (test/fixtures/fused/generate.py), within float32
 * rounding of the TypeScript loops (which compute in float64), and the arena's fallbacks — a full arena,
 * float64, a resumed state — take the right path.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { arenaOf } from '../../../src/tensor/arena.js';
import { setKernels, type Kernels } from '../../../src/kernels/kernels.js';
import { tsKernels } from '../../../src/kernels/ts/index.js';
import { WasmArena } from '../../../src/kernels/wasm/arena.js';
import { createWasmKernels } from '../../../src/kernels/wasm/index.js';
import type { FloatBuffer, Param } from '../../../src/optim/optimizer.js';
import { createOptimizer } from '../../../src/optim/registry.js';

interface Fixture {
  n: number;
  steps: number;
  start: number[];
  curvature: number[];
  target: number[];
  cases: { optimizer: string; options: Record<string, unknown>; final: number[] }[];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/fused/trajectories.json', import.meta.url), 'utf8'),
) as Fixture;
const wasm = createWasmKernels();
let fusedSteps = 0;
const counting: Kernels = {
  ...wasm,
  adamStep: (...args) => (wasm.adamStep?.(...args) === true ? (fusedSteps++, true) : false),
  sgdStep: (...args) => (wasm.sgdStep?.(...args) === true ? (fusedSteps++, true) : false),
};

/** θ in an arena with room for `buffers` buffers (values, gradient, state), or plain arrays. */
function parameter(where: 'arena' | 'plain', buffers = 5): Param {
  const arena = where === 'arena' ? WasmArena.create(buffers, fixture.n) : undefined;
  if (where === 'arena' && arena === undefined) throw new Error('WasmArena.create failed');
  const data = arena?.allocate(fixture.n) ?? new Float32Array(fixture.n);
  const grad = arena?.allocate(fixture.n) ?? new Float32Array(fixture.n);
  data.set(fixture.start);
  return { data, grad };
}

/** ∇ = c ⊙ (θ − t) in float32 (negated when maximizing), as the fixture's generator computes it. */
function writeGradient({ data, grad }: Param, sign: number): void {
  for (let i = 0; i < data.length; i++)
    grad[i] = sign * Math.fround(fixture.curvature[i] * Math.fround(data[i] - fixture.target[i]));
}

function run(
  kernels: Kernels,
  param: Param,
  spec: Fixture['cases'][number],
  steps: number,
  state?: ReturnType<ReturnType<typeof createOptimizer>['stateDict']>,
) {
  const previous = setKernels(kernels);
  try {
    const optimizer = createOptimizer([param], { name: spec.optimizer, ...spec.options });
    if (state !== undefined) optimizer.loadStateDict(state);
    for (let t = 0; t < steps; t++) {
      writeGradient(param, spec.options.maximize === true ? -1 : 1);
      optimizer.step();
    }
    return optimizer;
  } finally {
    setKernels(previous);
  }
}

const bits = (x: FloatBuffer) => [...new Uint32Array(Float32Array.from(x).buffer)];

for (const spec of fixture.cases) {
  const label = `${spec.optimizer} ${JSON.stringify(spec.options)}`;

  test(`fused wasm ${label}: bit for bit PyTorch's float32 trajectory, every step fused`, () => {
    const param = parameter('arena');
    fusedSteps = 0;
    run(counting, param, spec, fixture.steps);
    assert.equal(fusedSteps, fixture.steps);
    assert.deepEqual(bits(param.data), bits(Float32Array.from(spec.final)));
  });

  // θ is O(1) here; float32 rounding differences grow a little along a trajectory, so compare on θ's scale.
  test(`fused wasm ${label}: within float32 rounding of the TypeScript loop (float64 arithmetic)`, () => {
    const fused = parameter('arena');
    const reference = parameter('plain');
    run(wasm, fused, spec, fixture.steps);
    run(tsKernels, reference, spec, fixture.steps);
    for (let i = 0; i < fixture.n; i++) {
      const scale = Math.max(Math.abs(reference.data[i]), 1);
      assert.ok(
        Math.abs(fused.data[i] - reference.data[i]) <= 1e-5 * scale,
        `θ[${i}]: ${fused.data[i]} vs ${reference.data[i]}`,
      );
    }
  });
}

test('a run resumed from a state dict takes the same fused steps: bit for bit the uninterrupted run', () => {
  for (const spec of [fixture.cases[3], fixture.cases[9]]) {
    const whole = parameter('arena');
    run(wasm, whole, spec, 20);
    // As a new process resuming from a checkpoint does: a fresh arena, the saved values and state loaded into it.
    const before = parameter('arena');
    const saved = JSON.parse(JSON.stringify(run(wasm, before, spec, 8).stateDict()));
    const resumed = parameter('arena');
    resumed.data.set(before.data);
    fusedSteps = 0;
    run(counting, resumed, spec, 12, saved);
    assert.equal(fusedSteps, 12, `${spec.optimizer}: every resumed step fused`);
    assert.deepEqual(bits(resumed.data), bits(whole.data));
  }
});

test('a full arena puts the state in plain arrays and the TypeScript loop runs, bit for bit as without an arena', () => {
  const spec = fixture.cases[0];
  const cramped = parameter('arena', 2);
  const plain = parameter('plain');
  fusedSteps = 0;
  run(counting, cramped, spec, 10);
  assert.equal(fusedSteps, 0);
  run(tsKernels, plain, spec, 10);
  assert.deepEqual(bits(cramped.data), bits(plain.data));
});

test('arenas: zero-filled buffers, 64-byte aligned, each registered with its arena; float64 gets none', () => {
  const arena = WasmArena.create(3, 10);
  assert.ok(arena !== undefined);
  const buffers = [arena.allocate(10), arena.allocate(10), arena.allocate(10)];
  for (const buffer of buffers) {
    assert.ok(buffer !== undefined);
    assert.equal(buffer.byteOffset % 64, 0);
    assert.deepEqual([...buffer], new Array(10).fill(0));
    assert.equal(arenaOf(buffer), arena);
  }
  assert.equal(arena.allocate(1), undefined);
  assert.equal(arenaOf(new Float32Array(10)), undefined);
  assert.equal(wasm.createArena?.('float64', 2, 10), undefined);
});
