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
 *
 * The quintic's coefficients push every singular value of X towards 1 (roughly into [0.7, 1.2]), so O is
 * close to UVᵀ of B̃'s SVD. PyTorch runs the iteration in bfloat16; downhill in the parameters' dtype, so
 * the two agree only to bfloat16's precision (about 1e-2 relative).
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
import { elementwise, zerosLike, type FloatBuffer } from './optimizer.js';
import { paramTensors } from './paramTensors.js';
import { lerp } from './pytorchArithmetic.js';

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
  adjustLrFn: choice(['original', 'match_rms_adamw'], {
    default: 'original',
    help: "the lr's scale per matrix: √max(1, rows/cols) or 0.2·√max(rows, cols)",
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
      const direction = new Float64Array(size);
      for (let i = 0; i < size; i++) {
        buffer[i] = lerp(buffer[i], grad[i], 1 - o.momentum);
        direction[i] = o.nesterov ? lerp(grad[i], buffer[i], o.momentum) : buffer[i];
      }
      const orthogonal = newtonSchulz(direction, rows, cols, o);
      const scale =
        o.adjustLrFn === 'original' ? Math.sqrt(Math.max(1, rows / cols)) : 0.2 * Math.sqrt(Math.max(rows, cols));
      const adjustedLr = o.lr * scale;
      for (let i = 0; i < size; i++) data[i] = data[i] * (1 - o.lr * o.weightDecay) - adjustedLr * orthogonal[i];
    }
    if (fallback) state.fallbackStep++;
  },
});

/** AdamW's defaults with the group's lr and weight decay, for the tensors that are not matrices. */
function fallbackOptions(o: MuonOptions): AdamUpdateOptions {
  return { ...adamw.defaults, lr: o.lr, weightDecay: o.weightDecay };
}

/**
 * NS_k(G) for a rows × cols matrix (row-major): the iteration on X = G or Gᵀ, whichever has fewer rows, so
 * that A = XXᵀ is the smaller Gram matrix; the result in G's layout.
 */
function newtonSchulz(g: Float64Array, rows: number, cols: number, o: MuonOptions): Float64Array {
  const transposed = rows > cols;
  const [n, m] = transposed ? [cols, rows] : [rows, cols];
  let x = new Float64Array(n * m);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) x[transposed ? c * m + r : r * m + c] = g[r * cols + c];
  let norm = 0;
  for (let i = 0; i < x.length; i++) norm += x[i] * x[i];
  const divisor = Math.max(Math.sqrt(norm), o.eps);
  for (let i = 0; i < x.length; i++) x[i] /= divisor;
  const [a, b, c] = o.nsCoefficients;
  for (let k = 0; k < o.nsSteps; k++) {
    const gram = multiply(x, transpose(x, n, m), n, m, n);
    const square = multiply(gram, gram, n, n, n);
    const poly = gram.map((v, i) => b * v + c * square[i]);
    const next = multiply(poly, x, n, n, m);
    x = x.map((v, i) => a * v + next[i]);
  }
  return transposed ? transpose(x, n, m) : x;
}

/** (p × q)·(q × r), row-major. */
function multiply(left: Float64Array, right: Float64Array, p: number, q: number, r: number): Float64Array {
  const out = new Float64Array(p * r);
  for (let i = 0; i < p; i++)
    for (let k = 0; k < q; k++) for (let j = 0; j < r; j++) out[i * r + j] += left[i * q + k] * right[k * r + j];
  return out;
}

/** The transpose of a p × q matrix. */
function transpose(x: Float64Array, p: number, q: number): Float64Array {
  const out = new Float64Array(p * q);
  for (let i = 0; i < p; i++) for (let j = 0; j < q; j++) out[j * p + i] = x[i * q + j];
  return out;
}
