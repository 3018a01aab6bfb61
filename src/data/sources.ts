/**
 * Where a training run's data comes from, by the name `downhill train --dataset` takes: Fashion-MNIST, the
 * user's CSV file (`csv:FILE`), or a toy set. Reading the files is Node-only (src/cli/data.ts); this is the
 * list of names, shared by the train settings, `downhill list datasets` and the lab.
 */
import { registry, type RegistryEntry } from '../config/registry.js';
import { parseSpec } from '../config/spec.js';
import { InputError } from '../errors.js';
import type { Random } from '../tensor/random.js';
import type { Dataset } from './dataset.js';
import { toyDataset, toyDatasets, type ToyOptions } from './toy.js';

export interface DataSourceEntry extends RegistryEntry {
  /** Read from files (Node only), or generated from a seed (anywhere, the browser included). */
  readonly origin: 'file' | 'toy';
}

const toys = Object.fromEntries(
  toyDatasets.entries().map(([name, entry]) => [name, { origin: 'toy' as const, summary: entry.summary }]),
);

export const dataSources = registry<DataSourceEntry>(
  'dataset',
  {
    fashionMnist: {
      origin: 'file',
      aliases: ['fashion-mnist'],
      summary: 'Fashion-MNIST (Debian: dataset-fashion-mnist), 28×28 images in 10 classes',
    },
    csv: {
      origin: 'file',
      summary: 'your CSV file, written csv:FILE (a header, and --target naming the column to predict)',
    },
    ...toys,
  },
  `fashion-mnist, csv:FILE, ${toyDatasets.names.join(', ')}`,
);

/**
 * The source a --dataset value names: `csv:path/to/file.csv` → csv, `Fashion_MNIST` → fashionMnist,
 * `spiral:classes=3,n=500` → spiral. A toy set's options (n, noise, classes, …) are checked here too.
 */
export function dataSourceOf(dataset: string): string {
  if (/^csv:/i.test(dataset)) return 'csv';
  const { name, ...options } = parseSpec('dataset', dataset);
  const source = dataSources.canonical(name);
  if (dataSources.get(source).origin === 'toy') checkToyOptions(source, options);
  else if (Object.keys(options).length > 0)
    throw new InputError(`dataset '${name}' takes no options (got '${dataset}')`);
  return source;
}

function checkToyOptions(name: string, options: Record<string, unknown>): void {
  const valid = ['n', 'noise', ...toyDatasets.get(name).extra];
  for (const [key, value] of Object.entries(options)) {
    if (!valid.includes(key))
      throw new InputError(`dataset ${name}: unknown option '${key}'; valid options: ${valid.join(', ')}`);
    if (typeof value !== 'number')
      throw new InputError(`dataset ${name}: ${key} must be a number (got ${JSON.stringify(value)})`);
  }
}

/** The toy set a --dataset value names with its options, e.g. `gaussians:classes=3,n=500,noise=0.1`. */
export function toyDatasetFromSpec(dataset: string, random: Random): Dataset {
  const { name, ...options } = parseSpec('dataset', dataset);
  checkToyOptions(toyDatasets.canonical(name), options);
  return toyDataset(name, { ...(options as Omit<ToyOptions, 'random'>), random });
}
