/**
 * Weight initialisers, with the formulas of torch.nn.init (PyTorch 1.13); each fills a tensor in place
 * from a seeded Random and returns it.
 *
 *   uniform(a, b)          U(a, b)
 *   normal(mean, std)      N(mean, std²)
 *   xavierUniform(gain)    U(−B, B),  B = gain·√(6 / (fanIn + fanOut))      Glorot & Bengio (2010)
 *   xavierNormal(gain)     N(0, σ²),  σ = gain·√(2 / (fanIn + fanOut))
 *   kaimingUniform         U(−B, B),  B = √3·gain/√fan                        He et al. (2015)
 *   kaimingNormal          N(0, σ²),  σ = gain/√fan
 *   pytorchDefault         nn.Linear's reset_parameters: kaimingUniform(a = √5) for the weight, which
 *                          is U(−1/√fanIn, 1/√fanIn), and the same bound for the bias
 *
 * For a weight [out, in, k…], fanIn = in·Πk and fanOut = out·Πk (torch.nn.init._calculate_fan_in_and_fan_out);
 * `fan` is fanIn (mode 'fanIn', which keeps the forward variance) or fanOut ('fanOut', the backward one).
 * The gain compensates the activation's effect on the variance (torch.nn.init.calculate_gain): 1 for
 * linear and sigmoid, 5/3 for tanh, √2 for relu, √(2 / (1 + a²)) for leaky relu of slope a, 3/4 for selu;
 * an activation's gain is in its row of src/kernels/unaryOps.ts.
 * PyTorch's kaiming default nonlinearity is 'leakyRelu' with a = 0, i.e. gain √2.
 */
import { InputError } from '../errors.js';
import { unaryOpNames, unaryOpRow, type UnaryOp, type unaryOps } from '../kernels/unaryOps.js';
import type { Random } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** The activations of the table of unary ops whose gain PyTorch defines. */
type GainName = { [K in UnaryOp]: (typeof unaryOps)[K] extends { gain: unknown } ? K : never }[UnaryOp];
const gainNames = unaryOpNames.filter((op) => unaryOpRow(op).gain !== undefined) as GainName[];

export type Nonlinearity = 'linear' | GainName | 'selu';
export type FanMode = 'fanIn' | 'fanOut';

export interface KaimingOptions {
  /** The negative slope of the leaky relu that follows (only used with nonlinearity 'leakyRelu'). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

export function uniform(tensor: Tensor, random: Random, low = 0, high = 1): Tensor {
  if (!Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new InputError(`uniform: needs finite bounds with low <= high (got ${low} and ${high})`);
  }
  random.fillUniform(tensor.data, low, high);
  return tensor;
}

export function normal(tensor: Tensor, random: Random, mean = 0, std = 1): Tensor {
  if (!Number.isFinite(mean)) throw new InputError(`normal: mean must be finite (got ${mean})`);
  if (!(std >= 0 && Number.isFinite(std))) throw new InputError(`normal: std must be finite and >= 0 (got ${std})`);
  random.fillNormal(tensor.data, mean, std);
  return tensor;
}

export function xavierUniform(tensor: Tensor, random: Random, gain = 1): Tensor {
  checkGain('xavierUniform', gain);
  const { fanIn, fanOut } = fans('xavierUniform', tensor);
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(tensor, random, -bound, bound);
}

export function xavierNormal(tensor: Tensor, random: Random, gain = 1): Tensor {
  checkGain('xavierNormal', gain);
  const { fanIn, fanOut } = fans('xavierNormal', tensor);
  return normal(tensor, random, 0, gain * Math.sqrt(2 / (fanIn + fanOut)));
}

export function kaimingUniform(tensor: Tensor, random: Random, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd('kaimingUniform', tensor, options);
  return uniform(tensor, random, -bound, bound);
}

export function kaimingNormal(tensor: Tensor, random: Random, options: KaimingOptions = {}): Tensor {
  return normal(tensor, random, 0, kaimingStd('kaimingNormal', tensor, options));
}

/** nn.Linear's initialisation: weight and bias from U(−1/√fanIn, 1/√fanIn). */
export function pytorchDefault(weight: Tensor, bias: Tensor | null, random: Random): void {
  kaimingUniform(weight, random, { a: Math.sqrt(5) });
  if (bias === null) return;
  const { fanIn } = fans('pytorchDefault', weight);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  uniform(bias, random, -bound, bound);
}

/** Gains of the nonlinearities that are not activations of the table: the identity, and SELU (PyTorch's 3/4). */
const OTHER_GAINS = { linear: 1, selu: 3 / 4 } as const;

/** The recommended gain for a nonlinearity (torch.nn.init.calculate_gain); `param` is its constant (leaky relu's slope, default 0.01). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (Object.hasOwn(OTHER_GAINS, nonlinearity)) return OTHER_GAINS[nonlinearity as keyof typeof OTHER_GAINS];
  const row = gainNames.includes(nonlinearity as GainName) ? unaryOpRow(nonlinearity as GainName) : undefined;
  if (row?.gain === undefined) {
    throw new InputError(
      `calculateGain: unknown nonlinearity ${JSON.stringify(nonlinearity)}; valid: ${[...Object.keys(OTHER_GAINS), ...gainNames].join(', ')}`,
    );
  }
  const value = param ?? row.param?.default ?? 0;
  if (!Number.isFinite(value))
    throw new InputError(
      `calculateGain: the ${nonlinearity} ${row.param?.name ?? 'constant'} must be a finite number (got ${value})`,
    );
  return row.gain(value);
}

/** fanIn = shape[1]·Πshape[2:], fanOut = shape[0]·Πshape[2:]; needs at least 2 axes. */
export function fans(op: string, tensor: Tensor): { fanIn: number; fanOut: number } {
  if (tensor.rank < 2) {
    throw new InputError(
      `${op}: fan in and fan out need a tensor of at least 2 dimensions (got shape ${formatShape(tensor.shape)})`,
    );
  }
  const receptiveField = tensor.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: tensor.shape[1] * receptiveField, fanOut: tensor.shape[0] * receptiveField };
}

function kaimingStd(
  op: string,
  tensor: Tensor,
  { a = 0, mode = 'fanIn', nonlinearity = 'leakyRelu' }: KaimingOptions,
): number {
  if (mode !== 'fanIn' && mode !== 'fanOut')
    throw new InputError(`${op}: mode must be 'fanIn' or 'fanOut' (got ${JSON.stringify(mode)})`);
  const { fanIn, fanOut } = fans(op, tensor);
  const fan = mode === 'fanIn' ? fanIn : fanOut;
  if (fan === 0)
    throw new InputError(`${op}: cannot initialise a tensor with zero elements (shape ${formatShape(tensor.shape)})`);
  return calculateGain(nonlinearity, a) / Math.sqrt(fan);
}

function checkGain(op: string, gain: number): void {
  if (!(gain >= 0 && Number.isFinite(gain))) throw new InputError(`${op}: gain must be finite and >= 0 (got ${gain})`);
}
