/**
 * The fused WebAssembly optimizer steps (src/kernels/wasm/assembly/optim.ts) on parameters in a wasm
 * arena: bit for bit PyTorch 2.x's float32 trajectories (test/fixtures/fused/generate.py), within float32
 * rounding of PyTorch 1.13's (whose Adam moves m by mul and add where 2.x lerps; its SGD bit for bit) and of
 * the TypeScript loops (which compute in float64), and the arena's fallbacks — a full arena,
 * float64, a resumed state — take the right path.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arenaOf } from '../../../src/tensor/arena.js';
import { setKernels, type Kernels } from '../../../src/kernels/kernels.js';
import { tsKernels } from '../../../src/kernels/ts/index.js';
import { WasmArena } from '../../../src/kernels/wasm/arena.js';
import { createWasmKernels } from '../../../src/kernels/wasm/index.js';
import type { FloatBuffer, Param } from '../../../src/optim/optimizer.js';
import { createOptimizer } from '../../../src/optim/registry.js';
import { torchFixtures } from '../../helpers/torchFixtures.js';

interface Fixture {
  n: number;
  steps: number;
  start: number[];
  curvature: number[];
  target: number[];
  cases: { optimizer: string; options: Record<string, unknown>; final: number[] }[];
}

const [torch113, torch2] = torchFixtures<Fixture>('fused/trajectories.json');
/** PyTorch 2.x's; the problem (n, start, curvature, target) is the same in both. */
const fixture = torch2.data;
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

/** Whether a and b agree within float32 rounding grown along a trajectory, on θ's scale (θ is O(1) here). */
function assertNear(a: FloatBuffer, b: FloatBuffer | number[]): void {
  for (let i = 0; i < fixture.n; i++) {
    const scale = Math.max(Math.abs(b[i]), 1);
    assert.ok(Math.abs(a[i] - b[i]) <= 1e-5 * scale, `θ[${i}]: ${a[i]} vs ${b[i]}`);
  }
}

for (const [k, spec] of fixture.cases.entries()) {
  const label = `${spec.optimizer} ${JSON.stringify(spec.options)}`;

  test(`fused wasm ${label}: bit for bit PyTorch ${torch2.torch}'s float32 trajectory, every step fused`, () => {
    const param = parameter('arena');
    fusedSteps = 0;
    run(counting, param, spec, fixture.steps);
    assert.equal(fusedSteps, fixture.steps);
    assert.deepEqual(bits(param.data), bits(Float32Array.from(spec.final)));
    // PyTorch 1.13: the same case; SGD bit for bit, Adam within float32 rounding (and not bit for bit).
    const old = torch113.data.cases[k];
    assert.deepEqual([old.optimizer, old.options], [spec.optimizer, spec.options]);
    if (spec.optimizer === 'sgd') assert.deepEqual(bits(param.data), bits(Float32Array.from(old.final)));
    else {
      assertNear(param.data, old.final);
      assert.notDeepEqual(bits(param.data), bits(Float32Array.from(old.final)));
    }
  });

  test(`fused wasm ${label}: within float32 rounding of the TypeScript loop (float64 arithmetic)`, () => {
    const fused = parameter('arena');
    const reference = parameter('plain');
    run(wasm, fused, spec, fixture.steps);
    run(tsKernels, reference, spec, fixture.steps);
    assertNear(fused.data, reference.data);
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
