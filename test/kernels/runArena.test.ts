/**
 * Zero-copy training with threads: the shared heap (src/kernels/wasm/heap.ts) and the run arenas a matmul
 * pool hands out (pool.runArena, what fit puts a training run in). Products on operands that live in the
 * heap read and write them in place and give the bits of the copying path; a fit on the threaded kernels
 * gives the single-threaded wasm kernels' weights bit for bit, with every Adam step fused, leaves the
 * model's weights outside the heap when it returns, and a second run reuses the first one's memory; fused
 * Adam and SGD steps split over the threads give the one-thread bits.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { toyDataset } from '../../src/data/toy.js';
import { arenaOf } from '../../src/tensor/arena.js';
import { setKernels, type Kernels } from '../../src/kernels/kernels.js';
import { WasmArena } from '../../src/kernels/wasm/arena.js';
import { SharedWasmHeap } from '../../src/kernels/wasm/heap.js';
import { wasmKernels } from '../../src/kernels/wasm/index.js';
import { wasmMatmulF32, type MatmulLayout } from '../../src/kernels/wasm/matmul.js';
import { wasmAdamStep, wasmSgdStep } from '../../src/kernels/wasm/optim.js';
import { createThreadedWasmKernels } from '../../src/kernels/wasm/poolKernels.js';
import { compileSharedWasmModule, createSharedMemory, instantiateShared } from '../../src/kernels/wasm/shared.js';
import { mlp } from '../../src/nn/models.js';
import { MatmulPool } from '../../src/node/matmulPool.js';
import { Random } from '../../src/tensor/random.js';
import { fit } from '../../src/train/fit.js';

const random = new Random(11);
const pool = new MatmulPool(2, 1);
after(() => pool.close());

function uniform(size: number): Float32Array {
  const values = new Float32Array(size);
  random.fillUniform(values, -1, 1);
  return values;
}

const bits = (x: Float32Array) => [...new Uint32Array(Float32Array.from(x).buffer)];

test('the shared heap: zero-filled 64-byte aligned blocks, views recognised across growth, exact-size reuse, scratch', () => {
  const memory = createSharedMemory(1);
  const heap = new SharedWasmHeap(memory, instantiateShared(compileSharedWasmModule(), memory));
  const small = heap.allocate(10);
  small.fill(3);
  assert.equal(small.byteOffset % 64, 0);
  const before = memory.buffer.byteLength;
  const big = heap.allocate(100_000); // more than the first page: the memory grows
  assert.ok(memory.buffer.byteLength > before);
  assert.ok(heap.contains(small) && heap.contains(big) && heap.contains(big.subarray(5, 9)));
  assert.ok(!heap.contains(new Float32Array(10)));
  assert.deepEqual([...small], new Array(10).fill(3), 'growth leaves earlier views valid');
  heap.release(small);
  const again = heap.allocate(10);
  assert.equal(again.byteOffset, small.byteOffset, 'a released block serves the next request of its size');
  assert.deepEqual([...again], new Array(10).fill(0));
  const scratch = heap.scratch(256);
  assert.equal(heap.scratch(128), scratch, 'a large enough scratch block is kept');
  assert.notEqual(heap.scratch(1 << 20), scratch);
  const run = heap.openRun();
  const held = [run.allocate(7), run.allocate(7)];
  for (const array of held) assert.equal(arenaOf(array as Float32Array), run);
  run.close();
  assert.equal(run.allocate(7), undefined, 'a closed run hands out nothing');
  const reused = [heap.allocate(7), heap.allocate(7)].map((x) => x.byteOffset).sort();
  assert.deepEqual(reused, held.map((x) => (x as Float32Array).byteOffset).sort(), 'closing gave both blocks back');
});

const SHAPES: [MatmulLayout, number, number, number][] = [
  ['matmul', 128, 784, 256],
  ['matmulTransposeA', 256, 128, 784],
  ['matmulTransposeB', 128, 784, 256],
  ['matmul', 37, 300, 19],
  ['matmulTransposeB', 5, 13, 3],
];

for (const [layout, m, k, n] of SHAPES) {
  test(`${layout} ${m}×${k}×${n} on operands in the heap, in every combination: the copying path's bits, C written in place`, () => {
    const run = pool.runArena();
    assert.ok(run !== undefined);
    try {
      const a = uniform(m * k),
        b = uniform(k * n),
        start = uniform(m * n);
      const inHeap = (x: Float32Array): Float32Array => {
        const y = run.allocate(x.length) as Float32Array;
        y.set(x);
        return y;
      };
      for (const accumulate of [false, true]) {
        const expected = start.slice();
        wasmMatmulF32(layout, a, b, expected, m, k, n, accumulate);
        for (let where = 0; where < 8; where++) {
          const c = where & 4 ? inHeap(start) : start.slice();
          pool.matmul(layout, where & 1 ? inHeap(a) : a, where & 2 ? inHeap(b) : b, c, m, k, n, accumulate);
          assert.deepEqual(
            bits(c),
            bits(expected),
            `A ${where & 1 ? 'in' : 'out of'} the heap, B ${where & 2 ? 'in' : 'out'}, C ${where & 4 ? 'in' : 'out'}, accumulate ${accumulate}`,
          );
        }
      }
    } finally {
      run.close();
    }
  });
}

function trainedWeights(kernels: Kernels, fusedSteps: { count: number }): Float32Array[] {
  const counting: Kernels = {
    ...kernels,
    adamStep: (...args) => (kernels.adamStep?.(...args) === true ? (fusedSteps.count++, true) : false),
  };
  const previous = setKernels(counting);
  try {
    const data = new Random(3);
    const train = toyDataset('spiral', { n: 300, random: data });
    const model = mlp({ inputs: 2, hidden: [96, 64], outputs: 3, activation: 'relu', random: data });
    fit(model, { train, optimizer: { name: 'adam', lr: 0.01 }, epochs: 3, batchSize: 64, shuffle: true, random: data });
    return model.parameters().map((p) => p.data as Float32Array);
  } finally {
    setKernels(previous);
  }
}

test('fit on the threaded kernels: the single-threaded weights bit for bit, every Adam step fused in the heap, weights moved out at the end, memory reused by the next run', () => {
  const single = { count: 0 };
  const threaded = { count: 0 };
  const expected = trainedWeights(wasmKernels, single);
  const kernels = createThreadedWasmKernels(pool, 0);
  const got = trainedWeights(kernels, threaded);
  assert.equal(threaded.count, single.count);
  assert.ok(threaded.count >= 3 * 5, `${threaded.count} fused steps`);
  got.forEach((weights, i) => assert.deepEqual(bits(weights), bits(expected[i]), `parameter ${i}`));
  // After fit the weights live outside the shared memory: closing the run cannot touch them.
  for (const weights of got) assert.ok(!(weights.buffer instanceof SharedArrayBuffer));
  const bytes = pool.memoryBytes;
  trainedWeights(kernels, { count: 0 });
  assert.equal(pool.memoryBytes, bytes, 'a second run of the same model finds all its blocks free');
});

test('fused Adam and SGD steps split over the threads: the one-thread bits, for 2 and 3 threads; small or non-resident steps decline', () => {
  const n = 300_001; // ragged: the last range ends mid-line
  const three = new MatmulPool(3, 1);
  try {
    for (const threaded of [pool, three]) {
      threaded.matmul('matmul', uniform(64 * 64), uniform(64 * 64), new Float32Array(64 * 64), 64, 64, 64, false); // starts the workers
      for (const optimizer of ['adam', 'sgd'] as const) {
        const run = threaded.runArena();
        const single = WasmArena.create(5, n);
        assert.ok(run !== undefined && single !== undefined);
        const place = (
          arena: { allocate(length: number): Float32Array | Float64Array | undefined },
          values: Float32Array,
        ): Float32Array => {
          const array = arena.allocate(n) as Float32Array;
          array.set(values);
          return array;
        };
        const values = [uniform(n), uniform(n), uniform(n), uniform(n).map(Math.abs), uniform(n).map(Math.abs)];
        const [a, b] = [run, single].map((arena) => values.map((v) => place(arena, v)));
        const adam = {
          sign: 1,
          l2: 0.01,
          shrink: 1,
          oneMinusBeta1: 0.1,
          beta2: 0.999,
          oneMinusBeta2: 0.001,
          negStepSize: -1e-3 / 0.1,
          biasCorrection2: 0.001,
          biasCorrection2Sqrt: Math.sqrt(0.001),
          eps: 1e-8,
          epsInsideSqrt: false,
        };
        const sgd = { sign: 1, weightDecay: 1e-4, keep: 0.9, take: 1, momentum: 0.9, nesterov: true, lr: 0.01 };
        if (optimizer === 'adam') {
          assert.equal(threaded.adamStep(a[0], a[1], a[2], a[3], a[4], adam), true);
          assert.ok(wasmAdamStep(b[0], b[1], b[2], b[3], b[4], adam));
        } else {
          assert.equal(threaded.sgdStep(a[0], a[1], a[2], sgd), true);
          assert.ok(wasmSgdStep(b[0], b[1], b[2], sgd));
        }
        a.forEach((array, i) =>
          assert.deepEqual(bits(array), bits(b[i]), `${threaded.threads} threads, ${optimizer}, buffer ${i}`),
        );
        assert.equal(threaded.adamStep(b[0], b[1], b[2], b[3], b[4], adam), false, 'buffers outside the heap');
        const small = [run.allocate(1000), run.allocate(1000), run.allocate(1000)] as Float32Array[];
        assert.equal(threaded.sgdStep(small[0], small[1], small[2], sgd), false, 'too small to split');
        run.close();
      }
    }
  } finally {
    three.close();
  }
});

test("elementwise kernels on arrays in the heap run in place: the copying path's bits (ReLU, activations, their backward, column sums)", () => {
  const run = pool.runArena();
  assert.ok(run !== undefined);
  try {
    const n = 1003;
    const inHeap = (values: Float32Array): Float32Array => {
      const array = run.allocate(values.length) as Float32Array;
      array.set(values);
      return array;
    };
    const x = uniform(n).map((v) => v * 3),
      g = uniform(n),
      start = uniform(n);
    for (const [op, param] of [
      ['relu', 0],
      ['leakyRelu', 0.1],
      ['elu', 0.7],
      ['tanh', 0],
      ['sigmoid', 0],
    ] as const) {
      const [copied, resident] = [new Float32Array(n), inHeap(new Float32Array(n))];
      wasmKernels.unary(op, x, copied, param);
      wasmKernels.unary(op, inHeap(x), resident, param);
      assert.deepEqual(bits(resident), bits(copied), `${op} forward`);
      const [gxCopied, gxResident] = [start.slice(), inHeap(start)];
      wasmKernels.unaryBackward(op, x, copied, g, gxCopied, param);
      wasmKernels.unaryBackward(op, inHeap(x), resident, inHeap(g), gxResident, param);
      assert.deepEqual(bits(gxResident), bits(gxCopied), `${op} backward`);
    }
    for (const accumulate of [false, true]) {
      const [sumCopied, sumResident] = [start.slice(0, 17), inHeap(start.slice(0, 17))];
      wasmKernels.sumAxis(x.subarray(0, 59 * 17), 1, 59, 17, sumCopied, accumulate);
      wasmKernels.sumAxis(inHeap(x.subarray(0, 59 * 17)), 1, 59, 17, sumResident, accumulate);
      assert.deepEqual(bits(sumResident), bits(sumCopied), `column sums, accumulate ${accumulate}`);
    }
  } finally {
    run.close();
  }
});
