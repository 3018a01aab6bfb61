/**
 * Adafactor (Shazeer & Stern, "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost", ICML 2018),
 * in the form of PyTorch 2.x's `torch.optim.Adafactor` (torch/optim/_adafactor.py, `_single_tensor_adafactor`),
 * implemented from its documented algorithm. Per tensor, with t counting steps from 1:
 *
 *   1 − β̂2_t = t^τ  (τ = beta2Decay),   ρ_t = min(η, 1/√t),   α_t = max(ε2, RMS(θ))·ρ_t
 *   θ ← θ·(1 − ηλ)                                                   (weightDecay λ, decoupled)
 *   a matrix G [.., n, m]: R ← lerp(R, mean_c G², t^τ) (row means), C ← lerp(C, mean_r G², t^τ) (column means)
 *                          V̂ = R·C / max(mean(R), ε1)               (the rank-1 factored second moment)
 *   a vector:              V̂ ← lerp(V̂, G², t^τ)
 *   U = G / √max(V̂, ε1²),   Û = U / max(1, RMS(U)/d),   θ ← θ − α_t·Û
 *
 * RMS(x) = ‖x‖₂/√n over the tensor. ε1 null is the dtype's machine epsilon (PyTorch's eps=(None, 1e-3)).
 * As PyTorch's docs note, η caps the relative step ρ_t (the paper's constant 0.01) and scales the decay,
 * and ε1 enters V̂ and U rather than G² (unlike the paper and other frameworks).
 *
 * Matrices are the tensors of a Param packed from a model (their shapes, src/optim/paramTensors.ts); a
 * Param without shapes is one vector.
 */
import { number, orNull } from '../config/settings.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { lr, maximize, weightDecay } from './optionRows.js';
import { elementwise, zerosLike, type FloatBuffer, type Param } from './optimizer.js';
import { matrixShape, paramTensors } from './paramTensors.js';
import { lerp } from './pytorchArithmetic.js';
import { scratchLike } from './scratch.js';

interface AdafactorState {
  step: number;
  /** The row factors R of every matrix, then nothing for vectors (in the order of the Param's tensors). */
  rowVar: FloatBuffer;
  /** The column factors C of every matrix. */
  colVar: FloatBuffer;
  /** V̂ of the vectors, at their places in the Param (zero elsewhere). */
  variance: FloatBuffer;
}

const ADAFACTOR_OPTIONS = optionTable({
  lr: lr(1e-2),
  beta2Decay: number({ default: -0.8, max: 0, help: 'τ: 1 − β̂2_t = t^τ' }),
  eps1: orNull(number({ min: 0, help: 'ε1, in V̂ and U' }), { default: null }),
  eps2: number({ default: 1e-3, min: 0, help: 'ε2, the smallest RMS(θ) a step is scaled by' }),
  d: number({ default: 1, min: 1, help: 'd, the update clipping threshold' }),
  weightDecay: weightDecay(),
  maximize: maximize(),
});

export type AdafactorOptions = OptionValues<typeof ADAFACTOR_OPTIONS>;

/** Sizes of the factored state: Σ batch·rows and Σ batch·cols over the matrices. */
function factorSizes(param: Param): [number, number] {
  let rows = 0;
  let cols = 0;
  for (const { shape } of paramTensors(param)) {
    if (shape.length < 2) continue;
    const [batch, n, m] = matrixShape(shape);
    rows += batch * n;
    cols += batch * m;
  }
  return [rows, cols];
}

export const adafactor = elementwise<AdafactorOptions, AdafactorState>({
  name: 'adafactor',
  ...ADAFACTOR_OPTIONS,
  init(param) {
    const [rows, cols] = factorSizes(param);
    const like = param.data;
    const sized = (n: number): FloatBuffer =>
      like instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
    return { step: 0, rowVar: sized(rows), colVar: sized(cols), variance: zerosLike(like) };
  },
  update(param, state, o) {
    const step = ++state.step;
    const oneMinusBeta2 = Math.pow(step, o.beta2Decay);
    const rho = Math.min(o.lr, 1 / Math.sqrt(step));
    const eps1 = o.eps1 ?? (param.data instanceof Float32Array ? 2 ** -23 : Number.EPSILON);
    // U, one tensor at a time, at its place in the Param.
    const update = scratchLike(param.data, param.data.length);
    let rowAt = 0;
    let colAt = 0;
    for (const { offset, size, shape } of paramTensors(param)) {
      const data = param.data.subarray(offset, offset + size);
      const grad = param.grad.subarray(offset, offset + size);
      const u = update.subarray(offset, offset + size);
      const alpha = Math.max(o.eps2, rms(data)) * rho;
      if (o.weightDecay !== 0) for (let i = 0; i < size; i++) data[i] *= 1 - o.lr * o.weightDecay;
      const sign = o.maximize ? -1 : 1;
      if (shape.length >= 2) {
        const [batch, n, m] = matrixShape(shape);
        const row = state.rowVar.subarray(rowAt, rowAt + batch * n);
        const col = state.colVar.subarray(colAt, colAt + batch * m);
        factoredUpdate(grad, sign, row, col, batch, n, m, oneMinusBeta2, eps1, u);
        rowAt += batch * n;
        colAt += batch * m;
      } else {
        const v = state.variance.subarray(offset, offset + size);
        for (let i = 0; i < size; i++) {
          const g = sign * grad[i];
          v[i] = lerp(v[i], g * g, oneMinusBeta2);
          u[i] = (1 / Math.sqrt(Math.max(v[i], eps1 * eps1))) * g;
        }
      }
      const denom = Math.max(1, rms(u) / o.d);
      for (let i = 0; i < size; i++) data[i] -= (alpha / denom) * u[i];
    }
  },
});

/** R and C from this step's G² (lerped), then U = G/√max(V̂, ε1²) with V̂ = R·C/max(mean R, ε1), per batch matrix. */
function factoredUpdate(
  grad: FloatBuffer,
  sign: number,
  row: FloatBuffer,
  col: FloatBuffer,
  batch: number,
  n: number,
  m: number,
  weight: number,
  eps1: number,
  u: FloatBuffer,
): void {
  for (let b = 0; b < batch; b++) {
    const base = b * n * m;
    for (let r = 0; r < n; r++) {
      let sum = 0;
      for (let c = 0; c < m; c++) sum += grad[base + r * m + c] ** 2;
      row[b * n + r] = lerp(row[b * n + r], sum / m, weight);
    }
    for (let c = 0; c < m; c++) {
      let sum = 0;
      for (let r = 0; r < n; r++) sum += grad[base + r * m + c] ** 2;
      col[b * m + c] = lerp(col[b * m + c], sum / n, weight);
    }
    let rowMean = 0;
    for (let r = 0; r < n; r++) rowMean += row[b * n + r];
    rowMean = Math.max(rowMean / n, eps1);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < m; c++) {
        const v = (row[b * n + r] * col[b * m + c]) / rowMean;
        u[base + r * m + c] = (1 / Math.sqrt(Math.max(v, eps1 * eps1))) * (sign * grad[base + r * m + c]);
      }
    }
  }
}

/** ‖x‖₂/√n. */
function rms(x: FloatBuffer): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  return Math.sqrt(sum) / Math.sqrt(x.length);
}
