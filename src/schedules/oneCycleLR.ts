/**
 * OneCycleLR (PyTorch 1.13 `torch.optim.lr_scheduler.OneCycleLR`; Smith & Topin, "Super-Convergence",
 * 2018): the lr rises from maxLr/divFactor to maxLr over the first pctStart of `totalSteps`, then falls to
 * maxLr/(divFactor·finalDivFactor); the momentum (or Adam's β₁) moves the opposite way between
 * maxMomentum and baseMomentum.
 *
 * Phases, each annealed from its start value to its end value as pct goes from 0 to 1:
 *
 *   two-phase (default)   steps 0 … pctStart·N − 1:     initial → max      (momentum max → base)
 *                         … N − 1:                      max → min          (momentum base → max)
 *   threePhase            steps 0 … pctStart·N − 1:     initial → max      (momentum max → base)
 *                         … 2·pctStart·N − 2:           max → initial      (momentum base → max)
 *                         … N − 1:                      initial → min      (momentum max)
 *
 *   pct = (t − phase start) / (phase end − phase start), where a phase starts at the previous one's end
 *   cos:    end + (start − end)/2·(cos(π·pct) + 1)          linear:  (end − start)·pct + start
 *
 * with N = totalSteps (or epochs·stepsPerEpoch), initial = maxLr/divFactor, min = initial/finalDivFactor.
 * As in PyTorch, N steps may follow construction; one more is an error.
 */
import { InputError } from '../errors.js';
import { check, checkOneOf, checkPositive } from '../config/validate.js';
import { setInitialLr } from './initialLr.js';
import { LRScheduler } from './lrScheduler.js';
import { hasOption, setMomentum, type MomentumOption } from './momentum.js';
import { checkGiven, checkGivenInteger, perGroup, resolveScheduleOptions } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

export interface OneCycleLROptions {
  /** The peak lr: one number, or one per parameter group; required. */
  maxLr: number | number[];
  /** The number of steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** The fraction of the cycle spent raising the lr. */
  pctStart: number;
  annealStrategy: 'cos' | 'linear';
  /** Cycle the momentum (SGD, RMSprop) or β₁ (Adam family) inversely to the lr. */
  cycleMomentum: boolean;
  /** The momentum at the peak lr: one number, or one per group. */
  baseMomentum: number | number[];
  /** The momentum at the start and end: one number, or one per group. */
  maxMomentum: number | number[];
  /** initial lr = maxLr/divFactor. */
  divFactor: number;
  /** min lr = initial lr/finalDivFactor. */
  finalDivFactor: number;
  threePhase: boolean;
}

export const DEFAULTS: OneCycleLROptions = {
  maxLr: Number.NaN,
  totalSteps: undefined,
  epochs: undefined,
  stepsPerEpoch: undefined,
  pctStart: 0.3,
  annealStrategy: 'cos',
  cycleMomentum: true,
  baseMomentum: 0.85,
  maxMomentum: 0.95,
  divFactor: 25,
  finalDivFactor: 1e4,
  threePhase: false,
};

type LrPoint = 'initial' | 'max' | 'min';
type MomentumPoint = 'base' | 'max';

interface Phase {
  endStep: number;
  startLr: LrPoint;
  endLr: LrPoint;
  startMomentum: MomentumPoint;
  endMomentum: MomentumPoint;
}

export function oneCycleLR(optimizer: AnyOptimizer, options?: Partial<OneCycleLROptions>): Schedule {
  return new OneCycleLR(optimizer, options);
}

class OneCycleLR extends LRScheduler {
  private readonly totalSteps: number;
  private readonly phases: Phase[];
  private readonly anneal: (start: number, end: number, pct: number) => number;
  /** Per group: the lrs that the phases run between (PyTorch keeps them in the param groups). */
  private readonly lrs: Record<LrPoint, number[]>;
  /** Per group: the momenta that the phases run between; absent without cycleMomentum. */
  private readonly momenta?: Record<MomentumPoint, number[]>;
  private readonly momentumOption?: MomentumOption;

  constructor(optimizer: AnyOptimizer, options?: Partial<OneCycleLROptions>) {
    super('onecycle', optimizer);
    const o = resolveScheduleOptions(this.name, DEFAULTS, options, [
      'maxLr',
      'totalSteps',
      'epochs',
      'stepsPerEpoch',
      'baseMomentum',
      'maxMomentum',
    ]);
    this.totalSteps = this.resolveTotalSteps(o);
    check(o.pctStart >= 0 && o.pctStart <= 1, this.name, 'pctStart', 'in [0, 1]', o.pctStart);
    checkOneOf(this.name, 'annealStrategy', o.annealStrategy, ['cos', 'linear']);
    checkPositive(this.name, 'divFactor', o.divFactor);
    checkPositive(this.name, 'finalDivFactor', o.finalDivFactor);
    this.phases = makePhases(o.pctStart, this.totalSteps, o.threePhase);
    this.anneal = o.annealStrategy === 'cos' ? annealCos : annealLinear;

    const groups = optimizer.groups;
    const n = groups.length;
    checkGiven(this.name, 'maxLr', o.maxLr, 'a number >= 0, or one per group');
    const max = perGroup(this.name, 'maxLr', o.maxLr, n, '>= 0', (v) => v >= 0);
    const initial = max.map((m) => m / o.divFactor);
    this.lrs = { initial, max, min: initial.map((lr) => lr / o.finalDivFactor) };
    if (o.cycleMomentum) {
      this.momentumOption = momentumOptionOf(this.name, optimizer);
      this.momenta = this.resolveMomenta(o, this.momentumOption, n);
    }
    // Everything is checked (step 0's phase too) before the optimizer is touched.
    this.phaseAt(0);
    groups.forEach((group, i) => setInitialLr(group, initial[i]));
    const { momentumOption, momenta } = this;
    if (momentumOption !== undefined && momenta !== undefined) {
      groups.forEach((group, i) => setMomentum(group, momentumOption, momenta.max[i]));
    }
    this.start();
  }

  private resolveMomenta(
    o: OneCycleLROptions,
    option: MomentumOption,
    groupCount: number,
  ): Record<MomentumPoint, number[]> {
    // β₁ must stay a decay rate; SGD and RMSprop take any momentum >= 0.
    const inUnit = option === 'betas';
    const range = inUnit ? 'in [0, 1) (it becomes betas[0])' : '>= 0';
    const test = (v: number) => v >= 0 && (!inUnit || v < 1);
    return {
      max: perGroup(this.name, 'maxMomentum', o.maxMomentum, groupCount, range, test),
      base: perGroup(this.name, 'baseMomentum', o.baseMomentum, groupCount, range, test),
    };
  }

  private resolveTotalSteps(o: OneCycleLROptions): number {
    if (o.totalSteps !== undefined) {
      checkGivenInteger(this.name, 'totalSteps', o.totalSteps, 1);
      return o.totalSteps;
    }
    if (o.epochs === undefined && o.stepsPerEpoch === undefined) {
      throw new InputError(`${this.name}: totalSteps must be given, or epochs and stepsPerEpoch (got nothing)`);
    }
    checkGivenInteger(this.name, 'epochs', o.epochs as number, 1);
    checkGivenInteger(this.name, 'stepsPerEpoch', o.stepsPerEpoch as number, 1);
    return (o.epochs as number) * (o.stepsPerEpoch as number);
  }

  protected chainableLrs(): number[] {
    const t = this.lastEpoch;
    if (t > this.totalSteps) {
      throw new InputError(
        `${this.name}: tried to step ${t + 1} times, but totalSteps is ${this.totalSteps} ` +
          `(construction takes the first step; raise totalSteps, or epochs × stepsPerEpoch, to cover every step)`,
      );
    }
    const { phase, pct } = this.phaseAt(t);
    return this.optimizer.groups.map((group, i) => {
      if (this.momenta !== undefined) {
        const momentum = this.anneal(this.momenta[phase.startMomentum][i], this.momenta[phase.endMomentum][i], pct);
        setMomentum(group, this.momentumOption as MomentumOption, momentum);
      }
      return this.anneal(this.lrs[phase.startLr][i], this.lrs[phase.endLr][i], pct);
    });
  }

  /** The phase that step t falls in (the last one past the end) and how far into it t is. */
  private phaseAt(t: number): { phase: Phase; pct: number } {
    let startStep = 0;
    for (const [i, phase] of this.phases.entries()) {
      if (t <= phase.endStep || i === this.phases.length - 1) {
        // Python raises ZeroDivisionError here; JavaScript would go on with NaN or ±Infinity.
        if (phase.endStep === startStep) {
          throw new InputError(
            `${this.name}: phase ${i + 1} of the cycle is empty (pctStart × totalSteps = ${this.phases[0].endStep + 1}); ` +
              `change pctStart or totalSteps`,
          );
        }
        return { phase, pct: (t - startStep) / (phase.endStep - startStep) };
      }
      startStep = phase.endStep;
    }
    throw new Error('unreachable: the last phase always matches');
  }
}

function makePhases(pctStart: number, totalSteps: number, threePhase: boolean): Phase[] {
  const warmupEnd = pctStart * totalSteps - 1;
  if (!threePhase) {
    return [
      { endStep: warmupEnd, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
      { endStep: totalSteps - 1, startLr: 'max', endLr: 'min', startMomentum: 'base', endMomentum: 'max' },
    ];
  }
  return [
    { endStep: warmupEnd, startLr: 'initial', endLr: 'max', startMomentum: 'max', endMomentum: 'base' },
    {
      endStep: 2 * pctStart * totalSteps - 2,
      startLr: 'max',
      endLr: 'initial',
      startMomentum: 'base',
      endMomentum: 'max',
    },
    { endStep: totalSteps - 1, startLr: 'initial', endLr: 'min', startMomentum: 'max', endMomentum: 'max' },
  ];
}

/** PyTorch's choice: β₁ where the optimizer has betas, else its momentum. */
function momentumOptionOf(owner: string, optimizer: AnyOptimizer): MomentumOption {
  if (hasOption(optimizer, 'betas')) return 'betas';
  if (hasOption(optimizer, 'momentum')) return 'momentum';
  throw new InputError(
    `${owner}: cycleMomentum needs an optimizer with momentum or betas (sgd, rmsprop, the adam family); ` +
      `set cycleMomentum: false`,
  );
}

/** Cosine anneal from start to end as pct goes from 0 to 1 (PyTorch `_annealing_cos`). */
function annealCos(start: number, end: number, pct: number): number {
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2.0) * cosOut;
}

/** Linear anneal from start to end as pct goes from 0 to 1 (PyTorch `_annealing_linear`). */
function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
