/**
 * OneCycleLR (PyTorch `torch.optim.lr_scheduler.OneCycleLR`; Smith & Topin, "Super-Convergence",
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
import { optionTable, type OptionValues } from '../config/options.js';
import { boolean, choice, integer, number } from '../config/settings.js';
import { setInitialLr } from './initialLr.js';
import { LRScheduler } from './lrScheduler.js';
import { checkMomenta, momentumOptionOf, setMomentum, type MomentumOption } from './momentum.js';
import { forEachGroup, perGroupNumber, requireGiven } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  maxLr: perGroupNumber({ required: true, min: 0, help: 'the peak lr' }),
  totalSteps: integer({ min: 1, help: 'the steps of the cycle; or give epochs and stepsPerEpoch' }),
  epochs: integer({ min: 1, help: 'epochs of the cycle, with stepsPerEpoch' }),
  stepsPerEpoch: integer({ min: 1, help: 'steps per epoch, with epochs' }),
  pctStart: number({ default: 0.3, min: 0, max: 1, help: 'the fraction of the cycle spent raising the lr' }),
  annealStrategy: choice(['cos', 'linear'], { default: 'cos', help: 'how the lr moves between its points' }),
  cycleMomentum: boolean({
    default: true,
    help: 'cycle the momentum (SGD, RMSprop) or β₁ (Adam family) inversely to the lr',
  }),
  // β₁ must also stay below 1 (checked once the optimizer is known).
  baseMomentum: perGroupNumber({ default: 0.85, min: 0, help: 'the momentum at the peak lr' }),
  maxMomentum: perGroupNumber({ default: 0.95, min: 0, help: 'the momentum at the start and the end' }),
  divFactor: number({ default: 25, min: 0, minOpen: true, help: 'initial lr = maxLr/divFactor' }),
  finalDivFactor: number({ default: 1e4, min: 0, minOpen: true, help: 'min lr = initial lr/finalDivFactor' }),
  threePhase: boolean({ default: false, help: 'a third phase: back to the initial lr, then down to the min' }),
});

export type OneCycleLROptions = OptionValues<typeof OPTIONS>;

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
    const o = OPTIONS.resolve(this.name, options);
    this.totalSteps = this.resolveTotalSteps(o);
    this.phases = makePhases(o.pctStart, this.totalSteps, o.threePhase);
    this.anneal = o.annealStrategy === 'cos' ? annealCos : annealLinear;

    const groups = optimizer.groups;
    const n = groups.length;
    const max = forEachGroup(this.name, 'maxLr', o.maxLr, n);
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
    checkMomenta(this.name, option, o);
    const momenta = {
      max: forEachGroup(this.name, 'maxMomentum', o.maxMomentum, groupCount),
      base: forEachGroup(this.name, 'baseMomentum', o.baseMomentum, groupCount),
    };
    return momenta;
  }

  private resolveTotalSteps(o: OneCycleLROptions): number {
    if (o.totalSteps !== undefined) return o.totalSteps;
    if (o.epochs === undefined && o.stepsPerEpoch === undefined) {
      throw new InputError(`${this.name}: totalSteps is required, or epochs and stepsPerEpoch`);
    }
    requireGiven(this.name, 'epochs', o.epochs, 'with stepsPerEpoch');
    requireGiven(this.name, 'stepsPerEpoch', o.stepsPerEpoch, 'with epochs');
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

/** Cosine anneal from start to end as pct goes from 0 to 1 (PyTorch `_annealing_cos`). */
function annealCos(start: number, end: number, pct: number): number {
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2.0) * cosOut;
}

/** Linear anneal from start to end as pct goes from 0 to 1 (PyTorch `_annealing_linear`). */
function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
