/** downhill's public API. */
export { InputError, NumericalError } from './errors.js';

// Tensors, reverse-mode autodiff and the kernels under them.
export { Tensor, type DType, type Storage, type Shape, type NestedArray, type NestedInput } from './tensor/tensor.js';
export { Random, type RandomState } from './tensor/random.js';
export { StoragePool, storageStats, type StorageStats } from './tensor/storagePool.js';
export { noGrad, enableGrad, isGradEnabled } from './autograd/grad.js';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './autograd/gradcheck.js';
export { gradient, hessian, hessianVectorProduct, type ScalarFunction } from './autograd/hessian.js';
export { mseLoss, crossEntropy, binaryCrossEntropyWithLogits, type Reduction } from './autograd/ops/losses.js';
export { getKernels, setKernels, type Kernels, type UnaryOp, type BinaryOp } from './kernels/kernels.js';
export { tsKernels } from './kernels/ts/index.js';

// Layers, models, initialisers, penalties, one flat parameter buffer per model, weight files.
export * from './nn/index.js';

// Data: datasets, mini-batches, Fashion-MNIST from its IDX bytes, CSV tables, toy sets.
export { subset, trainValidationSplit, splitIndices, type Dataset, type Task } from './data/dataset.js';
export { DataLoader, type Batch, type DataLoaderOptions, type DataLoaderState } from './data/dataLoader.js';
export { parseIdx, parseIdxImages, parseIdxLabels } from './data/idx.js';
export {
  fashionMnistFromBytes,
  normalize,
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_MEAN,
  FASHION_MNIST_STD,
} from './data/fashionMnist.js';
export {
  parseCsvTable,
  fitPreprocessor,
  transform,
  parseCsvDataset,
  transformCsv,
  type CsvTable,
  type CsvPreprocessor,
} from './data/csv.js';
export {
  circle,
  xor,
  gaussians,
  spiral,
  moons,
  noisyLine,
  gaborData,
  toyDataset,
  toyDatasetNames,
  toyDatasets,
} from './data/toy.js';
export {
  gaborBookData,
  lineBookData,
  logisticBookData,
  shallowNetworkBookData,
  GABOR_BOOK,
  LINE_BOOK,
  LOGISTIC_BOOK,
  SHALLOW_NETWORK_BOOK,
} from './data/book.js';

// Training: the fit loop, evaluation, checkpoints (weights as .safetensors, the rest as JSON).
export {
  fit,
  fitAsync,
  type FitAsyncOptions,
  type FitResult,
  type FitOptions,
  type FitEvent,
  type FitScheduleSpec,
  type EarlyStoppingOptions,
  type Divergence,
} from './train/fit.js';
export { evaluate, type Evaluation, type EvaluateOptions } from './train/evaluate.js';
export { WeightAverage, type WeightAverageOptions, type AveragingMode } from './train/weightAverage.js';
export { packCheckpoint, unpackCheckpoint, type CheckpointFiles } from './train/checkpoint.js';
export type { TrainingState, EpochMetrics } from './train/state.js';
export {
  encodeSafetensors,
  decodeSafetensors,
  type NamedTensor,
  type SafetensorsFile,
  type SafetensorsDType,
} from './util/safetensors.js';

// Optimizers: the machinery, PyTorch's algorithms, the course's textbook forms, and clipping.
export {
  Optimizer,
  ElementwiseOptimizer,
  elementwise,
  zerosLike,
  type BaseOptions,
  type Closure,
  type ElementwiseAlgorithm,
  type FloatBuffer,
  type GroupSpec,
  type HessianClosure,
  type OptimizerFactory,
  type OptimizerStateDict,
  type Param,
  type ParamGroup,
  type ParamsInput,
} from './optim/optimizer.js';
export { sgd, type SgdOptions } from './optim/sgd.js';
export { adam, type AdamOptions } from './optim/adam.js';
export { adamw, type AdamWOptions } from './optim/adamw.js';
export { adagrad, type AdagradOptions } from './optim/adagrad.js';
export { rmsprop, type RmspropOptions } from './optim/rmsprop.js';
export { adadelta, type AdadeltaOptions } from './optim/adadelta.js';
export { adamax, type AdamaxOptions } from './optim/adamax.js';
export { nadam, type NadamOptions } from './optim/nadam.js';
export { radam, type RadamOptions } from './optim/radam.js';
export { yogi, type YogiOptions } from './optim/yogi.js';
export { adafactor, type AdafactorOptions } from './optim/adafactor.js';
export { muon, type MuonOptions } from './optim/muon.js';
export { asgd, type AsgdOptions } from './optim/asgd.js';
export { rprop, type RpropOptions } from './optim/rprop.js';
export { swats, SwatsOptimizer, type SwatsOptions } from './optim/swats.js';
export { lbfgs, LbfgsOptimizer, type LbfgsOptions } from './optim/lbfgs.js';
export {
  nesterov,
  NesterovOptimizer,
  normalizedGd,
  type NesterovOptions,
  type NormalizedGdOptions,
} from './optim/textbook.js';
export {
  gd,
  GdOptimizer,
  bracketLineSearch,
  armijoBacktracking,
  type GdOptions,
  type BracketStep,
  type BracketResult,
  type ArmijoResult,
} from './optim/lineSearch.js';
export { newton, NewtonOptimizer, type NewtonOptions } from './optim/newton.js';
export { clipGradNorm, clipGradValue } from './optim/clip.js';
export { chain, ChainedOptimizer, type ChainSpec, type OptimizerSpec } from './optim/chain.js';
export {
  addDecayedWeights,
  clipByGlobalNorm,
  clipByValue,
  type GradientTransform,
  type TransformSpec,
} from './optim/transforms.js';
export {
  createOptimizer,
  optimizerNames,
  optimizers,
  type OptimizerEntry,
  type OptimizerKind,
} from './optim/registry.js';

// Learning-rate schedules.
export type { Schedule, ScheduleSpec } from './schedules/schedule.js';
export { stepLR, type StepLROptions } from './schedules/stepLR.js';
export { multiStepLR, type MultiStepLROptions } from './schedules/multiStepLR.js';
export { exponentialLR, type ExponentialLROptions } from './schedules/exponentialLR.js';
export { cosineAnnealingLR, type CosineAnnealingLROptions } from './schedules/cosineAnnealingLR.js';
export {
  cosineAnnealingWarmRestarts,
  type CosineAnnealingWarmRestartsOptions,
} from './schedules/cosineAnnealingWarmRestarts.js';
export { oneCycleLR, type OneCycleLROptions } from './schedules/oneCycleLR.js';
export { cyclicLR, type CyclicLROptions } from './schedules/cyclicLR.js';
export { linearLR, type LinearLROptions } from './schedules/linearLR.js';
export { constantLR, type ConstantLROptions } from './schedules/constantLR.js';
export { polynomialLR, type PolynomialLROptions } from './schedules/polynomialLR.js';
export { sequentialLR, type SequentialLROptions } from './schedules/sequentialLR.js';
export { reduceLROnPlateau, type ReduceLROnPlateauOptions } from './schedules/reduceLROnPlateau.js';
export { lambdaLR, type LambdaLROptions } from './schedules/lambdaLR.js';
export { multiplicativeLR, type MultiplicativeLROptions } from './schedules/multiplicativeLR.js';
export { swaLR, type SwaLROptions } from './schedules/swaLR.js';
export { createSchedule, scheduleNames, schedules, warmup, type ScheduleEntry } from './schedules/registry.js';
export { expandWarmup, type WarmupOptions } from './schedules/warmup.js';

// 2-D problems.
export { defineSurface, type Point, type Surface, type SurfaceDefinition, type Window } from './problems/surface.js';
export { classifyCriticalPoint, type CriticalKind, type CriticalPoint } from './problems/classify.js';
export { quadratic } from './problems/quadratic.js';
export { rosenbrock } from './problems/rosenbrock.js';
export { beale } from './problems/beale.js';
export { himmelblau } from './problems/himmelblau.js';
export { saddle } from './problems/saddle.js';
export { rastrigin } from './problems/rastrigin.js';
export { finiteSumSurface, isFiniteSum, type FiniteSumSurface, type ExampleTerm } from './problems/finiteSum.js';
export { gaborSurface } from './problems/gabor.js';
export { linearRegressionSurface } from './problems/linearRegression.js';
export { logisticRegressionSurface } from './problems/logisticRegression.js';
export { shallowNetworkSurface } from './problems/shallowNetworkSlice.js';
export { createSurface, surfaceNames, surfaces, type SurfaceEntry } from './problems/registry.js';

// Traces of an optimizer on a surface, and the specs and configs that describe them.
export { parseTraceConfig, traceSettings, type TraceConfig } from './trace/config.js';
export { runTrace, traceSurface, type TraceResult } from './trace/trace.js';
export { parseSpec, type Spec } from './config/spec.js';
export { registry, type Registry, type RegistryEntry } from './config/registry.js';
export {
  settingsTable,
  number,
  integer,
  boolean,
  choice,
  text,
  spec,
  point,
  list,
  object,
  formatSpec,
  flagName,
  type Setting,
  type SettingControl,
  type SettingsTable,
  type SettingsValues,
  type Values,
} from './config/settings.js';
export { dataSources, dataSourceOf, type DataSourceEntry } from './data/sources.js';
export { trainSettings, parseRunConfig, toFitOptions, type RunConfig } from './train/runConfig.js';
export { fitSettings } from './train/fitOptions.js';
export { raceSettings } from './plot/raceConfig.js';
export { encodeState, decodeState, type JsonValue } from './util/serialize.js';
export { provideOptionalPackage } from './util/optionalPackage.js';

// Pictures: scenes drawn to SVG or any Canvas 2D context; the course's figures; races of optimizers.
export type { Scene, Mark, Rect } from './plot/scene.js';
export { renderSvg } from './plot/svg.js';
export { renderCanvas, type Canvas2D } from './plot/canvas.js';
export { FIGURES, figureNames, figures, type FigureEntry } from './plot/figures/registry.js';
export { raceAnimation, type RaceInput, type RaceRun } from './plot/race.js';
export { stillScene, frameScene, type Animation, type AnimatedPath, type Frame } from './plot/animation.js';
export type { Figure } from './plot/figure.js';

// Expression surfaces and the WebAssembly kernels.
export { expressionSurface, compileExpression } from './problems/expression.js';
export { wasmKernels, initWasmKernels, wasmKernelsAvailable, createWasmKernels } from './kernels/wasm/index.js';
export { selectKernels, kernelsNamed, KERNEL_NAMES, type KernelName } from './kernels/wasm/select.js';
export { MatmulPool, type PoolPlatform, type WaitMode } from './kernels/wasm/pool.js';
export { createThreadedWasmKernels } from './kernels/wasm/poolKernels.js';
export { createBrowserMatmulPool, type BrowserMatmulPoolOptions } from './browser/matmulPool.js';
export { serveMatmulWorker } from './browser/matmulWorker.js';
