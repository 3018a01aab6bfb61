/**
 * The threaded float32 matmul (src/kernels/wasm/pool.ts on worker_threads, src/node/matmulPool.ts): bit
 * for bit the single-threaded wasm kernel's results at the MLP's shapes in all three layouts, with and
 * without accumulation, for 1, 2 and 3 threads and for ragged shapes split by rows and by columns; and
 * how products are cut.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { wasmMatmulF32, type MatmulLayout } from '../../src/kernels/wasm/matmul.js';
import { splitPlan } from '../../src/kernels/wasm/poolPlan.js';
import { CONTROL } from '../../src/kernels/wasm/poolProtocol.js';
import { createThreadedWasmKernels } from '../../src/kernels/wasm/poolKernels.js';
import { MatmulPool } from '../../src/node/matmulPool.js';
import { Random } from '../../src/tensor/random.js';

const random = new Random(7);
const pools = [1, 2, 3].map((threads) => new MatmulPool(threads, 1));
after(() => pools.forEach((pool) => pool.close()));

function uniform(size: number): Float32Array {
  const values = new Float32Array(size);
  random.fillUniform(values, -1, 1);
  return values;
}

/** [layout, m, k, n]: the MLP 784-256-128-10 at batch 128 (forward, ∂W, ∂X), then ragged and skinny shapes. */
const SHAPES: [MatmulLayout, number, number, number][] = [
  ['matmul', 128, 784, 256],
  ['matmulTransposeA', 784, 128, 256],
  ['matmulTransposeB', 128, 256, 784],
  ['matmul', 128, 256, 128],
  ['matmulTransposeA', 256, 128, 128],
  ['matmulTransposeB', 128, 128, 256],
  ['matmul', 128, 128, 10],
  ['matmul', 37, 300, 19],
  ['matmulTransposeB', 5, 513, 301],
  ['matmulTransposeA', 301, 7, 3],
];

for (const [layout, m, k, n] of SHAPES) {
  test(`${layout} ${m}×${k}×${n}: every thread count gives the single-threaded kernel's bits`, () => {
    const a = uniform(m * k),
      b = uniform(k * n),
      start = uniform(m * n);
    for (const accumulate of [false, true]) {
      const expected = start.slice();
      wasmMatmulF32(layout, a, b, expected, m, k, n, accumulate);
      for (const pool of pools) {
        const got = start.slice();
        pool.matmul(layout, a, b, got, m, k, n, accumulate);
        assert.deepEqual(
          new Uint32Array(got.buffer),
          new Uint32Array(expected.buffer),
          `${pool.threads} threads, accumulate ${accumulate}`,
        );
      }
    }
  });
}

test('a notify that reaches a worker after it ran the job (the caller preempted before notifying) runs nothing', async () => {
  const pool = pools[1];
  const [m, k, n] = [128, 256, 128];
  const [a, b] = [uniform(m * k), uniform(k * n)];
  const expected = new Float32Array(m * n);
  wasmMatmulF32('matmul', a, b, expected, m, k, n, false);
  const c = new Float32Array(m * n);
  pool.matmul('matmul', a, b, c, m, k, n, false);
  const control = (pool as unknown as { started: { control: Int32Array } }).started.control;
  const [GEN, PENDING] = [CONTROL.GEN, CONTROL.PENDING];
  // Once the worker has polled its fill and parked on GEN, the notify of that same generation arrives.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const generation = Atomics.load(control, GEN);
  assert.equal(Atomics.notify(control, GEN), 1, 'the worker was parked');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(Atomics.load(control, GEN), generation);
  assert.equal(Atomics.load(control, PENDING), 0, 'no block counted twice');
  // And the pool goes on: an accumulating product (a block run twice would add twice) gives the bits.
  const accumulated = expected.slice();
  wasmMatmulF32('matmul', a, b, accumulated, m, k, n, true);
  pool.matmul('matmul', a, b, c, m, k, n, true);
  assert.deepEqual(new Uint32Array(c.buffer), new Uint32Array(accumulated.buffer));
});

test('the threaded kernels run repeated products (the pool reused, its memory grown) to the same bits', () => {
  const kernels = createThreadedWasmKernels(pools[1]);
  for (const [m, k, n] of [
    [64, 64, 64],
    [512, 300, 700],
    [64, 64, 64],
  ]) {
    const a = uniform(m * k),
      b = uniform(k * n);
    const expected = new Float32Array(m * n),
      got = new Float32Array(m * n);
    wasmMatmulF32('matmul', a, b, expected, m, k, n, false);
    kernels.matmul(a, b, got, m, k, n);
    assert.deepEqual(got, expected);
  }
});

test('splitPlan cuts the longer side into whole micro-kernel panels, covering it once', () => {
  assert.deepEqual(splitPlan(128, 784, 256, 2, 1), { axis: 'columns', starts: [0, 128, 256] });
  assert.deepEqual(splitPlan(784, 128, 256, 2, 1), { axis: 'rows', starts: [0, 392, 784] });
  assert.deepEqual(splitPlan(10, 5, 3, 4, 1), { axis: 'rows', starts: [0, 4, 8, 10] }); // 3 panels of 4 rows: 3 threads, not 4
  // Too little work per thread: one block, run on the calling thread alone.
  assert.deepEqual(splitPlan(128, 128, 10, 2), { axis: 'rows', starts: [0, 128] });
  for (const [m, n, threads] of [
    [1, 1, 2],
    [33, 17, 3],
    [1000, 999, 7],
  ]) {
    const { axis, starts } = splitPlan(m, 1, n, threads, 1);
    assert.equal(starts[0], 0);
    assert.equal(starts.at(-1), axis === 'rows' ? m : n);
    for (let t = 1; t < starts.length; t++) assert.ok(starts[t] > starts[t - 1]);
  }
});

test("the pools really run threads − 1 workers, and Node's main thread parks in Atomics.wait", () => {
  for (const pool of pools)
    pool.matmul('matmul', uniform(64 * 64), uniform(64 * 64), new Float32Array(64 * 64), 64, 64, 64, false);
  assert.deepEqual(
    pools.map((pool) => pool.workers),
    [0, 1, 2],
  );
  assert.deepEqual(
    pools.map((pool) => pool.waitMode),
    [undefined, 'atomics-wait', 'atomics-wait'],
  );
});
