/** Layers, models, initialisers, penalties, parameter packing and weight files (issue 4 §2). */
export { Module } from './module.js';
export { Sequential } from './sequential.js';
export { Linear, INIT_NAMES, type InitName, type LinearInit, type LinearOptions } from './linear.js';
export {
  Activation,
  ReLU,
  LeakyReLU,
  ELU,
  Tanh,
  Sigmoid,
  Softmax,
  activation,
  activationNames,
  type ActivationName,
} from './activations.js';
export { Dropout, dropout } from './dropout.js';
export { BatchNorm1d, type BatchNormOptions } from './batchNorm.js';
export * as init from './init.js';
export { packParameters, type ParameterEntry, type ParameterStore } from './parameters.js';
export { l1Penalty, l2Penalty } from './regularization.js';
export { GaborModel, gabor, type GaborOptions } from './gabor.js';
export { ShallowNetwork, type ShallowNetworkOptions } from './shallowNetwork.js';
export {
  mlp,
  linearRegression,
  logisticRegression,
  gaborModel,
  shallowNetwork,
  type MlpOptions,
  type RegressionOptions,
} from './models.js';
export { modelToSafetensors, loadWeights } from './weights.js';
export { linear } from '../autograd/ops/linear.js';
