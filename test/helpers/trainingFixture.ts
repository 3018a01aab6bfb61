/**
 * The synthetic data set of the PyTorch training fixtures (test/fixtures/training/generate.py, and
 * test/fixtures/clipping/generate.py, which reuses it).
 */

/** generate.py's x[i, j] = sin(0.37·i + 1.3·j + (0.1·i·j mod 7)), rounded to float32 as torch.tensor does. */
export function fixtureInputs({ features, batch, steps }: { features: number; batch: number; steps: number }): Float32Array {
  const n = batch * steps;
  const x = new Float32Array(n * features);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < features; j++) x[i * features + j] = Math.fround(Math.sin(0.37 * i + 1.3 * j + ((0.1 * i * j) % 7)));
  }
  return x;
}
