/**
 * CyclicLR (PyTorch `torch.optim.lr_scheduler.CyclicLR`; Smith, "Cyclical Learning Rates for
 * Training Neural Networks", 2017): the lr runs up from baseLr towards maxLr in `stepSizeUp` steps and back
 * down in `stepSizeDown`, again and again; the momentum runs the opposite way between maxMomentum and
 * baseMomentum.
 *
 *   cycle = ⌊1 + t/S⌋,  x = 1 + t/S − cycle,  S = stepSizeUp + stepSizeDown,  r = stepSizeUp/S
 *   scale = x/r if x ≤ r, else (x − 1)/(r − 1)
 *   η_t = baseLr + (maxLr − baseLr)·scale·f,     m_t = maxMomentum − (maxMomentum − baseMomentum)·scale·f
 *
 *   mode 'triangular':   f = 1
 *   mode 'triangular2':  f = 1/2^(cycle − 1)   (the amplitude halves each cycle)
 *   mode 'exp_range':    f = γ^t
 *
 * PyTorch's custom `scale_fn` is not supported. In PyTorch 1.13 `scale_mode` only applies with a custom
 * scale_fn (the built-in modes fix it: cycle for the triangular ones, iterations for exp_range), so
 * `scaleMode` is accepted and checked but, as there, changes nothing.
 *
 * With cycleMomentum (the default) it cycles the optimizer's `momentum` (SGD, RMSprop) or, for the Adam
 * family, β₁, as PyTorch 2.x does (1.13 refused optimizers without `momentum`).
 */
import { optionTable, type OptionValues } from '../config/options.js';
import { boolean, choice, number } from '../config/settings.js';
import { LRScheduler } from './lrScheduler.js';
import { checkMomenta, momentumOptionOf, setMomentum, type MomentumOption } from './momentum.js';
import { forEachGroup, perGroupNumber } from './options.js';
import type { AnyOptimizer, Schedule } from './schedule.js';

/** Its options, with PyTorch's defaults. */
export const OPTIONS = optionTable({
  baseLr: perGroupNumber({ required: true, min: 0, help: 'the lower lr of the cycle' }),
  maxLr: perGroupNumber({ required: true, min: 0, help: 'the upper lr of the cycle' }),
  stepSizeUp: number({ default: 2000, min: 0, minOpen: true, help: 'steps from baseLr up to maxLr' }),
  stepSizeDown: number({ min: 0, help: 'steps from maxLr back down (stepSizeUp when not given)' }),
  mode: choice(['triangular', 'triangular2', 'exp_range'], { default: 'triangular', help: 'the policy' }),
  gamma: number({ default: 1, min: 0, minOpen: true, help: "γ of 'exp_range'" }),
  scaleMode: choice(['cycle', 'iterations'], {
    default: 'cycle',
    help: 'accepted as in PyTorch, where it only applies to a custom scale_fn (not supported): no effect',
  }),
  cycleMomentum: boolean({ default: true, help: "cycle the optimizer's momentum inversely to the lr" }),
  baseMomentum: perGroupNumber({ default: 0.8, min: 0, help: 'the momentum at the peak lr' }),
  maxMomentum: perGroupNumber({ default: 0.9, min: 0, help: 'the momentum at baseLr' }),
});

export type CyclicLROptions = OptionValues<typeof OPTIONS>;
export type CyclicMode = CyclicLROptions['mode'];

export function cyclicLR(optimizer: AnyOptimizer, options?: Partial<CyclicLROptions>): Schedule {
  return new CyclicLR(optimizer, options);
}

class CyclicLR extends LRScheduler {
  private readonly maxLrs: number[];
  private readonly totalSize: number;
  private readonly stepRatio: number;
  private readonly mode: CyclicMode;
  private readonly gamma: number;
  private readonly momenta?: { option: MomentumOption; base: number[]; max: number[] };

  constructor(optimizer: AnyOptimizer, options?: Partial<CyclicLROptions>) {
    super('cyclic', optimizer);
    const o = OPTIONS.resolve(this.name, options);
    const groups = optimizer.groups;
    const n = groups.length;
    const baseLrs = forEachGroup(this.name, 'baseLr', o.baseLr, n);
    this.maxLrs = forEachGroup(this.name, 'maxLr', o.maxLr, n);
    const stepSizeDown = o.stepSizeDown ?? o.stepSizeUp;
    groups.forEach((group, i) => {
      group.options.lr = baseLrs[i];
    });
    this.totalSize = o.stepSizeUp + stepSizeDown;
    this.stepRatio = o.stepSizeUp / this.totalSize;
    this.mode = o.mode;
    this.gamma = o.gamma;

    if (o.cycleMomentum) {
      const option = momentumOptionOf(this.name, optimizer);
      checkMomenta(this.name, option, o);
      const base = forEachGroup(this.name, 'baseMomentum', o.baseMomentum, n);
      const max = forEachGroup(this.name, 'maxMomentum', o.maxMomentum, n);
      groups.forEach((group, i) => setMomentum(group, option, base[i]));
      this.momenta = { option, base, max };
    }
    // The initial step runs with base lrs from the groups' initial lrs, as PyTorch's does; baseLr applies after.
    this.start();
    this.baseLrs = baseLrs;
  }

  protected chainableLrs(): number[] {
    const t = this.lastEpoch;
    const cycle = Math.floor(1 + t / this.totalSize);
    const x = 1 + t / this.totalSize - cycle;
    const scale = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const f = this.scaleFn(cycle, t);
    const lrs = this.baseLrs.map((base, i) => base + (this.maxLrs[i] - base) * scale * f);
    if (this.momenta !== undefined) {
      const { option, base, max } = this.momenta;
      this.optimizer.groups.forEach((group, i) => setMomentum(group, option, max[i] - (max[i] - base[i]) * scale * f));
    }
    return lrs;
  }

  /** The amplitude's scale for this step: of the cycle number (triangular modes) or of the step (exp_range). */
  private scaleFn(cycle: number, t: number): number {
    if (this.mode === 'triangular') return 1;
    if (this.mode === 'triangular2') return 1 / 2 ** (cycle - 1);
    return this.gamma ** t;
  }
}
