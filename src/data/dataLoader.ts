/**
 * Mini-batches over a Dataset, as PyTorch's `DataLoader(dataset, batch_size, shuffle, drop_last)`.
 *
 * With `shuffle`, each epoch starts by drawing a fresh permutation of 0 … n−1 from the Random passed in,
 * and the epoch walks it in slices of `batchSize`: sampling without replacement, so every example appears
 * exactly once per epoch (all but the last n mod batchSize of them with `dropLast`). Without `shuffle` the
 * order is 0 … n−1 every epoch.
 *
 * Batches reuse buffers: the loader allocates its x, y and indices arrays once and overwrites them for each
 * batch, so a training step costs no allocation. A caller that keeps a batch past the next one must copy
 * it (`batch.x.slice()`); the batch object itself is reused too.
 *
 * Resuming: `getState()` records the epoch, the position within it and the epoch's order; a loader given
 * that state by `setState()` (and the Random restored to its state at the same moment) yields exactly the
 * batches the original would have yielded next.
 */
import { InputError } from '../errors.js';
import { check, checkInteger } from '../config/validate.js';
import type { Random } from '../tensor/random.js';
import { yWidth, type Dataset } from './dataset.js';

export interface DataLoaderOptions {
  batchSize: number;
  /** A fresh random order every epoch (needs `random`); default false, as in PyTorch. */
  shuffle?: boolean;
  /** Skip the last, smaller batch of an epoch; default false. */
  dropLast?: boolean;
  /** The source of the permutations; required with `shuffle`. */
  random?: Random;
}

export interface Batch {
  /** size × features, row-major; a reused buffer. */
  x: Float32Array;
  /** size labels (Int32Array) or size × targets values (Float32Array); a reused buffer. */
  y: Float32Array | Int32Array;
  /** The number of examples in this batch (batchSize except perhaps the last one). */
  size: number;
  /** The dataset rows in this batch; a reused buffer. */
  indices: Uint32Array;
}

/** Where a loader stands; JSON-safe. */
export interface DataLoaderState {
  /** Epochs completed. */
  epoch: number;
  /** Examples of the current epoch already handed out. */
  position: number;
  /** The current epoch's order, or null when the next epoch has not started (its order is not drawn yet). */
  order: number[] | null;
}

const OPTION_NAMES = ['batchSize', 'shuffle', 'dropLast', 'random'];

export class DataLoader {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly random: Random | undefined;
  private epoch = 0;
  private position = 0;
  /** The current epoch's order; null between epochs. */
  private order: Uint32Array | null = null;
  private readonly full: Batch;
  /** The smaller last batch (views into the same buffers); null when n divides evenly or with dropLast. */
  private readonly tail: Batch | null;

  constructor(dataset: Dataset, options: DataLoaderOptions) {
    for (const key of Object.keys(options)) {
      if (!OPTION_NAMES.includes(key))
        throw new InputError(`dataLoader: unknown option '${key}'; valid options: ${OPTION_NAMES.join(', ')}`);
    }
    const { batchSize, shuffle = false, dropLast = false, random } = options;
    checkInteger('dataLoader', 'batchSize', batchSize, 1);
    check(typeof shuffle === 'boolean', 'dataLoader', 'shuffle', 'true or false', shuffle);
    check(typeof dropLast === 'boolean', 'dataLoader', 'dropLast', 'true or false', dropLast);
    if (shuffle && random === undefined) throw new InputError('dataLoader: shuffle needs a random (a seeded Random)');
    if (dropLast && batchSize > dataset.n) {
      throw new InputError(
        `dataLoader: batchSize must be <= the ${dataset.n} examples with dropLast, or no batch is ever made (got ${batchSize})`,
      );
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.random = random;
    const rows = Math.min(batchSize, dataset.n);
    const w = yWidth(dataset);
    this.full = {
      x: new Float32Array(rows * dataset.features),
      y: dataset.y instanceof Int32Array ? new Int32Array(rows * w) : new Float32Array(rows * w),
      size: rows,
      indices: new Uint32Array(rows),
    };
    const rest = dataset.n % batchSize;
    this.tail =
      rest === 0 || dropLast
        ? null
        : {
            x: this.full.x.subarray(0, rest * dataset.features),
            y: this.full.y.subarray(0, rest * w),
            size: rest,
            indices: this.full.indices.subarray(0, rest),
          };
  }

  /** Batches in one epoch: ⌊n / batchSize⌋ with dropLast, ⌈n / batchSize⌉ without. */
  get batchesPerEpoch(): number {
    const n = this.dataset.n;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Epochs completed so far. */
  get epochsDone(): number {
    return this.epoch;
  }

  /** `for (const batch of loader)`, as in PyTorch: the batches of one epoch (see batches()). */
  [Symbol.iterator](): Generator<Batch, void, undefined> {
    return this.batches();
  }

  /**
   * The remaining batches of the current epoch (all of them when an epoch is about to start). Breaking out
   * of the loop keeps the position, so the next call continues the same epoch.
   */
  *batches(): Generator<Batch, void, undefined> {
    const order = this.order ?? this.startEpoch();
    const n = this.dataset.n;
    const end = this.dropLast ? n - (n % this.batchSize) : n;
    if (end === 0) this.finishEpoch(); // an empty dataset: the epoch is over before it starts
    let start = this.position;
    while (start < end) {
      const size = Math.min(this.batchSize, end - start);
      const batch = size === this.batchSize || this.tail === null ? this.full : this.tail;
      this.gather(order, start, size, batch);
      start += size;
      // Recorded before the yield: a batch handed out counts as consumed even if the caller then stops.
      if (start >= end) this.finishEpoch();
      else this.position = start;
      yield batch;
    }
  }

  getState(): DataLoaderState {
    return { epoch: this.epoch, position: this.position, order: this.order === null ? null : Array.from(this.order) };
  }

  setState(state: DataLoaderState): void {
    const n = this.dataset.n;
    const ok =
      state !== null &&
      typeof state === 'object' &&
      Number.isInteger(state.epoch) &&
      state.epoch >= 0 &&
      Number.isInteger(state.position) &&
      state.position >= 0 &&
      state.position <= n;
    if (!ok)
      throw new InputError(
        `dataLoader state must be {epoch: integer >= 0, position: integer in [0, ${n}], order: a permutation of 0…${n - 1} or null}`,
      );
    if (state.order !== null && !isPermutation(state.order, n)) {
      throw new InputError(`dataLoader state: order must be a permutation of 0…${n - 1} or null`);
    }
    if (state.order === null && state.position !== 0)
      throw new InputError("dataLoader state: a position inside an epoch needs that epoch's order");
    this.epoch = state.epoch;
    this.position = state.position;
    this.order = state.order === null ? null : Uint32Array.from(state.order);
  }

  private startEpoch(): Uint32Array {
    const n = this.dataset.n;
    let order: Uint32Array;
    if (this.shuffle) {
      order = (this.random as Random).permutation(n);
    } else {
      order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
    }
    this.order = order;
    this.position = 0;
    return order;
  }

  private finishEpoch(): void {
    this.epoch++;
    this.position = 0;
    this.order = null;
  }

  /** Copies the rows order[start … start+size) into the batch buffers. */
  private gather(order: Uint32Array, start: number, size: number, batch: Batch): void {
    const { x: sx, y: sy, features: f } = this.dataset;
    const w = yWidth(this.dataset);
    const { x, y, indices } = batch;
    for (let i = 0; i < size; i++) {
      const row = order[start + i];
      indices[i] = row;
      // A row is contiguous: one memcpy (TypedArray.set) instead of an element loop.
      x.set(sx.subarray(row * f, (row + 1) * f), i * f);
      for (let k = 0; k < w; k++) y[i * w + k] = sy[row * w + k];
    }
  }
}

function isPermutation(order: unknown, n: number): boolean {
  if (!Array.isArray(order) || order.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const v of order) {
    if (!Number.isInteger(v) || v < 0 || v >= n || seen[v] === 1) return false;
    seen[v] = 1;
  }
  return true;
}
