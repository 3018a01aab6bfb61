/**
 * SWATS, switching from Adam to SGD (Keskar & Socher, "Improving Generalization Performance by Switching
 * from Adam to SGD", 2017, Algorithm 1). It takes Adam steps while estimating the SGD learning rate that
 * would have made the same progress along each Adam step p:
 *
 *   Adam:    m ← β1·m + (1 − β1)·g,  a ← β2·a + (1 − β2)·g²,  p = −η·√(1 − β2ᵏ)/(1 − β1ᵏ) · m/(√a + ε),  θ ← θ + p
 *   if pᵀg ≠ 0:  γ = pᵀp / (−pᵀg),   λ ← β2·λ + (1 − β2)·γ
 *                switch when k > 1 and |λ/(1 − β2ᵏ) − γ| < ε:  Λ = λ/(1 − β2ᵏ), v ← 0
 *   SGD:     v ← β1·v + g,   θ ← θ − (1 − β1)·Λ·v
 *
 * The inner products run over all parameters at once, so the whole model switches together (the paper
 * also describes a per-layer switch). Each group's lr is its η in the Adam phase; Λ serves all groups.
 */
import { check } from '../config/validate.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { betas, eps, lr, maximize, weightDecay } from './optionRows.js';
import { Optimizer, zerosLike, type Closure, type FloatBuffer, type ParamsInput } from './optimizer.js';

interface SwatsState {
  expAvg: FloatBuffer;
  expAvgSq: FloatBuffer;
  /** The SGD phase's momentum buffer v. */
  momentumBuffer: FloatBuffer;
}

/** Where the whole optimizer stands: the step count, the phase, λ and (once switched) Λ. */
interface SwatsProgress {
  step: number;
  phase: 'adam' | 'sgd';
  lambda: number;
  sgdLr: number;
}

export const SWATS_OPTIONS = optionTable({
  lr: lr(1e-3),
  betas: betas([0.9, 0.999]),
  eps: eps(1e-9),
  weightDecay: weightDecay(),
  maximize: maximize(),
});

export type SwatsOptions = OptionValues<typeof SWATS_OPTIONS>;

export class SwatsOptimizer extends Optimizer<SwatsOptions, SwatsState> {
  progress: SwatsProgress = { step: 0, phase: 'adam', lambda: 0, sgdLr: 0 };

  constructor(params: ParamsInput<SwatsOptions>, options?: Partial<SwatsOptions>) {
    super('swats', SWATS_OPTIONS, params, options);
  }

  override step(closure?: Closure): number | undefined {
    const loss = closure?.();
    const k = ++this.progress.step;
    if (this.progress.phase === 'sgd') this.sgdStep();
    else this.adamStep(k);
    return loss;
  }

  private adamStep(k: number): void {
    let pp = 0;
    let pg = 0;
    let i = 0;
    let beta2 = 0;
    let eps = 0;
    for (const { params, options: o } of this.groups) {
      const [beta1, b2] = o.betas;
      beta2 = b2;
      eps = o.eps;
      const stepSize = (o.lr * Math.sqrt(1 - Math.pow(b2, k))) / (1 - Math.pow(beta1, k));
      const sign = o.maximize ? -1 : 1;
      for (const { data, grad } of params) {
        const s = (this.state[i] ??= {
          expAvg: zerosLike(data),
          expAvgSq: zerosLike(data),
          momentumBuffer: zerosLike(data),
        });
        i++;
        for (let j = 0; j < data.length; j++) {
          let g = sign * grad[j];
          if (o.weightDecay !== 0) g += o.weightDecay * data[j];
          s.expAvg[j] = beta1 * s.expAvg[j] + (1 - beta1) * g;
          s.expAvgSq[j] = b2 * s.expAvgSq[j] + (1 - b2) * g * g;
          const p = (-stepSize * s.expAvg[j]) / (Math.sqrt(s.expAvgSq[j]) + eps);
          data[j] += p;
          pp += p * p;
          pg += p * g;
        }
      }
    }
    if (pg === 0) return;
    const gamma = pp / -pg;
    const progress = this.progress;
    progress.lambda = beta2 * progress.lambda + (1 - beta2) * gamma;
    const corrected = progress.lambda / (1 - Math.pow(beta2, k));
    if (k > 1 && Math.abs(corrected - gamma) < eps) {
      progress.phase = 'sgd';
      progress.sgdLr = corrected;
      for (const s of this.state) s?.momentumBuffer.fill(0);
    }
  }

  private sgdStep(): void {
    let i = 0;
    for (const { params, options: o } of this.groups) {
      const beta1 = o.betas[0];
      const sign = o.maximize ? -1 : 1;
      const scale = (1 - beta1) * this.progress.sgdLr;
      for (const { data, grad } of params) {
        const v = (this.state[i++] as SwatsState).momentumBuffer;
        for (let j = 0; j < data.length; j++) {
          let g = sign * grad[j];
          if (o.weightDecay !== 0) g += o.weightDecay * data[j];
          v[j] = beta1 * v[j] + g;
          data[j] -= scale * v[j];
        }
      }
    }
  }

  protected override globalState(): unknown {
    return { ...this.progress };
  }

  protected override loadGlobalState(state: unknown): void {
    if (state === undefined) return;
    const saved = state as SwatsProgress;
    const ok =
      Number.isInteger(saved.step) &&
      (saved.phase === 'adam' || saved.phase === 'sgd') &&
      Number.isFinite(saved.lambda) &&
      Number.isFinite(saved.sgdLr);
    check(ok, this.name, 'state.global', '{step, phase: "adam" or "sgd", lambda, sgdLr}', state);
    this.progress = { step: saved.step, phase: saved.phase, lambda: saved.lambda, sgdLr: saved.sgdLr };
  }
}

export function swats(params: ParamsInput<SwatsOptions>, options?: Partial<SwatsOptions>): SwatsOptimizer {
  return new SwatsOptimizer(params, options);
}
