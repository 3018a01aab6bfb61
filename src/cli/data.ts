/**
 * Reading datasets from disk (Node only); the parsing itself is in src/data/ and runs in the browser too.
 *
 * Fashion-MNIST comes from the Debian package dataset-fashion-mnist, which installs the four gzip files
 * under /usr/share/datasets/fashion-mnist/, or from any directory holding them (gzip-compressed or not).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  transformCsv,
  parseCsvDataset,
  type CsvDatasetOptions,
  type CsvPreprocessor,
  type CsvTableOptions,
} from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { FASHION_MNIST_FILES, fashionMnistFromBytes, type FashionMnistBytes } from '../data/fashionMnist.js';
import { InputError } from '../errors.js';

export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

const INSTALL_HINT = 'install it with `apt-get install dataset-fashion-mnist` (Debian) or pass --data DIR';

/** The Fashion-MNIST training and test sets from `dir`; a missing directory or file says how to get it. */
export function loadFashionMnist(dir = DEFAULT_FASHION_MNIST_DIR): { train: Dataset; test: Dataset } {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new InputError(`Fashion-MNIST: no directory ${dir}; ${INSTALL_HINT}`);
  }
  const bytes: Partial<FashionMnistBytes> = {};
  for (const [key, file] of Object.entries(FASHION_MNIST_FILES) as [keyof FashionMnistBytes, string][]) {
    bytes[key] = readBytes(findFile(dir, file));
  }
  return fashionMnistFromBytes(bytes as FashionMnistBytes);
}

/** `dir/name`, or the uncompressed `dir/name` without '.gz' when only that exists. */
function findFile(dir: string, name: string): string {
  const path = join(dir, name);
  if (existsSync(path)) return path;
  const plain = join(dir, name.replace(/\.gz$/, ''));
  if (existsSync(plain)) return plain;
  throw new InputError(`Fashion-MNIST: missing ${path}; ${INSTALL_HINT}`);
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${reason(error)}`);
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${reason(error)}`);
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return String(code ?? (error as Error).message);
}

/** A CSV file as a training set (and a validation set with `validationFraction`); errors name the file. */
export function loadCsvFile(
  path: string,
  options: Omit<CsvDatasetOptions, 'source'>,
): ReturnType<typeof parseCsvDataset> {
  return parseCsvDataset(readText(path), { ...options, source: path });
}

/** A CSV file (a test set) preprocessed by a preprocessor fitted on training data. */
export function loadCsvTestFile(
  path: string,
  preprocessor: CsvPreprocessor,
  options: Omit<CsvTableOptions, 'source'> = {},
): Dataset {
  return transformCsv(readText(path), preprocessor, { ...options, source: path });
}
