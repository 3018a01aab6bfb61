/**
 * Muon (Jordan et al., "Muon: An optimizer for hidden layers in neural networks", 2024; PyTorch 2.x's
 * `torch.optim.Muon`, torch/optim/_muon.py), implemented from its documented algorithm: momentum on the
 * gradient of each weight matrix, orthogonalized by a Newton–Schulz iteration.
 *
 *   B ← lerp(B, G, 1 − μ)  (= μB + (1 − μ)G)            (momentum μ)
 *   B̃ = lerp(G, B, μ) with nesterov, else B
 *   O = NS_k(B̃):  X ← B̃ (transposed if it has more rows than columns),  X ← X / max(‖X‖_F, ε),
 *                 k times:  A = XXᵀ,  X ← a·X + (b·A + c·A·A)·X       (a, b, c) = nsCoefficients
 *   θ ← θ·(1 − ηλ) − η'·O,   η' = η·√max(1, rows/cols) ('original', Keller Jordan's)
 *                            or 0.2·η·√max(rows, cols) ('match_rms_adamw', Moonshot's; Liu et al. 2025)
 *                            or η·√(rows/cols) ('spectral_unclamped', Bernstein's)
 *
 * The quintic's coefficients push every singular value of X towards 1 (roughly into [0.7, 1.2]), so O is
 * close to UVᵀ of B̃'s SVD. PyTorch runs the iteration in bfloat16; downhill in the parameters' dtype (float32
 * in training, where the matrix products run in the WebAssembly kernels). With PyTorch's cast to bfloat16
 * taken out, the two agree to 1e-9 in float64 (test/fixtures/adafactor-muon); with it, PyTorch's steps differ
 * by bfloat16's rounding, a few 1e-3 of θ over 30 steps there.
 *
 * Muon is for 2-D weight matrices. Its documented fallback for every other parameter (biases, vectors;
 * PyTorch's docs: "should be optimized by a standard method such as AdamW") is applied here: those
 * tensors take AdamW steps with the group's lr and weightDecay and AdamW's default betas and eps. Shapes
 * come from a Param packed from a model's tensors (src/optim/paramTensors.ts); a Param without shapes is
 * one vector, so it is stepped by AdamW alone.
 */
import { boolean, choice, integer, number, point } from '../config/settings.js';
import { updateAdam, type AdamState, type AdamUpdateOptions } from './adam.js';
import { adamw } from './adamw.js';
import { optionTable, type OptionValues } from '../config/options.js';
import { decayRate, lr, weightDecay } from './optionRows.js';
import { getKernels } from '../kernels/kernels.js';
import { elementwise, zerosLike, type FloatBuffer, type Param } from './optimizer.js';
import { paramTensors } from './paramTensors.js';
import { lerp } from './pytorchArithmetic.js';
import { scratchLike } from './scratch.js';

interface MuonState {
  momentumBuffer: FloatBuffer;
  /** AdamW's moments for the tensors that are not matrices (at their places in the Param). */
  expAvg: FloatBuffer;
  expAvgSq: FloatBuffer;
  /** AdamW's step count for those tensors. */
  fallbackStep: number;
}

const MUON_OPTIONS = optionTable({
  lr: lr(1e-3),
  weightDecay: weightDecay(0.1),
  momentum: decayRate(0.95, 'μ, the momentum of the gradient average'),
  nesterov: boolean({ default: true, help: 'orthogonalize lerp(G, B, μ) instead of B' }),
  nsCoefficients: point({
    length: 3,
    default: [3.4445, -4.775, 2.0315],
    describe: 'three numbers [a, b, c]',
    help: 'coefficients of the Newton–Schulz quintic a·x + b·x³ + c·x⁵',
  }),
  eps: number({ default: 1e-7, min: 0, minOpen: true, scale: 'log', help: 'ε, the smallest norm divided by' }),
  nsSteps: integer({ default: 5, min: 1, max: 99, help: 'Newton–Schulz iterations' }),
  adjustLrFn: choice(['original', 'match_rms_adamw', 'spectral_unclamped'], {
    default: 'original',
    help: "the lr's scale per matrix: √max(1, rows/cols), 0.2·√max(rows, cols) or √(rows/cols)",
  }),
});

export type MuonOptions = OptionValues<typeof MUON_OPTIONS>;

export const muon = elementwise<MuonOptions, MuonState>({
  name: 'muon',
  ...MUON_OPTIONS,
  init: (param) => ({
    momentumBuffer: zerosLike(param.data),
    expAvg: zerosLike(param.data),
    expAvgSq: zerosLike(param.data),
    fallbackStep: 0,
  }),
  update(param, state, o) {
    // The Newton–Schulz iteration's X, X·…, XXᵀ and its polynomial, for the largest matrix, in θ's dtype.
    const scratch = scratchLike(param.data, scratchSize(param));
    let fallback = false;
    for (const { offset, size, shape } of paramTensors(param)) {
      const data = param.data.subarray(offset, offset + size);
      const grad = param.grad.subarray(offset, offset + size);
      if (shape.length !== 2) {
        const moments = {
          expAvg: state.expAvg.subarray(offset, offset + size),
          expAvgSq: state.expAvgSq.subarray(offset, offset + size),
        };
        const adamState: AdamState = { step: state.fallbackStep, ...moments };
        updateAdam({ data, grad }, adamState, fallbackOptions(o), 'decoupled');
        fallback = true;
        continue;
      }
      const [rows, cols] = shape;
      const buffer = state.momentumBuffer.subarray(offset, offset + size);
      const x = scratch.subarray(0, size);
      // X holds B̃, as G's layout or transposed (the iteration runs on the side with fewer rows).
      const transposed = rows > cols;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const i = r * cols + c;
          buffer[i] = lerp(buffer[i], grad[i], 1 - o.momentum);
          x[transposed ? c * rows + r : i] = o.nesterov ? lerp(grad[i], buffer[i], o.momentum) : buffer[i];
        }
      }
      const orthogonal = newtonSchulz(scratch, transposed ? cols : rows, transposed ? rows : cols, o);
      const adjustedLr = o.lr * LR_SCALE[o.adjustLrFn](rows, cols);
      const shrink = 1 - o.lr * o.weightDecay;
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const i = r * cols + c;
          data[i] = data[i] * shrink - adjustedLr * orthogonal[transposed ? c * rows + r : i];
        }
      }
    }
    if (fallback) state.fallbackStep++;
  },
});

/** AdamW's defaults with the group's lr and weight decay, for the tensors that are not matrices. */
function fallbackOptions(o: MuonOptions): AdamUpdateOptions {
  return { ...adamw.defaults, lr: o.lr, weightDecay: o.weightDecay };
}

/** η'/η for a rows × cols matrix (PyTorch `_adjust_lr`). */
const LR_SCALE: Record<MuonOptions['adjustLrFn'], (rows: number, cols: number) => number> = {
  original: (rows, cols) => Math.sqrt(Math.max(1, rows / cols)),
  match_rms_adamw: (rows, cols) => 0.2 * Math.sqrt(Math.max(rows, cols)),
  spectral_unclamped: (rows, cols) => Math.sqrt(rows / cols),
};

/** The scratch the largest matrix needs: X and X·… (n·m each) and two n × n matrices, n = min(rows, cols). */
function scratchSize(param: Param): number {
  let largest = 0;
  for (const { shape } of paramTensors(param)) {
    if (shape.length !== 2) continue;
    const n = Math.min(shape[0], shape[1]);
    const m = Math.max(shape[0], shape[1]);
    largest = Math.max(largest, 2 * n * m + 2 * n * n);
  }
  return largest;
}

/**
 * NS_k(X) for the n × m matrix X (n ≤ m) at the start of `scratch`, in place, in the order of PyTorch's
 * `_zeropower_via_newtonschulz`: X ← X/max(‖X‖_F, ε); k times A = X·Xᵀ, P = b·A + c·A·A (addmm), X ← a·X + P·X
 * (addmm). Returns the view of X.
 */
function newtonSchulz(scratch: FloatBuffer, n: number, m: number, o: MuonOptions): FloatBuffer {
  const kernels = getKernels();
  const x = scratch.subarray(0, n * m);
  const product = scratch.subarray(n * m, 2 * n * m);
  const gram = scratch.subarray(2 * n * m, 2 * n * m + n * n);
  const poly = scratch.subarray(2 * n * m + n * n, 2 * n * m + 2 * n * n);
  let norm = 0;
  for (let i = 0; i < x.length; i++) norm += x[i] * x[i];
  const divisor = Math.max(Math.sqrt(norm), o.eps);
  for (let i = 0; i < x.length; i++) x[i] /= divisor;
  const [a, b, c] = o.nsCoefficients;
  for (let k = 0; k < o.nsSteps; k++) {
    kernels.matmulTransposeB(x, x, gram, n, m, n);
    kernels.matmul(gram, gram, poly, n, n, n);
    for (let i = 0; i < poly.length; i++) poly[i] = b * gram[i] + c * poly[i];
    kernels.matmul(poly, x, product, n, n, m);
    for (let i = 0; i < x.length; i++) x[i] = a * x[i] + product[i];
  }
  return x;
}
