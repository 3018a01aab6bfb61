/**
 * The mini-batches of stochastic gradient descent over a sum of n terms, as UDL §6.2.1 describes them:
 * each epoch draws a fresh random order of the n examples (from the seeded generator) and walks it in
 * slices of `batchSize`, so the batches are drawn without replacement and every example is used once per
 * epoch; the last batch of an epoch is smaller when batchSize does not divide n (PyTorch's DataLoader
 * with shuffle=True, drop_last=False, which draws its orders the same way: src/data/dataLoader.ts).
 */
import { checkInteger } from '../config/validate.js';
import type { Random } from '../tensor/random.js';

export class MiniBatches {
  private order: Uint32Array | null = null;
  private position = 0;

  constructor(
    private readonly n: number,
    private readonly batchSize: number,
    private readonly random: Random,
  ) {
    checkInteger('batchSize', 'batchSize', batchSize, 1);
  }

  /** The rows of the next batch: a view into the epoch's order, valid until the next call. */
  next(): Uint32Array {
    if (this.order === null || this.position >= this.n) {
      this.order = this.random.permutation(this.n);
      this.position = 0;
    }
    const start = this.position;
    this.position = Math.min(this.n, start + this.batchSize);
    return this.order.subarray(start, this.position);
  }
}
