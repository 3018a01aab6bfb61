/**
 * The tune tests' toy sweep (4 trials of a 4-unit network on 60 spiral points, a few seconds in all) and what
 * they read back from a sweep directory.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOY_SWEEP = {
  base: { dataset: 'spiral', model: 'mlp:4', limit: 60, validation: 0.3, batchSize: 16, epochs: 3, seed: 2 },
  space: { lr: { range: [0.003, 0.3] }, optimizer: { choice: ['sgd', 'adam'] } },
  sampler: 'sobol',
  scheduler: 'asha:minEpochs=1,eta=3',
  trials: 4,
  seed: 5,
};

/** The events of `out`/journal.jsonl. */
export const journal = (out: string) =>
  readFileSync(join(out, 'journal.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string; trial: number; rung: number });

/** `out`/results.json without the times, which differ from run to run. */
export const results = (out: string) =>
  (JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { seconds: number }[]).map(
    ({ seconds: _s, ...r }) => r,
  );

export const best = (out: string) => readFileSync(join(out, 'best.json'), 'utf8');
