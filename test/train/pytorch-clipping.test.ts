/**
 * fit with gradient transforms against PyTorch 1.13 and 2.x (test/fixtures/clipping/generate.py): from PyTorch's
 * initial weights, on the same batches in order, 50 float32 steps with clip_grad_norm_ before Adam and
 * before SGD with momentum, and with L2 decay then ∞-norm clipping before SGD, follow PyTorch's loss at
 * every step to 1e-4 relative and end at its weights. Without the transforms the same runs drift by more
 * than 5% (the fixture records those losses too), so the tolerance tells clipped from unclipped runs.
 *
 * fit's `clipGradNorm` option gives the chain spec's bits; with the threaded wasm kernels (parameters,
 * gradients and Adam's state in the shared heap, clipped there in place) 1 and 2 threads give the same bits.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, test } from 'node:test';
import type { Dataset } from '../../src/data/dataset.js';
import { setKernels, type Kernels } from '../../src/kernels/kernels.js';
import { wasmKernels } from '../../src/kernels/wasm/index.js';
import { createThreadedWasmKernels } from '../../src/kernels/wasm/poolKernels.js';
import { mlp } from '../../src/nn/models.js';
import type { Module } from '../../src/nn/module.js';
import { loadWeights } from '../../src/nn/weights.js';
import { MatmulPool } from '../../src/node/matmulPool.js';
import type { ChainSpec } from '../../src/optim/chain.js';
import type { Spec } from '../../src/config/spec.js';
import { Random } from '../../src/tensor/random.js';
import { fit, type FitOptions } from '../../src/train/fit.js';
import { decodeSafetensors } from '../../src/util/safetensors.js';
import { fixtureInputs, trainingFixtures } from '../helpers/trainingFixture.js';

interface Run {
  name: string;
  initial: string;
  optimizer: ChainSpec;
  losses: number[];
  norms: number[];
  final: Record<string, number[]>;
  withoutTransforms: number[];
}

const dir = new URL('../fixtures/clipping/', import.meta.url);
const releases = trainingFixtures<Run>('clipping');
/** The data set and shapes (both releases share them) and 1.13's runs, for the tests beyond the replay. */
const fixture = releases[0].data;
const train: Dataset = {
  x: fixtureInputs(fixture),
  y: Int32Array.from(fixture.labels),
  n: fixture.batch * fixture.steps,
  features: fixture.features,
  task: 'classification',
  classes: fixture.classes,
};
const TOLERANCE = 1e-4;
const summary: string[] = [];

/** PyTorch's initial model, trained by fit for one epoch of the fixture's batches in order; the loss of each step. */
function fitLosses(
  run: Run,
  optimizer: Pick<FitOptions, 'optimizer' | 'clipGradNorm'>,
): { model: Module; losses: number[] } {
  const model = mlp({ inputs: fixture.features, hidden: [32, 16], outputs: fixture.classes });
  loadWeights(model, decodeSafetensors(readFileSync(new URL(run.initial, dir)), run.initial));
  const losses: number[] = [];
  fit(model, {
    train,
    ...optimizer,
    epochs: 1,
    batchSize: fixture.batch,
    shuffle: false,
    random: new Random(0),
    restoreBest: false,
    onEvent: (event) => void (event.type === 'step' && losses.push(event.loss)),
  });
  return { model, losses };
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const worst = (a: number[], b: number[]) => a.reduce((w, x, i) => Math.max(w, relative(x, b[i])), 0);

for (const { torch, data } of releases) {
  for (const run of data.runs) {
    test(`${run.name}: fit with ${JSON.stringify(run.optimizer.chain.slice(0, -1))} follows PyTorch ${torch}'s loss at every step`, () => {
      const maxNorm = (run.optimizer.chain.at(-2) as { clipGradNorm: { maxNorm: number } }).clipGradNorm.maxNorm;
      assert.ok(run.norms.filter((n) => n > maxNorm).length >= 25, 'the fixture clips at least half of its steps');
      assert.ok(
        worst(run.withoutTransforms, run.losses) > 500 * TOLERANCE,
        'without the transforms the losses drift far beyond the tolerance',
      );
      const { model, losses } = fitLosses(run, { optimizer: run.optimizer });
      assert.equal(losses.length, fixture.steps);
      losses.forEach((loss, step) => {
        assert.ok(
          relative(loss, run.losses[step]) <= TOLERANCE,
          `step ${step}: loss ${loss} vs PyTorch ${run.losses[step]}`,
        );
      });
      // Per tensor, the largest difference relative to the tensor's largest magnitude.
      const own = new Map(model.namedTensors());
      let worstWeight = 0;
      for (const [name, expected] of Object.entries(run.final)) {
        const actual = own.get(name)?.data ?? [];
        const scale = Math.max(...expected.map(Math.abs));
        worstWeight = expected.reduce((w, e, i) => Math.max(w, Math.abs(actual[i] - e) / scale), worstWeight);
      }
      assert.ok(worstWeight < 1e-5, `final weights differ by ${worstWeight} relative to their scale`);
      summary.push(
        `${run.name} (PyTorch ${torch}): worst loss relative difference ${worst(losses, run.losses).toExponential(2)}, final weights ${worstWeight.toExponential(2)}`,
      );
    });
  }
}

test("fit's clipGradNorm option gives the chain spec's losses bit for bit", () => {
  for (const run of fixture.runs.filter((r) => r.optimizer.chain.length === 2)) {
    const [clip, optimizer] = run.optimizer.chain as [{ clipGradNorm: { maxNorm: number } }, Spec];
    const viaOption = fitLosses(run, { optimizer, clipGradNorm: clip.clipGradNorm.maxNorm }).losses;
    assert.deepEqual(viaOption, fitLosses(run, { optimizer: run.optimizer }).losses, run.name);
  }
});

const pool = new MatmulPool(2, 1);
after(() => pool.close());

function withKernels<T>(kernels: Kernels, f: () => T): T {
  const previous = setKernels(kernels);
  try {
    return f();
  } finally {
    setKernels(previous);
  }
}

test('clipping in the wasm heap: the threaded kernels give the single-threaded bits, and PyTorch to the tolerance', () => {
  const run = fixture.runs[0];
  const single = withKernels(wasmKernels, () => fitLosses(run, { optimizer: run.optimizer }));
  const kernels = createThreadedWasmKernels(pool, 0);
  let fused = 0;
  const counting: Kernels = {
    ...kernels,
    adamStep: (...args) => (kernels.adamStep?.(...args) === true ? (fused++, true) : false),
  };
  const threaded = withKernels(counting, () => fitLosses(run, { optimizer: run.optimizer }));
  assert.equal(fused, fixture.steps, 'every Adam step ran fused on the clipped gradients in the heap');
  assert.deepEqual(threaded.losses, single.losses);
  for (const [i, p] of threaded.model.parameters().entries())
    assert.deepEqual(p.data, single.model.parameters()[i].data);
  assert.ok(worst(threaded.losses, run.losses) <= TOLERANCE, `worst ${worst(threaded.losses, run.losses)}`);
  summary.push(
    `${run.name} on 2 wasm threads: worst loss relative difference ${worst(threaded.losses, run.losses).toExponential(2)}`,
  );
});

test('agreement summary', () => {
  assert.equal(summary.length, releases.reduce((n, r) => n + r.data.runs.length, 0) + 1);
  console.log(summary.join('\n'));
});
