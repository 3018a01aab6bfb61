/**
 * fit: mini-batch training of a Module, as the usual PyTorch loop —
 *
 *   for each epoch:  model.train()
 *                    for each batch (shuffled, from the DataLoader):
 *                        zero the gradients; loss = L(model(x), y) [+ λ₁Σ|w| + λ₂Σw²]; loss.backward()
 *                        optimizer.step(); schedule.step() if it steps per batch
 *                    evaluate on the validation set (eval mode, no graph)
 *                    schedule.step(validation loss) if it steps per epoch
 *                    keep the best model (lowest validation loss); stop early after `patience` epochs
 *                    without an improvement of more than minDelta
 *
 * — with every parameter in one flat buffer (packParameters), so the optimizer steps the whole model at
 * once and zeroing is one fill. The forward and backward pass run inside a closure handed to
 * optimizer.step, so optimizers that re-evaluate the loss (L-BFGS, line searches, Nesterov's look-ahead)
 * work as the others do; the batch's loss and accuracy are those of its first evaluation.
 *
 * Memory: each evaluation of the closure runs in a scope of a StoragePool the trainer owns
 * (src/tensor/storagePool.ts), so a step's activations and gradients reuse the arrays of the step before:
 * once a batch shape has been seen, a step allocates no tensor storage. Where the kernels offer a run
 * arena (the threaded wasm kernels: their shared heap), the parameters, the optimizer state and those
 * arrays live in it, so products and optimizer steps read and write them in place, without copies. The
 * arena is given back when fit returns, so a callback that wants to keep weights keeps a copy
 * (`tensor.data.slice()`), not a view.
 *
 * Weight averaging (swaStart or emaDecay, src/train/weightAverage.ts): the average takes the weights in at
 * the end of every epoch from swaStart (SWA; from then on SWALR sets the lr when swaLr is given, in place of
 * the run's schedule), or after every step (EMA). When the run ends the model gets the averaged weights, and
 * its batch-norm statistics are recomputed over the training set (updateBatchNorm): the average, not the
 * best or the last weights, is the final model. The average is part of every checkpoint.
 *
 * SVRG (svrg: m, src/train/svrg.ts): every m steps a full-gradient snapshot over the training set, and each
 * step's batch gradient corrected by it; for models without BatchNorm or Dropout (whose gradients would
 * not be sums over examples).
 *
 * Divergence: a loss that is not a finite number stops training before the step that would use it; the
 * model gets back the best weights (or the last good ones) and the result says why, at which step.
 *
 * Determinism: every random choice comes from `random` (shuffles; dropout masks when the model shares
 * it) or from a Random the model holds. A state saved at a checkpoint and passed back as `resume`
 * continues the run bit for bit: the same weights and the same metrics as a run never interrupted.
 */
import type { Batch } from '../data/dataLoader.js';
import { DataLoader } from '../data/dataLoader.js';
import { yWidth } from '../data/dataset.js';
import { InputError } from '../errors.js';
import { BatchNorm1d } from '../nn/batchNorm.js';
import { Dropout } from '../nn/dropout.js';
import type { Module } from '../nn/module.js';
import type { RunArena } from '../tensor/arena.js';
import { getKernels } from '../kernels/kernels.js';
import { packParameters, type ParameterStore } from '../nn/parameters.js';
import { l1Penalty, l2Penalty } from '../nn/regularization.js';
import type { BaseOptions, Optimizer } from '../optim/optimizer.js';
import { optimizerKey } from '../optim/chain.js';
import { createOptimizer } from '../optim/registry.js';
import { canonicalScheduleName, createSchedule } from '../schedules/registry.js';
import { swaLR } from '../schedules/swaLR.js';
import type { Schedule } from '../schedules/schedule.js';
import type { Random } from '../tensor/random.js';
import { StoragePool, unpooled } from '../tensor/storagePool.js';
import type { Tensor } from '../tensor/tensor.js';
import { evaluate, type Evaluation } from './evaluate.js';
import {
  resolveFitOptions,
  scheduleForRun,
  type FitEvent,
  type FitOptions,
  type ResolvedFitOptions,
} from './fitOptions.js';
import { BatchObjective } from './loss.js';
import { trainingRandoms } from './randoms.js';
import { captureWeights, restoreWeights, weightLayout, type WeightLayout } from './snapshot.js';
import type { BestModel, EpochMetrics, TrainingSettings, TrainingState } from './state.js';
import { TrainingSvrg } from './svrg.js';
import { updateBatchNorm } from './updateBatchNorm.js';
import { WeightAverage, type AveragingMode } from './weightAverage.js';

export type { CheckpointEvent, EarlyStoppingOptions, FitEvent, FitOptions, FitScheduleSpec } from './fitOptions.js';

export interface Divergence {
  /** The epoch (1-based) in which the loss stopped being finite. */
  epoch: number;
  /** The step (1-based, over all epochs) that could not be taken. */
  step: number;
  reason: string;
}

export interface FitResult {
  /** The model passed in, holding the best weights (or the last ones with restoreBest: false). */
  model: Module;
  history: EpochMetrics[];
  /** Epochs completed, counting those before a resume. */
  epochsRun: number;
  steps: number;
  best: { epoch: number; step: number; loss: number } | null;
  /** 'aborted': fitAsync's signal fired; `state` is then the state at that step (resume continues it). */
  stopped: 'completed' | 'early-stop' | 'diverged' | 'aborted';
  diverged?: Divergence;
  /** The last good state (the weights of the last completed epoch, not the best): resume from it. */
  state: TrainingState;
  /** With swaStart or emaDecay: the model holds the average of this many weights (none: the usual final weights). */
  averaged?: { mode: AveragingMode; count: number };
}

export function fit(model: Module, options: FitOptions): FitResult {
  const resolved = resolveFitOptions(options);
  // The parameter store, the optimizer state and the snapshots outlive any storage scope fit may be called in.
  return unpooled(() => {
    // Where the kernels have one (threads), the run's parameters, optimizer state and activations live in
    // an arena they compute on without copies; at the end the weights move out and the arena is closed.
    const arena = getKernels().createRunArena?.();
    try {
      return new Trainer(model, resolved, arena).advance(Infinity) as FitResult;
    } finally {
      closeRunArena(model, arena);
    }
  });
}

export interface FitAsyncOptions extends FitOptions {
  /** Stops the run at the next pause: the result is `stopped: 'aborted'`, its `state` resumable. */
  signal?: AbortSignal;
  /** Milliseconds of training between two pauses for the event loop; default 16 (one frame of a page). */
  sliceMs?: number;
}

/**
 * fit for pages and servers: the same run, bit for bit, in slices of about `sliceMs` of whole steps, with
 * a pause for the event loop between slices (so a page stays responsive and onEvent's progress can be
 * drawn), and an AbortSignal checked at every pause.
 */
export async function fitAsync(model: Module, options: FitAsyncOptions): Promise<FitResult> {
  const { signal, sliceMs = 16, ...fitOptions } = options;
  if (!(sliceMs > 0)) throw new InputError(`fitAsync: sliceMs must be a number > 0 (got ${String(sliceMs)})`);
  const resolved = resolveFitOptions(fitOptions);
  const arena = getKernels().createRunArena?.();
  try {
    const trainer = unpooled(() => new Trainer(model, resolved, arena));
    for (;;) {
      if (signal?.aborted === true) return unpooled(() => trainer.abort());
      const result = unpooled(() => trainer.advance(now() + sliceMs));
      if (result !== undefined) return result;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    closeRunArena(model, arena);
  }
}

/** The weights move out of the run's arena (packed again without it), then the arena is given back. */
function closeRunArena(model: Module, arena: RunArena | undefined): void {
  if (arena === undefined) return;
  packParameters(model);
  arena.close();
}

/** trainEpoch's answer when the slice's time is up before the epoch ends. */
const PAUSED = 'paused';

/** Thrown from inside optimizer.step's closure to stop a step whose loss is not finite. */
class NonFiniteLoss extends Error {}

class Trainer {
  private readonly layout: WeightLayout;
  private readonly store: ParameterStore;
  private readonly optimizer: Optimizer<BaseOptions>;
  private readonly loader: DataLoader;
  private readonly schedule: Schedule | null;
  private readonly objective: BatchObjective;
  private readonly randoms: Random[];
  private readonly penalized: Tensor[];
  private readonly settings: TrainingSettings;
  /** The activations and gradients of each step, reused from step to step (one batch shape, one set of arrays). */
  private readonly pool: StoragePool;
  private readonly average: WeightAverage | null;
  /** SWALR from swaStart on, when swaLr is given. */
  private readonly swaSchedule: Schedule | null;
  private readonly svrg: TrainingSvrg | null;

  private epoch = 0;
  private step = 0;
  private history: EpochMetrics[] = [];
  private best: BestModel | null = null;
  private wait = 0;
  private finished: 'early-stop' | null = null;
  // The running sums of the epoch in progress.
  private lossSum = 0;
  private correct = 0;
  private count = 0;
  private secondsBefore = 0;
  private epochStart = 0;
  private inEpoch = false;
  // The step in progress.
  private batch: Batch | null = null;
  private evaluations = 0;
  private batchLoss = 0;
  private batchCorrect = 0;
  private lastLr = 0;
  private lastGood: TrainingState;

  constructor(
    private readonly model: Module,
    private readonly o: ResolvedFitOptions,
    arena: RunArena | undefined,
  ) {
    this.layout = weightLayout(model);
    this.store = packParameters(model, arena);
    this.pool = new StoragePool(arena);
    this.optimizer = createOptimizer([this.store.param], o.optimizer);
    this.loader = new DataLoader(o.train, {
      batchSize: o.batchSize,
      shuffle: o.shuffle,
      dropLast: o.dropLast,
      ...(o.shuffle ? { random: o.random } : {}),
    });
    this.schedule =
      o.schedule === undefined
        ? null
        : createSchedule(this.optimizer, scheduleForRun(o.schedule, o.interval, o.epochs, this.loader.batchesPerEpoch));
    this.average = o.averaging === undefined ? null : new WeightAverage(model.parameters(), o.averaging);
    this.swaSchedule =
      o.averaging?.mode === 'swa' && o.averaging.swaLr !== undefined
        ? swaLR(this.optimizer, { swaLr: o.averaging.swaLr, annealEpochs: o.averaging.annealEpochs })
        : null;
    this.svrg = o.svrg === undefined ? null : new TrainingSvrg(o.svrg, checkSvrgModel(model, this.store.param));
    this.objective = new BatchObjective(
      o.loss,
      this.layout.dtype,
      o.train.features,
      Math.min(o.batchSize, o.train.n),
      o.train,
    );
    this.randoms = trainingRandoms(o.random, model);
    this.penalized = model.parameters().filter((p) => p.rank >= 2);
    this.settings = {
      trainSize: o.train.n,
      batchSize: o.batchSize,
      shuffle: o.shuffle,
      dropLast: o.dropLast,
      loss: o.loss,
      optimizer: optimizerKey(o.optimizer),
      schedule: o.schedule === undefined ? null : canonicalScheduleName(o.schedule.name),
      averaging: o.averaging === undefined ? null : JSON.stringify(o.averaging),
      svrg: o.svrg ?? null,
    };
    this.lastLr = this.optimizer.groups[0].options.lr;
    if (o.resume !== undefined) this.restore(o.resume);
    this.lastGood = this.snapshot();
  }

  /** Trains until the run ends (its result) or, after a step, the clock passes `deadline` (undefined). */
  advance(deadline: number): FitResult | undefined {
    while (this.epoch < this.o.epochs && this.finished === null) {
      const trained = this.trainEpoch(deadline);
      if (trained === PAUSED) return undefined;
      const divergence = trained ?? this.endEpoch();
      if (divergence !== null) return this.diverge(divergence);
      if (now() >= deadline && this.epoch < this.o.epochs && this.finished === null) return undefined;
    }
    this.useFinalWeights();
    return this.result(this.finished ?? 'completed');
  }

  /**
   * The final model's weights into the model: the average with batch-norm statistics recomputed for it
   * (update_bn) when the run averages, else the best weights when restoreBest.
   */
  private useFinalWeights(): void {
    if (this.average !== null && this.average.count > 0) {
      this.average.copyTo();
      updateBatchNorm(this.model, this.o.train, this.o.batchSize);
    } else if (this.o.restoreBest && this.best !== null) {
      restoreWeights(this.layout, this.best.weights);
    }
  }

  /** Whether the epochs completed so far reach into SWA's averaging phase. */
  private inSwaPhase(): boolean {
    return this.o.averaging?.mode === 'swa' && this.epoch >= this.o.averaging.start;
  }

  /** Stops between two steps: the state there (to resume from), then the final weights as at the end of a run. */
  abort(): FitResult {
    const state = this.snapshot();
    this.useFinalWeights();
    return { ...this.result('aborted'), state };
  }

  // ——— One epoch ———

  /** Trains on the epoch's (remaining) batches; a divergence stops it, and so does `deadline` (PAUSED). */
  private trainEpoch(deadline: number): Divergence | null | typeof PAUSED {
    if (!this.inEpoch) {
      this.lossSum = 0;
      this.correct = 0;
      this.count = 0;
      this.secondsBefore = 0;
      this.inEpoch = true;
    }
    this.epochStart = now();
    this.model.train();
    for (const batch of this.loader.batches()) {
      const divergence = this.trainStep(batch);
      if (divergence !== null) return divergence;
      const epochGoesOn = this.loader.epochsDone === this.epoch;
      if (this.o.checkpointEvery !== undefined && this.step % this.o.checkpointEvery === 0 && epochGoesOn) {
        this.o.onCheckpoint?.({ kind: 'step', state: this.snapshot(), improved: false });
      }
      // The loader keeps its place when the loop is left, so the next slice continues this epoch.
      if (epochGoesOn && now() >= deadline) {
        this.secondsBefore += (now() - this.epochStart) / 1000;
        return PAUSED;
      }
    }
    return null;
  }

  /** Evaluates, records the epoch, keeps the best model, steps an epoch schedule, checks early stopping. */
  private endEpoch(): Divergence | null {
    const validation = this.o.validation === undefined ? undefined : this.evaluate();
    if (validation !== undefined && !Number.isFinite(validation.loss)) {
      return {
        epoch: this.epoch + 1,
        step: this.step,
        reason: `the validation loss after epoch ${this.epoch + 1} (step ${this.step}) is not a finite number with learning rate ${this.lastLr}: the weights diverged; try a smaller learning rate`,
      };
    }
    const metrics = this.epochMetrics(validation);
    this.epoch++;
    this.inEpoch = false;
    this.history.push(metrics);
    const monitored = metrics.validationLoss ?? metrics.trainLoss;
    const improved = this.observe(monitored);
    if (this.inSwaPhase()) (this.average as WeightAverage).update();
    if (this.inSwaPhase() && this.swaSchedule !== null) this.swaSchedule.step();
    else if (this.schedule !== null && this.o.interval === 'epoch') this.schedule.step(monitored);
    this.emit({ type: 'epoch', ...metrics });
    if (this.o.patience !== undefined && this.wait >= this.o.patience && this.epoch < this.o.epochs)
      this.finished = 'early-stop';
    this.lastGood = this.snapshot();
    this.o.onCheckpoint?.({ kind: 'epoch', state: this.lastGood, improved });
    if (this.finished !== null && this.best !== null) {
      this.emit({ type: 'early-stop', epoch: this.epoch, bestEpoch: this.best.epoch, bestLoss: this.best.loss });
    }
    return null;
  }

  private epochMetrics(validation: Evaluation | undefined): EpochMetrics {
    const classification = this.objective.classifies;
    return {
      epoch: this.epoch + 1,
      step: this.step,
      trainLoss: this.lossSum / this.count,
      ...(classification ? { trainAccuracy: this.correct / this.count } : {}),
      ...(validation === undefined ? {} : { validationLoss: validation.loss }),
      ...(validation?.accuracy === undefined ? {} : { validationAccuracy: validation.accuracy }),
      lr: this.lastLr,
      seconds: this.secondsBefore + (now() - this.epochStart) / 1000,
    };
  }

  /** Keeps the model if `loss` beats the best by more than minDelta; counts the epochs since the best. */
  private observe(loss: number): boolean {
    const improved = this.best === null || loss < this.best.loss - this.o.minDelta;
    if (improved) {
      // A fresh array each time, never written again: states handed out may share it.
      this.best = { epoch: this.epoch, step: this.step, loss, weights: captureWeights(this.layout) };
      this.wait = 0;
    } else {
      this.wait++;
    }
    return improved;
  }

  private evaluate(): Evaluation {
    return evaluate(this.model, this.o.validation as NonNullable<typeof this.o.validation>, {
      loss: this.o.loss,
      batchSize: this.o.evaluationBatchSize,
    });
  }

  // ——— One step ———

  private trainStep(batch: Batch): Divergence | null {
    this.batch = batch;
    this.evaluations = 0;
    this.lastLr = this.optimizer.groups[0].options.lr;
    if (this.svrg?.due(this.step) === true) this.svrg.takeSnapshot(this.fullGradient);
    try {
      this.optimizer.step(this.closure);
    } catch (error) {
      if (!(error instanceof NonFiniteLoss)) throw error;
      const reason =
        `the training loss at epoch ${this.epoch + 1}, step ${this.step + 1} is not a finite number (${error.message}) ` +
        `with learning rate ${this.lastLr}: the weights diverged; try a smaller learning rate`;
      return { epoch: this.epoch + 1, step: this.step + 1, reason };
    }
    this.step++;
    this.lossSum += this.batchLoss * batch.size;
    this.correct += this.batchCorrect;
    this.count += batch.size;
    if (this.o.averaging?.mode === 'ema') (this.average as WeightAverage).update();
    const swaLrRules = this.inSwaPhase() && this.swaSchedule !== null;
    if (this.schedule !== null && this.o.interval === 'step' && !swaLrRules) this.schedule.step();
    this.emit({ type: 'step', epoch: this.epoch + 1, step: this.step, loss: this.batchLoss });
    return null;
  }

  /**
   * The loss and gradients at the current weights, on the current batch (optimizer.step calls it). Every
   * array the evaluation allocates comes from the trainer's pool and goes back to it when the closure
   * returns (or throws): what outlives it is only numbers and the parameter store's gradient.
   */
  private readonly closure = (): number => this.pool.scope(this.lossAndGradients);

  private readonly lossAndGradients = (): number => {
    const batch = this.batch as Batch;
    this.store.zeroGrad();
    const output = this.model.forward(this.objective.inputs(batch.x, batch.size));
    const dataLoss = this.objective.compute(output, batch.y, batch.size, 'mean');
    const loss = this.withPenalties(dataLoss);
    const value = loss.item();
    const first = this.evaluations++ === 0;
    // Only the first evaluation decides: a line search may try a step whose loss overflows, and back off.
    if (first && !Number.isFinite(value))
      throw new NonFiniteLoss(Number.isNaN(value) ? 'undefined: 0/0 or ∞ − ∞' : `${value > 0 ? '+' : '−'}infinity`);
    loss.backward();
    if (first) {
      this.batchLoss = dataLoss.item();
      this.batchCorrect = this.objective.correct(output, batch.y, batch.size);
    }
    this.svrg?.correct(this.batchGradient);
    return value;
  };

  /** ∇ of the batch's loss (with the penalties) at the weights in the store, into the store's gradient. */
  private readonly batchGradient = (): void => {
    const batch = this.batch as Batch;
    this.store.zeroGrad();
    const output = this.model.forward(this.objective.inputs(batch.x, batch.size));
    this.withPenalties(this.objective.compute(output, batch.y, batch.size, 'mean')).backward();
  };

  /**
   * ∇ of the mean loss over the whole training set (with the penalties) into the store's gradient: the sum
   * of each chunk's summed loss / n, chunk by chunk (evaluationBatchSize rows), then the penalties' gradient.
   */
  private readonly fullGradient = (): void => {
    const { train, evaluationBatchSize } = this.o;
    const width = yWidth(train);
    const objective = new BatchObjective(
      this.o.loss,
      this.layout.dtype,
      train.features,
      Math.min(evaluationBatchSize, train.n),
      train,
    );
    const scale = 1 / (train.n * this.objective.termsPerRow);
    for (let start = 0; start < train.n; start += evaluationBatchSize) {
      const rows = Math.min(evaluationBatchSize, train.n - start);
      const x = train.x.subarray(start * train.features, (start + rows) * train.features);
      const y = train.y.subarray(start * width, (start + rows) * width);
      this.pool.scope(() => {
        const output = this.model.forward(objective.inputs(x, rows));
        objective.compute(output, y, rows, 'sum').mul(scale).backward();
      });
    }
    this.pool.scope(() => {
      if (this.o.l1 > 0) l1Penalty(this.penalized, this.o.l1).backward();
      if (this.o.l2 > 0) l2Penalty(this.penalized, this.o.l2).backward();
    });
  };

  private withPenalties(loss: Tensor): Tensor {
    let total = loss;
    if (this.o.l1 > 0) total = total.add(l1Penalty(this.penalized, this.o.l1));
    if (this.o.l2 > 0) total = total.add(l2Penalty(this.penalized, this.o.l2));
    return total;
  }

  // ——— Outcomes ———

  private diverge(divergence: Divergence): FitResult {
    const useBest = this.o.restoreBest && this.best !== null;
    restoreWeights(this.layout, useBest ? (this.best as BestModel).weights : this.lastGood.weights);
    this.emit({ type: 'diverged', ...divergence });
    return { ...this.result('diverged'), diverged: divergence, state: this.lastGood };
  }

  private result(stopped: FitResult['stopped']): FitResult {
    const best = this.best === null ? null : { epoch: this.best.epoch, step: this.best.step, loss: this.best.loss };
    return {
      model: this.model,
      history: this.history.map((m) => ({ ...m })),
      epochsRun: this.epoch,
      steps: this.step,
      best,
      stopped,
      state: this.lastGood,
      ...(this.average === null || this.average.count === 0
        ? {}
        : { averaged: { mode: this.average.mode, count: this.average.count } }),
    };
  }

  private emit(event: FitEvent): void {
    this.o.onEvent?.(event);
  }

  // ——— State ———

  private snapshot(): TrainingState {
    return {
      epoch: this.epoch,
      step: this.step,
      weights: captureWeights(this.layout),
      optimizer: this.optimizer.stateDict(),
      schedule: this.schedule?.stateDict() ?? null,
      randoms: this.randoms.map((r) => r.getState()),
      loader: this.loader.getState(),
      partial: this.inEpoch
        ? {
            lossSum: this.lossSum,
            correct: this.correct,
            count: this.count,
            seconds: this.secondsBefore + (now() - this.epochStart) / 1000,
          }
        : null,
      history: this.history.map((m) => ({ ...m })),
      best: this.best,
      wait: this.wait,
      finished: this.finished,
      settings: { ...this.settings },
      averaging:
        this.average === null
          ? null
          : { average: this.average.stateDict(), schedule: this.swaSchedule?.stateDict() ?? null },
      svrg: this.svrg?.stateDict() ?? null,
    };
  }

  private restore(state: TrainingState): void {
    this.checkSettings(state.settings);
    if (state.randoms.length !== this.randoms.length) {
      throw new InputError(
        `resume: the state holds ${state.randoms.length} random generator states; this run draws from ${this.randoms.length} (a model with other Dropout layers?)`,
      );
    }
    if ((state.schedule === null) !== (this.schedule === null)) {
      throw new InputError(
        `resume: the state was saved ${state.schedule === null ? 'without' : 'with'} a schedule; this run has ${this.schedule === null ? 'none' : 'one'}`,
      );
    }
    restoreWeights(this.layout, state.weights);
    this.optimizer.loadStateDict(state.optimizer);
    if (this.average !== null && state.averaging != null) {
      this.average.loadStateDict(state.averaging.average);
      if (this.swaSchedule !== null) this.swaSchedule.loadStateDict(state.averaging.schedule);
    }
    if (this.svrg !== null && state.svrg != null) this.svrg.loadStateDict(state.svrg);
    if (this.schedule !== null) this.schedule.loadStateDict(state.schedule);
    state.randoms.forEach((saved, i) => this.randoms[i].setState(saved));
    this.loader.setState(state.loader);
    this.epoch = state.epoch;
    this.step = state.step;
    this.history = state.history.map((m) => ({ ...m }));
    this.best = state.best;
    this.wait = state.wait;
    this.finished = state.finished;
    this.lastLr = this.optimizer.groups[0].options.lr;
    this.inEpoch = state.partial !== null;
    if (state.partial !== null) {
      ({
        lossSum: this.lossSum,
        correct: this.correct,
        count: this.count,
        seconds: this.secondsBefore,
      } = state.partial);
    }
  }

  private checkSettings(saved: TrainingSettings): void {
    for (const key of Object.keys(this.settings) as (keyof TrainingSettings)[]) {
      // A state saved before a setting existed holds nothing for it: the setting's absence (null).
      if ((saved[key] ?? null) !== this.settings[key]) {
        throw new InputError(
          `resume: the state was saved with ${key} ${JSON.stringify(saved[key])}; this run has ${JSON.stringify(this.settings[key])}`,
        );
      }
    }
  }
}

/** SVRG's full gradient is a sum over examples: no layer may see the batch as a whole or draw at random. */
function checkSvrgModel(model: Module, param: ParameterStore['param']): ParameterStore['param'] {
  const other = model.modules().find((m) => m instanceof BatchNorm1d || m instanceof Dropout);
  if (other !== undefined)
    throw new InputError(
      `fit: svrg needs a model without BatchNorm or Dropout (its full gradient is a sum over examples; found ${other})`,
    );
  return param;
}

function now(): number {
  return performance.now();
}
