/**
 * Newton's method with the exact Hessian, for problems with few parameters (UDL section 6.1 notes; Nocedal &
 * Wright, Numerical Optimization, §3.3–3.4):
 *
 *   θ ← θ − lr·(H + λI)⁻¹ ∇L(θ)          (H the Hessian over all parameters, λ the damping)
 *
 * With λ = 0 and lr = 1 this jumps to the critical point of the local quadratic model, which is the
 * minimum of a convex quadratic but equally a maximum or a saddle point when H is not positive definite.
 * Damping (Levenberg, 1944) blends in gradient descent: a large λ gives a step of about ∇L/λ.
 * `adaptiveDamping` raises λ, λ ← max(10λ, 10⁻³), until H + λI is positive definite, so that the step
 * always points downhill.
 *
 * The system is solved by Cholesky when H + λI is positive definite and by Gaussian elimination with
 * partial pivoting otherwise; a singular system is an error.
 */
import { InputError, NumericalError } from '../errors.js';
import { choleskyInPlace, choleskySolve, luSolveInPlace } from '../util/linalg.js';
import { boolean, number } from '../config/settings.js';
import { check } from '../config/validate.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { lr } from './optionRows.js';
import { FlatParams } from './flatParams.js';
import { Optimizer, type HessianClosure, type ParamsInput } from './optimizer.js';

export const NEWTON_OPTIONS = optionTable({
  lr: lr(1, 'the fraction of the Newton step taken (1: the full step)'),
  damping: number({ default: 0, min: 0, help: "λ added to the Hessian's diagonal" }),
  adaptiveDamping: boolean({ default: false, help: 'raise λ until H + λI is positive definite' }),
});

export type NewtonOptions = OptionValues<typeof NEWTON_OPTIONS>;

/** λ grows tenfold per try; 60 tries take it from 10⁻³ past 10⁵⁰, beyond any finite Hessian's scale. */
const MAX_DAMPING_TRIES = 60;
const SMALLEST_ADAPTIVE_DAMPING = 1e-3;

export class NewtonOptimizer extends Optimizer<NewtonOptions, undefined> {
  private readonly flat: FlatParams;
  private readonly size: number;
  /** H + λI, then its factor. */
  private readonly matrix: Float64Array;
  /** The right-hand side ∇L (overwritten by elimination), and the solution (H + λI)⁻¹∇L. */
  private readonly gradient: Float64Array;
  private readonly direction: Float64Array;
  /** The damping λ that the last step used (larger than `damping` when adaptiveDamping raised it). */
  lastDamping = Number.NaN;

  constructor(params: ParamsInput<NewtonOptions>, options?: Partial<NewtonOptions>) {
    super('newton', NEWTON_OPTIONS, params, options);
    for (const key of ['damping', 'adaptiveDamping'] as const) {
      const first = this.groups[0].options[key];
      for (const group of this.groups) {
        check(
          group.options[key] === first,
          'newton',
          key,
          'the same in every group (the Hessian couples all parameters)',
          group.options[key],
        );
      }
    }
    this.flat = new FlatParams(this.groups);
    this.size = this.flat.size;
    this.matrix = new Float64Array(this.size * this.size);
    this.gradient = new Float64Array(this.size);
    this.direction = new Float64Array(this.size);
  }

  /** Evaluates the loss, gradient and Hessian, takes one Newton step, and returns the loss before it. */
  override step(closure?: HessianClosure): number {
    if (closure === undefined || typeof closure.hessian !== 'function') {
      throw new InputError('newton: step needs a closure with a hessian() method');
    }
    const loss = closure();
    const hessian = closure.hessian();
    this.checkHessian(hessian);
    this.flat.readGradients(this.gradient);
    this.lastDamping = this.solve(hessian);
    this.applyStep();
    return loss;
  }

  private checkHessian(hessian: Float64Array): void {
    const n = this.size;
    if (hessian.length !== n * n) {
      throw new InputError(
        `newton: hessian() must return n×n = ${n}×${n} values for ${n} parameters (got ${hessian.length})`,
      );
    }
    for (let i = 0; i < hessian.length; i++) {
      if (!Number.isFinite(hessian[i]))
        throw new NumericalError(
          `newton: the Hessian has a non-finite entry (${hessian[i]} at [${Math.floor(i / n)}, ${i % n}])`,
        );
    }
  }

  /** Puts (H + λI)⁻¹∇L in `direction`; returns the λ used. */
  private solve(hessian: Float64Array): number {
    const { damping, adaptiveDamping } = this.groups[0].options;
    if (this.tryCholesky(hessian, damping)) return damping;
    if (adaptiveDamping) return this.raiseDamping(hessian, damping);
    this.fillDamped(hessian, damping);
    this.direction.set(this.gradient);
    if (!luSolveInPlace(this.matrix, this.size, this.direction, this.direction)) {
      throw new NumericalError(
        `newton: the damped Hessian H + λI is singular (λ = ${damping}); set damping > 0 or adaptiveDamping`,
      );
    }
    return damping;
  }

  private raiseDamping(hessian: Float64Array, damping: number): number {
    let lambda = damping;
    for (let tries = 0; tries < MAX_DAMPING_TRIES; tries++) {
      lambda = Math.max(10 * lambda, SMALLEST_ADAPTIVE_DAMPING);
      if (this.tryCholesky(hessian, lambda)) return lambda;
    }
    throw new NumericalError(`newton: no damping up to λ = ${lambda} makes the Hessian positive definite`);
  }

  /** Solves by Cholesky when H + λI is positive definite; false (direction untouched) when it is not. */
  private tryCholesky(hessian: Float64Array, lambda: number): boolean {
    this.fillDamped(hessian, lambda);
    if (!choleskyInPlace(this.matrix, this.size)) return false;
    choleskySolve(this.matrix, this.size, this.gradient, this.direction);
    return true;
  }

  /** matrix ← sym(H) + λI; the symmetric part guards against a closure whose Hessian is slightly asymmetric. */
  private fillDamped(hessian: Float64Array, lambda: number): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) this.matrix[i * n + j] = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
      this.matrix[i * n + i] += lambda;
    }
  }

  /** θ ← θ − lr·direction, each group with its own lr. */
  private applyStep(): void {
    this.flat.moveAlong(
      this.groups.map((group) => -group.options.lr),
      this.direction,
    );
  }
}

/** `newton(params, { lr, damping, adaptiveDamping })`: see `NewtonOptimizer`. */
export function newton(params: ParamsInput<NewtonOptions>, options?: Partial<NewtonOptions>): NewtonOptimizer {
  return new NewtonOptimizer(params, options);
}
