/**
 * The models `downhill train --model` names:
 *
 *   mlp:256,128   a multi-layer perceptron with those hidden widths (nn.Sequential of nn.Linear layers,
 *                 with the chosen activation, and optionally BatchNorm1d and Dropout)
 *   linear        one Linear layer: linear regression (or, on classes, the same as logistic)
 *   logistic      one Linear layer giving class logits: logistic (softmax) regression
 *
 * The inputs and outputs come from the data: one output per class (one logit for bce), or per
 * regression target.
 */
import { registry, type RegistryEntry } from '../config/registry.js';
import { InputError } from '../errors.js';
import { linearRegression, logisticRegression, mlp } from '../nn/models.js';
import type { Module } from '../nn/module.js';
import type { Random } from '../tensor/random.js';

export const models = registry<RegistryEntry>('model', {
  mlp: { summary: 'a multi-layer perceptron, mlp:W1,W2,… (hidden widths), with the chosen activation' },
  linear: { summary: 'one Linear layer: linear regression' },
  logistic: { summary: 'one Linear layer giving class logits: logistic (softmax) regression' },
});

export type ModelSpec = { kind: 'mlp'; hidden: number[] } | { kind: 'linear' } | { kind: 'logistic' };

export interface ModelShape {
  inputs: number;
  outputs: number;
  task: 'classification' | 'regression';
  activation: string;
  dropout: number;
  batchNorm: boolean;
  random: Random;
}

export function parseModelSpec(text: string): ModelSpec {
  const [name, widths, ...rest] = text.trim().split(':');
  const kind = models.has(name) ? models.canonical(name) : name;
  if ((kind === 'linear' || kind === 'logistic') && widths === undefined) return { kind };
  if (kind === 'mlp' && widths !== undefined && rest.length === 0) {
    const hidden = widths.split(',').map((w) => Number(w.trim()));
    if (hidden.length > 0 && hidden.every((w) => Number.isInteger(w) && w >= 1)) return { kind, hidden };
  }
  throw new InputError(
    `model must be mlp:W1,W2,… (hidden layer widths, integers >= 1), linear or logistic (got '${text}')`,
  );
}

/**
 * The number of values the model holds: each Linear layer's (in + 1) × out weights and biases, and with
 * batch norm each hidden layer's weight, bias, running mean and running variance (4 × width).
 */
export function modelSize(spec: ModelSpec, shape: Pick<ModelShape, 'inputs' | 'outputs' | 'batchNorm'>): number {
  const widths = [shape.inputs, ...(spec.kind === 'mlp' ? spec.hidden : []), shape.outputs];
  let size = 0;
  for (let i = 1; i < widths.length; i++) size += (widths[i - 1] + 1) * widths[i];
  if (spec.kind === 'mlp' && shape.batchNorm) size += 4 * spec.hidden.reduce((a, b) => a + b, 0);
  return size;
}

export function buildModel(spec: ModelSpec, shape: ModelShape): Module {
  const { inputs, outputs, task, activation, dropout, batchNorm, random } = shape;
  if (spec.kind === 'mlp') return mlp({ inputs, hidden: spec.hidden, outputs, activation, dropout, batchNorm, random });
  if (dropout > 0 || batchNorm)
    throw new InputError(`model '${spec.kind}' has no hidden layers for dropout or batch norm; use mlp:W1,…`);
  if (spec.kind === 'logistic') {
    if (task !== 'classification')
      throw new InputError("model 'logistic' needs a classification task; use 'linear' for regression");
    return logisticRegression(inputs, outputs, { random });
  }
  return linearRegression(inputs, outputs, { random });
}
