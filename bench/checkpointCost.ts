/**
 * What a checkpoint costs per epoch as a run grows: `downhill train`'s save (a generation of weights, binary
 * state and best-model link, flushed; the manifest renamed over the old one; the metrics line appended)
 * timed around each call, for runs of 10, 1,000 and 10,000 epochs of a tiny model (mlp:8 on 40 examples of
 * 'moons'). The cost must not grow with the epochs run: the first and the last tenth of a run cost the same.
 *
 *   node --import tsx bench/checkpointCost.ts [epochs…]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore } from '../src/cli/checkpoint.js';
import { toyDataset } from '../src/data/toy.js';
import { mlp } from '../src/nn/models.js';
import { Random } from '../src/tensor/random.js';
import { packCheckpoint } from '../src/train/checkpoint.js';
import { fit } from '../src/train/fit.js';

function measure(epochs: number): { mean: number; first: number; last: number; state: number; weights: number } {
  const dir = mkdtempSync(join(tmpdir(), 'downhill-cost-'));
  const random = new Random(0);
  const model = mlp({ inputs: 2, hidden: [8], outputs: 2, random });
  const store = new CheckpointStore(dir, 'sha256:bench');
  const times: number[] = [];
  fit(model, {
    train: toyDataset('moons', { random, n: 40 }),
    random,
    optimizer: { name: 'adam', lr: 0.01 },
    epochs,
    batchSize: 20,
    onCheckpoint: ({ state, improved }) => {
      const start = performance.now();
      store.save(packCheckpoint(model, state), improved, state.history, state);
      times.push(performance.now() - start);
    },
  });
  const tenth = Math.max(1, Math.floor(epochs / 10));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const generation = join(dir, 'checkpoints', String(epochs));
  const sizes = {
    state: statSync(join(generation, 'state.safetensors')).size,
    weights: statSync(join(generation, 'last.safetensors')).size,
  };
  rmSync(dir, { recursive: true, force: true });
  return { mean: mean(times), first: mean(times.slice(0, tenth)), last: mean(times.slice(-tenth)), ...sizes };
}

const runs = process.argv.slice(2).map(Number);
for (const epochs of runs.length > 0 ? runs : [10, 1000, 10000]) {
  const { mean, first, last, state, weights } = measure(epochs);
  console.log(
    `${String(epochs).padStart(6)} epochs: ${mean.toFixed(2)} ms per epoch's checkpoint (first tenth ${first.toFixed(2)} ms, last tenth ${last.toFixed(2)} ms); state ${state} bytes, weights ${weights} bytes`,
  );
}
