/**
 * Runs one optimizer (and schedule) on a 2-D surface and records the path, in float64.
 *
 * Per step, as the course's figures and PyTorch's training loops do it: record the learning rate, take the
 * optimizer step (every optimizer gets a closure that re-evaluates the loss, gradient and Hessian at the
 * current point, which L-BFGS, line searches, Newton and the look-ahead Nesterov need), then step the
 * schedule (reduceOnPlateau with the loss at the new point). A step that leaves the point or its loss
 * non-finite ends the run: the result keeps the finite prefix and says where it diverged. A step that cannot
 * be taken at all (a NumericalError, such as Newton's singular Hessian) ends it with that error and its step.
 *
 * With `batchSize`, on a loss that sums over data (src/problems/finiteSum.ts), each step's closure sees
 * one mini-batch — stochastic gradient descent (UDL §6.2) — drawn without replacement, epoch by epoch,
 * from a generator seeded with `seed` (0 by default); `batches` records the rows each step used. The
 * recorded loss is the full sum at each point, so paths with and without batches compare directly.
 * With `svrg` m as well, each batch gradient is corrected by a full-gradient snapshot taken at steps 1,
 * m + 1, 2m + 1, … (stochastic variance-reduced gradient, src/problems/svrg.ts).
 */
import { InputError, NumericalError } from '../errors.js';
import { createOptimizer } from '../optim/registry.js';
import type { BaseOptions, HessianClosure, Optimizer, Param } from '../optim/optimizer.js';
import { isFiniteSum, type FiniteSumSurface } from '../problems/finiteSum.js';
import { MiniBatches } from '../problems/miniBatches.js';
import { SvrgGradient } from '../problems/svrg.js';
import { createSurface } from '../problems/registry.js';
import type { Surface } from '../problems/surface.js';
import { createSchedule } from '../schedules/registry.js';
import { Random } from '../tensor/random.js';
import type { TraceConfig } from './config.js';

export interface TraceResult {
  /** steps + 1 points, the start first (fewer when the run diverged). */
  points: [number, number][];
  /** The loss at each point. */
  loss: number[];
  /** The learning rate each step used (of the first parameter group). */
  lr: number[];
  /** Present when a step made the point or its loss non-finite: the 1-based number of that step. */
  diverged?: { step: number };
  /** With a batch size: the data rows of each step's mini-batch. */
  batches?: number[][];
}

export function runTrace(config: TraceConfig): TraceResult {
  return traceSurface(createSurface(config.fn), config);
}

/**
 * The same run on a surface built in code (a model's loss, say) rather than named in a config. `observe`
 * sees the optimizer after each step that stayed finite (the lab reads its state there to draw it).
 */
export function traceSurface(
  surface: Surface,
  config: Omit<TraceConfig, 'fn'>,
  observe?: (step: number, optimizer: Optimizer<BaseOptions>) => void,
): TraceResult {
  const data = Float64Array.from(config.start);
  const grad = new Float64Array(2);
  const param: Param = { data, grad };
  const optimizer = createOptimizer([param], config.optimizer);
  const schedule = config.schedule && createSchedule(optimizer, config.schedule);
  const hessian = new Float64Array(4);
  const sampler =
    config.batchSize === undefined ? undefined : batchSampler(surface, config.batchSize, config.seed ?? 0);
  const svrg = config.svrg === undefined ? undefined : svrgGradient(sampler?.surface, config.svrg);
  let batch: Uint32Array = new Uint32Array(0);
  const closure: HessianClosure = Object.assign(
    () => {
      if (sampler === undefined) {
        surface.gradient(data[0], data[1], grad);
        return surface.value(data[0], data[1]);
      }
      if (svrg === undefined) sampler.surface.batchGradient(data[0], data[1], batch, grad);
      else svrg.gradient(data[0], data[1], batch, grad);
      return sampler.surface.batchValue(data[0], data[1], batch);
    },
    {
      hessian: () =>
        sampler === undefined
          ? surface.hessian(data[0], data[1], hessian)
          : sampler.surface.batchHessian(data[0], data[1], batch, hessian),
    },
  );

  const result: TraceResult = {
    points: [[data[0], data[1]]],
    loss: [surface.value(data[0], data[1])],
    lr: [],
    ...(sampler && { batches: [] }),
  };
  if (!Number.isFinite(result.loss[0])) return { ...result, diverged: { step: 0 } };
  for (let step = 1; step <= config.steps; step++) {
    const lr = optimizer.groups[0].options.lr;
    if (svrg !== undefined && (step - 1) % svrg.every === 0) svrg.takeSnapshot(data[0], data[1]);
    if (sampler !== undefined) {
      batch = sampler.batches.next();
      result.batches?.push(Array.from(batch));
    }
    stepAt(step, () => optimizer.step(closure));
    const loss = surface.value(data[0], data[1]);
    if (!(Number.isFinite(data[0]) && Number.isFinite(data[1]) && Number.isFinite(loss))) {
      result.diverged = { step };
      break;
    }
    result.lr.push(lr);
    result.points.push([data[0], data[1]]);
    result.loss.push(loss);
    observe?.(step, optimizer);
    schedule?.step(loss);
  }
  return result;
}

/** Mini-batches of `surface`'s data; an error unless the surface is a sum over data and 1 <= batchSize <= n. */
function batchSampler(
  surface: Surface,
  batchSize: number,
  seed: number,
): { surface: FiniteSumSurface; batches: MiniBatches } {
  if (!isFiniteSum(surface)) {
    throw new InputError(
      `batchSize needs a loss over data (gabor, linearRegression, logisticRegression, shallowNetwork); '${surface.name}' is a plain function`,
    );
  }
  if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= surface.n)) {
    throw new InputError(
      `batchSize must be an integer in [1, ${surface.n}] (the examples of '${surface.name}') (got ${batchSize})`,
    );
  }
  return { surface, batches: new MiniBatches(surface.n, batchSize, new Random(seed)) };
}

/** SVRG's corrected gradients; an error unless the run takes mini-batches of a loss over data. */
function svrgGradient(surface: FiniteSumSurface | undefined, every: number): SvrgGradient {
  if (surface === undefined)
    throw new InputError('svrg needs batchSize: it corrects the gradients of mini-batches of a loss over data');
  return new SvrgGradient(surface, every);
}

/** Runs one step; a numerical failure in it (Newton's singular Hessian, say) says at which step it happened. */
function stepAt(step: number, run: () => void): void {
  try {
    run();
  } catch (error) {
    if (error instanceof NumericalError) throw new NumericalError(`step ${step}: ${error.message}`);
    throw error;
  }
}
