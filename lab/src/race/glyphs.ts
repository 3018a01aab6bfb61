/**
 * What the race map's glyphs show, read from each optimizer's own state after a step (Optimizer.stateOf),
 * never recomputed by a second copy of its update:
 *
 *   momentum  the first-moment vector the optimizer carries: SGD's, RMSProp's and Nesterov's buffer b
 *             (their step is −α·b), the Adam family's bias-corrected m̂ = m/(1 − β1ᵗ)
 *   scale     the per-axis step a unit gradient would take, α/(√v̂ + ε) (Adam's √v̂ with ε where the
 *             options put it), α/(√G + ε) for AdaGrad, α·√(u + ε)/√(v + ε) for AdaDelta, α/u for Adamax
 *
 * So that for Adam (PyTorch's form, Kingma & Ba 2015, Algorithm 1) the step is exactly −scale ⊙ m̂, and
 * for SGD with momentum −α·b (torch/optim/sgd.py): test/lab/glyphs.test.ts checks both against the path.
 */
import type { BaseOptions, Optimizer } from '../../../src/optim/optimizer.js';
import { optimizers } from '../../../src/optim/registry.js';
import { GLYPH_NAMES, type GlyphArrays, type GlyphName } from '../../../src/plot/glyphs.js';
import type { Surface } from '../../../src/problems/surface.js';

type Vector = ArrayLike<number>;
type State = Readonly<Record<string, unknown>>;
type Options = BaseOptions & Readonly<Record<string, unknown>>;

/** Writes one glyph's two components for the parameter's state into `out` at `at` (nothing where it has none yet). */
type Reader = (state: State, o: Options, out: Float32Array, at: number) => void;

interface GlyphReaders {
  momentum?: Reader;
  scale?: Reader;
}

function write(out: Float32Array, at: number, x: number, y: number): void {
  out[2 * at] = x;
  out[2 * at + 1] = y;
}

/** A vector of the state, times `factor`. */
function vector(key: string, factor: (state: State, o: Options) => number = () => 1): Reader {
  return (state, o, out, at) => {
    const v = state[key] as Vector | undefined;
    if (v === undefined) return;
    const f = factor(state, o);
    write(out, at, f * v[0], f * v[1]);
  };
}

/** α / (√v̂ + ε), or α / √(v̂ + ε) with ε inside the root, or α / (√(v̂ + ε_root) + ε) (Optax). */
function adaptiveStep(lr: number, vHat: number, o: Options): number {
  const eps = o.eps as number;
  if (o.epsInsideSqrt === true) return lr / Math.sqrt(vHat + eps);
  return lr / (Math.sqrt(vHat + ((o.epsRoot as number | undefined) ?? 0)) + eps);
}

/** α / denominator of the second-moment vector `key`, bias-corrected by 1 − β2ᵗ where `corrected`. */
function secondMoment(
  key: string | ((state: State) => Vector | undefined),
  corrected: (o: Options) => boolean,
): Reader {
  return (state, o, out, at) => {
    const v = typeof key === 'string' ? (state[key] as Vector | undefined) : key(state);
    if (v === undefined) return;
    const beta2 = (o.betas as [number, number])[1];
    const correction = corrected(o) ? 1 - beta2 ** (state.step as number) : 1;
    write(out, at, adaptiveStep(o.lr, v[0] / correction, o), adaptiveStep(o.lr, v[1] / correction, o));
  };
}

/** m̂ = m / (1 − β1ᵗ) (or m itself where the optimizer does not correct it). */
const firstMoment = (corrected: (o: Options) => boolean = () => true): Reader =>
  vector('expAvg', (state, o) =>
    corrected(o) ? 1 / (1 - (o.betas as [number, number])[0] ** (state.step as number)) : 1,
  );

const always = () => true;
const adamReaders: GlyphReaders = {
  momentum: firstMoment(),
  scale: secondMoment((state) => (state.maxExpAvgSq ?? state.expAvgSq) as Vector | undefined, always),
};

/** Each optimizer's readers; one not named here (L-BFGS, Newton, Rprop, …) has no such glyphs. */
const GLYPH_READERS: Readonly<Record<string, GlyphReaders>> = {
  sgd: { momentum: vector('momentumBuffer') },
  nesterov: { momentum: vector('momentumBuffer') },
  adam: adamReaders,
  adamw: adamReaders,
  amsgrad: adamReaders,
  nadam: { momentum: vector('expAvg'), scale: secondMoment('expAvgSq', always) },
  radam: { momentum: firstMoment(), scale: secondMoment('expAvgSq', always) },
  yogi: {
    momentum: firstMoment((o) => o.biasCorrection === true),
    scale: secondMoment('expAvgSq', (o) => o.biasCorrection === true),
  },
  adamax: {
    momentum: firstMoment(),
    scale: (state, o, out, at) => {
      const u = state.expInf as Vector;
      write(out, at, o.lr / u[0], o.lr / u[1]);
    },
  },
  rmsprop: {
    momentum: vector('momentumBuffer'),
    scale: (state, o, out, at) => {
      const s = state.squareAvg as Vector;
      const avg = state.gradAvg as Vector | undefined;
      const meanSquare = (i: number) => s[i] - (avg === undefined ? 0 : avg[i] * avg[i]);
      write(out, at, adaptiveStep(o.lr, meanSquare(0), o), adaptiveStep(o.lr, meanSquare(1), o));
    },
  },
  adagrad: {
    scale: (state, o, out, at) => {
      // PyTorch's decayed rate α / (1 + (t − 1)·η_decay) (torch/optim/adagrad.py).
      const lr = o.lr / (1 + ((state.step as number) - 1) * (o.lrDecay as number));
      const sum = state.sum as Vector;
      write(out, at, adaptiveStep(lr, sum[0], o), adaptiveStep(lr, sum[1], o));
    },
  },
  adadelta: {
    scale: (state, o, out, at) => {
      const eps = o.eps as number;
      const [u, v] = [state.accDelta as Vector, state.squareAvg as Vector];
      const axis = (i: number) => (o.lr * Math.sqrt(u[i] + eps)) / Math.sqrt(v[i] + eps);
      write(out, at, axis(0), axis(1));
    },
  },
};

/** Which glyphs a racer with this optimizer can show. */
export function glyphsOf(name: string): GlyphName[] {
  const readers = GLYPH_READERS[name] ?? {};
  return GLYPH_NAMES.filter((g) => g === 'gradient' || readers[g] !== undefined);
}

export interface GlyphRecorder {
  /** traceSurface's observer: reads the optimizer after each step. */
  observe(step: number, optimizer: Optimizer<BaseOptions>): void;
  /** The glyphs along the `points` the run reached (flat x, y), without those the optimizer never filled. */
  finish(surface: Surface, points: Float64Array): GlyphArrays;
}

/**
 * Records the glyphs `wanted` of a run of `steps` steps. Momentum and scale come from the optimizer's state
 * after each step. The gradient an elementwise optimizer's step k used is ∇L(θ_{k−1}), left in the
 * parameter's grad by the closure (no second evaluation: a formula's costs about 10 µs); the last point's,
 * and every point's for optimizers that evaluate elsewhere (line searches, look-ahead), come from the surface.
 */
export function glyphRecorder(name: string, wanted: readonly GlyphName[], steps: number): GlyphRecorder {
  const readers = GLYPH_READERS[name] ?? {};
  const shown = glyphsOf(name).filter((g) => wanted.includes(g));
  const arrays: GlyphArrays = Object.fromEntries(
    shown.map((g) => [g, new Float32Array(2 * (steps + 1)).fill(Number.NaN)]),
  );
  const stateful = (['momentum', 'scale'] as const).filter((g) => arrays[g] !== undefined);
  const gradient = optimizers.has(name) && optimizers.get(name).kind === 'elementwise' ? arrays.gradient : undefined;
  return {
    observe(step, optimizer) {
      if (gradient !== undefined) {
        const g = optimizer.groups[0].params[0].grad;
        write(gradient, step - 1, g[0], g[1]);
      }
      const state = optimizer.stateOf(0) as State | undefined;
      if (state === undefined) return;
      const options = optimizer.groups[0].options as Options;
      for (const g of stateful) readers[g]!(state, options, arrays[g]!, step);
    },
    finish(surface, points) {
      const cut = Object.fromEntries(
        Object.entries(arrays)
          .map(([g, a]) => [g, a.slice(0, points.length)] as const)
          .filter(([g, a]) => g === 'gradient' || a.some(Number.isFinite)),
      ) as GlyphArrays;
      if (cut.gradient !== undefined) fillGradients(surface, points, cut.gradient);
      return cut;
    },
  };
}

/** ∇L from the surface at each point whose gradient is not recorded yet. */
function fillGradients(surface: Surface, points: Float64Array, gradient: Float32Array): void {
  const g = new Float64Array(2);
  for (let k = 0; k < points.length; k += 2) {
    if (!Number.isNaN(gradient[k])) continue;
    surface.gradient(points[k], points[k + 1], g);
    gradient[k] = g[0];
    gradient[k + 1] = g[1];
  }
}
