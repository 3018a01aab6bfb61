/**
 * The synthetic data set of the PyTorch training fixtures (test/fixtures/training/generate.py, and
 * test/fixtures/clipping/generate.py, which reuses it), and their runs under PyTorch 1.13 and 2.x.
 */
import { torchFixtures, type TorchFixture } from './torchFixtures.js';

/** generate.py's x[i, j] = sin(0.37·i + 1.3·j + (0.1·i·j mod 7)), rounded to float32 as torch.tensor does. */
export function fixtureInputs({
  features,
  batch,
  steps,
}: {
  features: number;
  batch: number;
  steps: number;
}): Float32Array {
  const n = batch * steps;
  const x = new Float32Array(n * features);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < features; j++)
      x[i * features + j] = Math.fround(Math.sin(0.37 * i + 1.3 * j + ((0.1 * i * j) % 7)));
  }
  return x;
}

/** runs.json of a training fixture: the data set's shape, its labels (argmaxes PyTorch computed), the runs. */
export interface TrainingFixture<Run> {
  features: number;
  classes: number;
  batch: number;
  steps: number;
  labels: number[];
  runs: Run[];
}

/** `topic`/runs.json (1.13) and runs.torch2.json (2.x), e.g. 'training'. Both share the data set. */
export function trainingFixtures<Run>(topic: string): TorchFixture<TrainingFixture<Run>>[] {
  return torchFixtures<TrainingFixture<Run>>(`${topic}/runs.json`);
}
