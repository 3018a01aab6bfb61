/**
 * StoragePool: typed arrays reused from one scope to the next, so that a loop that runs the same
 * computation again and again (a training step) allocates nothing once it has run a first time.
 *
 *   pool.scope(fn):  while fn runs, allocate(dtype, length) pops a free array of exactly that dtype and
 *                    length (zero-filled again) or, if none is free, creates one; every array handed out
 *                    is recorded, and when fn returns or throws all of them go back to the free lists.
 *
 * The models are TensorFlow.js's tf.tidy (the tensors made inside fn are disposed when it returns, except
 * those it returns or tf.keep()s) and PyTorch's CUDA caching allocator (freed blocks stay in the process,
 * in pools by size, for later requests; "CUDA semantics — memory management" in the PyTorch docs). This
 * pool differs from both: it tracks no tensor and counts no reference — a whole scope is one arena, and
 * everything handed out in it comes back at its end; and arrays are keyed by their exact length, with no
 * rounding to size classes and no splitting of blocks, since a training step asks for the same lengths
 * every time (the batch shape fixes them): from the second step on every request finds its array.
 *
 * The rule that makes it safe: nothing allocated inside a scope may be used after the scope ends — read
 * results out (as numbers, or copied into storage made outside the scope) before it returns. Storage that
 * must outlive the scope comes from allocateUnpooled (storage.ts), or is made inside `unpooled`. Scopes
 * nest: an inner scope takes back only what was handed out since it began, and a scope of another pool
 * inside this one draws on that pool.
 */
import type { BufferArena } from './arena.js';
import {
  allocateUnpooled,
  dtypeOf,
  swapStorageSource,
  type DType,
  type Storage,
  type StorageSource,
} from './storage.js';

export { storageStats, type StorageStats } from './storage.js';

/** The free arrays of one dtype and length, as a stack: the first `count` slots. */
interface FreeList {
  arrays: Storage[];
  count: number;
}

let reuse = true;

export class StoragePool implements StorageSource {
  /**
   * `arena`: where new float32 arrays come from (a training run's arena, src/tensor/arena.ts, so that
   * the kernels compute on the step's activations in place); the arena's owner closes it, and the pool
   * with it, when the run ends. Without one, new arrays are plain typed arrays.
   */
  constructor(private readonly arena?: BufferArena) {}

  private readonly free: Record<DType, Map<number, FreeList>> = { float32: new Map(), float64: new Map() };
  /** The arrays handed out in the open scopes, in order: the first `lentCount` slots. */
  private readonly lent: Storage[] = [];
  private lentCount = 0;

  /** Runs `fn` with allocate drawing on this pool; every array handed out meanwhile comes back when fn returns or throws. */
  scope<T>(fn: () => T): T {
    const mark = this.lentCount;
    const previous = swapStorageSource(this);
    try {
      return fn();
    } finally {
      swapStorageSource(previous);
      this.takeBackSince(mark);
    }
  }

  /** allocate's hook while a scope of this pool is active: a free array of `length` elements of `dtype`, zero-filled, or a new one. */
  take(dtype: DType, length: number): Storage {
    if (!reuse) return allocateUnpooled(dtype, length);
    const list = this.free[dtype].get(length);
    let array: Storage;
    if (list !== undefined && list.count > 0) {
      array = list.arrays[--list.count];
      array.fill(0);
    } else {
      array = (dtype === 'float32' ? this.arena?.allocate(length) : undefined) ?? allocateUnpooled(dtype, length);
    }
    this.lent[this.lentCount++] = array;
    return array;
  }

  /** Puts every array lent since position `mark` back on its free list. */
  private takeBackSince(mark: number): void {
    for (let i = mark; i < this.lentCount; i++) {
      const array = this.lent[i];
      const list = this.freeList(dtypeOf(array), array.length);
      list.arrays[list.count++] = array;
    }
    this.lentCount = mark;
  }

  private freeList(dtype: DType, length: number): FreeList {
    const lists = this.free[dtype];
    let list = lists.get(length);
    if (list === undefined) {
      list = { arrays: [], count: 0 };
      lists.set(length, list);
    }
    return list;
  }
}

/** Runs `fn` with allocate making new arrays even inside a scope: for work whose results outlive the scope. */
export function unpooled<T>(fn: () => T): T {
  const previous = swapStorageSource(null);
  try {
    return fn();
  } finally {
    swapStorageSource(previous);
  }
}

/**
 * Runs `fn` with every pool creating a new array for each request and keeping none: the results must be
 * bit for bit those with reuse, which is how tests find an array that escaped its scope.
 */
export function withoutStorageReuse<T>(fn: () => T): T {
  const previous = reuse;
  reuse = false;
  try {
    return fn();
  } finally {
    reuse = previous;
  }
}
