/**
 * Runs one optimizer (and schedule) on a 2-D surface and records the path, in float64.
 *
 * Per step, as the course's figures and PyTorch's training loops do it: record the learning rate, take the
 * optimizer step (every optimizer gets a closure that re-evaluates the loss, gradient and Hessian at the
 * current point, which L-BFGS, line searches, Newton and the look-ahead Nesterov need), then step the
 * schedule (reduceOnPlateau with the loss at the new point). A step that leaves the point or its loss
 * non-finite ends the run: the result keeps the finite prefix and says where it diverged. A step that cannot
 * be taken at all (a NumericalError, such as Newton's singular Hessian) ends it with that error and its step.
 */
import { NumericalError } from '../errors.js';
import { createOptimizer } from '../optim/registry.js';
import type { HessianClosure, Param } from '../optim/optimizer.js';
import { createSurface } from '../problems/registry.js';
import type { Surface } from '../problems/surface.js';
import { createSchedule } from '../schedules/registry.js';
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
}

export function runTrace(config: TraceConfig): TraceResult {
  return traceSurface(createSurface(config.fn), config);
}

/** The same run on a surface built in code (a model's loss, say) rather than named in a config. */
export function traceSurface(surface: Surface, config: Omit<TraceConfig, 'fn'>): TraceResult {
  const data = Float64Array.from(config.start);
  const grad = new Float64Array(2);
  const param: Param = { data, grad };
  const optimizer = createOptimizer([param], config.optimizer);
  const schedule = config.schedule && createSchedule(optimizer, config.schedule);
  const hessian = new Float64Array(4);
  const closure: HessianClosure = Object.assign(
    () => {
      surface.gradient(data[0], data[1], grad);
      return surface.value(data[0], data[1]);
    },
    { hessian: () => surface.hessian(data[0], data[1], hessian) },
  );

  const result: TraceResult = { points: [[data[0], data[1]]], loss: [surface.value(data[0], data[1])], lr: [] };
  if (!Number.isFinite(result.loss[0])) return { ...result, diverged: { step: 0 } };
  for (let step = 1; step <= config.steps; step++) {
    const lr = optimizer.groups[0].options.lr;
    stepAt(step, () => optimizer.step(closure));
    const loss = surface.value(data[0], data[1]);
    if (!(Number.isFinite(data[0]) && Number.isFinite(data[1]) && Number.isFinite(loss))) {
      result.diverged = { step };
      break;
    }
    result.lr.push(lr);
    result.points.push([data[0], data[1]]);
    result.loss.push(loss);
    schedule?.step(loss);
  }
  return result;
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
