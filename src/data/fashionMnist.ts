/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf, 2017, arXiv:1708.07747): 70,000 grey 28×28 images of clothing in
 * 10 classes, 60,000 for training and 10,000 for testing, in the IDX format of MNIST.
 *
 * Pixels become x = p / 255 in [0, 1]. Standardising, x ← (x − mean) / std, is the caller's choice:
 * `normalize` does it with the statistics of the training pixels that are commonly used, mean 0.2860 and
 * std 0.3530 (as in `transforms.Normalize((0.2860,), (0.3530,))`).
 */
import { InputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { parseIdxImages, parseIdxLabels } from './idx.js';

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** The mean and standard deviation of the training pixels scaled to [0, 1]. */
export const FASHION_MNIST_MEAN = 0.286;
export const FASHION_MNIST_STD = 0.353;

/** The names under which the files are distributed. */
export const FASHION_MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/** The four files' bytes (each gzip-compressed or not). */
export type FashionMnistBytes = Record<keyof typeof FASHION_MNIST_FILES, Uint8Array>;

export function fashionMnistFromBytes(files: FashionMnistBytes): { train: Dataset; test: Dataset } {
  return {
    train: imageDataset(
      files.trainImages,
      files.trainLabels,
      FASHION_MNIST_FILES.trainImages,
      FASHION_MNIST_FILES.trainLabels,
    ),
    test: imageDataset(
      files.testImages,
      files.testLabels,
      FASHION_MNIST_FILES.testImages,
      FASHION_MNIST_FILES.testLabels,
    ),
  };
}

function imageDataset(imageBytes: Uint8Array, labelBytes: Uint8Array, imageName: string, labelName: string): Dataset {
  const { count, rows, cols, pixels } = parseIdxImages(imageBytes, imageName);
  const labels = parseIdxLabels(labelBytes, labelName);
  if (labels.length !== count)
    throw new InputError(`${labelName} has ${labels.length} labels but ${imageName} has ${count} images`);
  const classes = FASHION_MNIST_CLASSES.length;
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= classes)
      throw new InputError(`${labelName}: label ${labels[i]} of example ${i} is outside 0…${classes - 1}`);
    y[i] = labels[i];
  }
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = pixels[i] / 255;
  return {
    x,
    y,
    n: count,
    features: rows * cols,
    task: 'classification',
    classes,
    featureNames: Array.from({ length: rows * cols }, (_, i) => `pixel(${Math.floor(i / cols)},${i % cols})`),
    classNames: [...FASHION_MNIST_CLASSES],
  };
}

/**
 * Standardises the inputs in place, x ← (x − mean) / std, and returns the same dataset (in place because
 * the pixel array is large: 188 MB for the training set). Defaults: Fashion-MNIST's mean and std.
 */
export function normalize(ds: Dataset, mean = FASHION_MNIST_MEAN, std = FASHION_MNIST_STD): Dataset {
  if (!Number.isFinite(mean)) throw new InputError(`normalize: mean must be a finite number (got ${mean})`);
  if (!(std > 0 && Number.isFinite(std)))
    throw new InputError(`normalize: std must be a finite number > 0 (got ${std})`);
  const x = ds.x;
  for (let i = 0; i < x.length; i++) x[i] = (x[i] - mean) / std;
  return ds;
}
